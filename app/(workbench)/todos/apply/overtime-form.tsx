"use client";
// The 加班 form: date, start and end (an end before the start runs into the next day), 调休 or 加班费, reason; the
// approval path from GET …/preview as the times change, then POST /api/approvals/applications. The server's reasons
// (400/422: overlap, too old, too long) are shown as they come. No zod here (workbench page budget).
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { Button, Card, Textarea } from "@/components/ui/light";
import { FIELD_CLASS } from "@/components/ui/variants";
import { useTranslations } from "@/i18n/client";

type Mode = "single" | "all" | "any";
interface Preview {
  path: { mode: Mode; approvers: { id: number; name: string }[] }[];
  problem: string | null;
}
type State = { kind: "idle" } | { kind: "sending" } | { kind: "error"; message: string };

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export function OvertimeForm({ today }: { today: string }) {
  const t = useTranslations("approvalOvertime");
  const ta = useTranslations("approvalApply");
  const router = useRouter();
  const [date, setDate] = useState(today);
  const [start, setStart] = useState("19:00");
  const [end, setEnd] = useState("21:00");
  const [compensation, setCompensation] = useState<"leave" | "pay">("leave");
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [state, setState] = useState<State>({ kind: "idle" });
  const [requestId] = useState(() => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : undefined));

  const filled = /^\d{2}:\d{2}$/.test(start) && /^\d{2}:\d{2}$/.test(end) && date !== "";
  // An end earlier than the start is the next morning (a night overtime); the same time is no overtime at all.
  const nextDay = filled && minutesOf(end) < minutesOf(start);
  const minutes = filled ? minutesOf(end) + (nextDay ? 1440 : 0) - minutesOf(start) : 0;
  const valid = filled && minutes > 0;
  const query = `kind=overtime&date=${date}&start_time=${start}&end_time=${end}&end_next_day=${nextDay ? 1 : 0}`;

  useEffect(() => {
    if (!valid) return;
    let live = true;
    fetch(`/api/approvals/applications/preview?${query}`, { cache: "no-store" })
      .then((r) => (r.ok ? (r.json() as Promise<Preview>) : null))
      .then((p) => live && setPreview(p))
      .catch(() => live && setPreview(null));
    return () => {
      live = false;
    };
  }, [query, valid]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setState({ kind: "sending" });
    const body = { kind: "overtime", date, start_time: start, end_time: end, end_next_day: nextDay, compensation, reason, request_id: requestId };
    let r: Response;
    try {
      r = await fetch("/api/approvals/applications", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), cache: "no-store" });
    } catch {
      setState({ kind: "error", message: ta("network") });
      return;
    }
    const res = (await r.json().catch(() => ({}))) as { item_id?: number; message?: string };
    if (r.ok && res.item_id) {
      router.push(`/todos/approvals/${res.item_id}`);
      return;
    }
    setState({ kind: "error", message: r.status < 500 && res.message ? res.message : ta("failed") });
  }

  const field = `${FIELD_CLASS} block h-11`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return (
    <form onSubmit={submit} className="space-y-3" data-testid="apply-overtime">
      <Card className="space-y-3 p-4">
        <label className="block text-[14px] font-medium text-slate-900">
          {t("date")}
          <input type="date" className={`${field} mt-1`} value={date} onChange={(e) => setDate(e.target.value)} required data-testid="ot-date" />
        </label>
        <div className="grid grid-cols-2 gap-2">
          <label className="block text-[14px] font-medium text-slate-900">
            {t("start")}
            <input type="time" className={`${field} mt-1`} value={start} onChange={(e) => setStart(e.target.value)} required data-testid="ot-start" />
          </label>
          <label className="block text-[14px] font-medium text-slate-900">
            {nextDay ? t("endNextDay") : t("end")}
            <input type="time" className={`${field} mt-1`} value={end} onChange={(e) => setEnd(e.target.value)} required data-testid="ot-end" />
          </label>
        </div>
        <p className={`text-[13px] ${valid ? "text-slate-500" : "text-rose-600"}`} data-testid="ot-duration" data-minutes={minutes}>
          {!filled ? t("fillTimes") : !valid ? t("sameTime") : nextDay ? t("durationNextDay", { h, m }) : t("duration", { h, m })}
        </p>
        <fieldset>
          <legend className="text-[14px] font-medium text-slate-900">{t("compensation")}</legend>
          <div className="mt-1 grid grid-cols-2 gap-2">
            {(["leave", "pay"] as const).map((c) => (
              <label key={c} className={`flex h-11 items-center justify-center gap-2 rounded-xl border text-[15px] ${compensation === c ? "border-brand-600 bg-brand-50 text-brand-700" : "border-slate-200 text-slate-700"}`}>
                <input type="radio" name="compensation" value={c} checked={compensation === c} onChange={() => setCompensation(c)} className="sr-only" data-testid={`ot-comp-${c}`} />
                {t(`comp.${c}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="block text-[14px] font-medium text-slate-900">
          {ta("reason")}
          <Textarea className="mt-1" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder={t("reasonPlaceholder")} required data-testid="apply-reason" />
        </label>
      </Card>

      <Card className="space-y-2 p-4" data-testid="apply-path">
        <p className="text-[14px] font-medium text-slate-900">{ta("path")}</p>
        {!valid ? (
          <p className="text-[13px] text-slate-500">{t("pathAfterTimes")}</p>
        ) : preview === null ? (
          <p className="text-[13px] text-slate-500">{ta("pathLoading")}</p>
        ) : preview.problem ? (
          <p className="text-[13px] text-rose-600" role="alert" data-testid="apply-no-path">{ta("noPath", { problem: preview.problem })}</p>
        ) : (
          <ol className="space-y-1 text-[14px] text-slate-700">
            {preview.path.map((s, i) => (
              <li key={i} data-testid="apply-path-step">
                {ta("pathStep", { n: i + 1 })} · {ta(`mode.${s.mode}`)} · {s.approvers.map((a) => a.name).join("、")}
              </li>
            ))}
          </ol>
        )}
      </Card>

      {state.kind === "error" ? (
        <p className="rounded-xl bg-rose-50 px-3 py-2 text-[14px] text-rose-700" role="alert" data-testid="apply-error">{state.message}</p>
      ) : null}
      <Button type="submit" size="lg" block disabled={state.kind === "sending" || !valid || !preview || preview.problem !== null} data-testid="apply-submit">
        {state.kind === "sending" ? ta("sending") : ta("submit")}
      </Button>
    </form>
  );
}
