"use client";
// The 会议请假 form: the approval path from GET …/preview?kind=meeting_excuse&meeting_id=… as the meeting changes
// (or why this meeting cannot be excused), then POST /api/approvals/applications; refusals are worded from their
// reason codes, anything else shows the server's message.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Button, Card, Textarea } from "@/components/ui/light";
import { FIELD_CLASS } from "@/components/ui/variants";
import { useTranslations } from "@/i18n/client";

type Mode = "single" | "all" | "any";
interface Preview {
  path: { mode: Mode; approvers: { id: number; name: string }[] }[];
  problem: string | null;
  problem_reason?: string;
}
type State = { kind: "idle" } | { kind: "sending" } | { kind: "error"; message: string };
interface Option {
  id: number;
  when: "before" | "after";
  label: string;
  /** Named in ?m= but not excusable now: shown so the preview can say why. */
  unavailable?: boolean;
}

const REASONS = ["not_invited", "meeting_cancelled", "already_excused", "already_pending", "already_checked_in", "in_progress", "not_absent", "too_late", "no_flow", "no_approver"];

export function ExcuseForm({ meetings, categories, initialMeetingId, daysAfter }: { meetings: Option[]; categories: readonly string[]; initialMeetingId: number | null; daysAfter: number }) {
  const t = useTranslations("meetingExcuse");
  const router = useRouter();
  const [meetingId, setMeetingId] = useState<number | null>(initialMeetingId);
  const [category, setCategory] = useState(categories[0] ?? "");
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [state, setState] = useState<State>({ kind: "idle" });
  const [requestId] = useState(() => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : undefined));
  const worded = (code: string | undefined, fallback: string) => (code && REASONS.includes(code) ? t(`refusal.${code}`, { days: daysAfter }) : fallback);

  useEffect(() => {
    if (meetingId === null) return;
    let live = true;
    fetch(`/api/approvals/applications/preview?kind=meeting_excuse&meeting_id=${meetingId}`, { cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<Preview>) : null))
      .then((p) => live && setPreview(p))
      .catch(() => live && setPreview(null));
    return () => {
      live = false;
    };
  }, [meetingId]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (meetingId === null) return;
    setState({ kind: "sending" });
    let r: Response;
    try {
      r = await fetch("/api/approvals/applications", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ kind: "meeting_excuse", meeting_id: meetingId, category, reason, request_id: requestId }),
        cache: "no-store",
      });
    } catch {
      setState({ kind: "error", message: t("network") });
      return;
    }
    const res = (await r.json().catch(() => ({}))) as { item_id?: number; message?: string; reason?: string };
    if (r.ok && res.item_id) {
      router.push(`/todos/approvals/${res.item_id}`);
      return;
    }
    setState({ kind: "error", message: r.status < 500 && res.message ? worded(res.reason, res.message) : t("failed") });
  }

  const chosen = meetings.find((m) => m.id === meetingId);
  const field = `${FIELD_CLASS} block h-11`;
  if (meetingId === null) {
    return <Card className="p-4 text-[14px] leading-6 text-slate-600" data-testid="excuse-none">{t("noMeetings", { days: daysAfter })}</Card>;
  }
  const blocked = !preview || preview.problem !== null;
  return (
    <form onSubmit={submit} className="space-y-3" data-testid="apply-meeting_excuse">
      <Card className="space-y-3 p-4">
        <label className="block text-[14px] font-medium text-slate-900">
          {t("meeting")}
          <select className={`${field} mt-1`} value={meetingId} onChange={(e) => {
              setPreview(null);
              setMeetingId(Number(e.target.value));
            }} data-testid="excuse-meeting">
            {meetings.map((m) => (
              <option key={m.id} value={m.id}>{m.when === "after" ? `${t("after")} · ${m.label}` : m.label}</option>
            ))}
          </select>
        </label>
        {chosen && !chosen.unavailable ? <p className="text-[13px] text-slate-500" data-testid="excuse-hint">{t(chosen.when === "after" ? "afterHint" : "beforeHint")}</p> : null}
        <label className="block text-[14px] font-medium text-slate-900">
          {t("category")}
          <select className={`${field} mt-1`} value={category} onChange={(e) => setCategory(e.target.value)} data-testid="excuse-category">
            {categories.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        </label>
        <label className="block text-[14px] font-medium text-slate-900">
          {t("reason")}
          <Textarea className="mt-1" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder={t("reasonPlaceholder")} required data-testid="apply-reason" />
        </label>
      </Card>

      <Card className="space-y-2 p-4" data-testid="apply-path">
        <p className="text-[14px] font-medium text-slate-900">{t("path")}</p>
        {preview === null ? (
          <p className="text-[13px] text-slate-500">{t("pathLoading")}</p>
        ) : preview.problem ? (
          <p className="text-[13px] text-rose-600" role="alert" data-testid="apply-no-path" data-reason={preview.problem_reason ?? ""}>{t("noPath", { problem: worded(preview.problem_reason, preview.problem) })}</p>
        ) : (
          <ol className="space-y-1 text-[14px] text-slate-700">
            {preview.path.map((s, i) => (
              <li key={i} data-testid="apply-path-step">
                {t("pathStep", { n: i + 1 })} · {t(`mode.${s.mode}`)} · {s.approvers.map((a) => a.name).join("、")}
              </li>
            ))}
          </ol>
        )}
      </Card>

      {state.kind === "error" ? (
        <p className="rounded-xl bg-rose-50 px-3 py-2 text-[14px] text-rose-700" role="alert" data-testid="apply-error">{state.message}</p>
      ) : null}
      <Button type="submit" size="lg" block disabled={state.kind === "sending" || blocked} data-testid="apply-submit">
        {state.kind === "sending" ? t("sending") : t("submit")}
      </Button>
    </form>
  );
}
