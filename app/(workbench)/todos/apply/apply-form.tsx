"use client";
// The leave / 补卡 form: the approval path (and for 补卡 the corrections left) — the first one rendered by the page on
// the server, then from GET …/preview as the form changes — then POST /api/approvals/applications; the server's
// reasons (400/422) are shown as they come.
import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Button, Card, Textarea } from "@/components/ui/light";
import { FIELD_CLASS } from "@/components/ui/variants";
import { useTranslations } from "@/i18n/client";

type Mode = "single" | "all" | "any";
interface Preview {
  path: { mode: Mode; approvers: { id: number; name: string }[] }[];
  problem: string | null;
  corrections: { period: string; remaining: number; max: number; earliest: string; cutOff: string | null } | null;
}
type State = { kind: "idle" } | { kind: "sending" } | { kind: "error"; message: string };

const dayCount = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000) + 1;

export function ApplyForm({
  kind,
  leaveTypes = [],
  today,
  initialDate,
  initialPreview,
}: {
  kind: "leave" | "correction";
  leaveTypes?: readonly string[];
  today: string;
  initialDate?: string;
  /** the preview of the form as it opens (first leave type, today), resolved by the page on the server */
  initialPreview?: Preview;
}) {
  const t = useTranslations("approvalApply");
  const router = useRouter();
  const [leaveType, setLeaveType] = useState(leaveTypes[0] ?? "");
  const [start, setStart] = useState(today);
  const [end, setEnd] = useState(today);
  const [date, setDate] = useState(initialDate ?? today);
  const [time, setTime] = useState("09:00");
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<Preview | null>(initialPreview ?? null);
  // the page resolved the opening form's preview: the first effect need not ask again (a phone would paint the
  // path a round trip after hydration — the page's largest text, so its LCP)
  const haveFirst = useRef(initialPreview !== undefined);
  const [state, setState] = useState<State>({ kind: "idle" });
  // One id per filled form: a retry after a lost answer returns the application already filed, not a second one.
  const [requestId] = useState(() => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : undefined));

  const query = kind === "leave" ? `kind=leave&leave_type=${encodeURIComponent(leaveType)}&start_date=${start}&end_date=${end}` : "kind=correction";
  const valid = kind === "correction" || (start !== "" && end !== "" && end >= start);
  useEffect(() => {
    if (!valid) return;
    if (haveFirst.current) {
      haveFirst.current = false;
      return;
    }
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
    const body = kind === "leave" ? { kind, leave_type: leaveType, start_date: start, end_date: end, reason } : { kind, date, time, reason };
    let r: Response;
    try {
      r = await fetch("/api/approvals/applications", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, request_id: requestId }), cache: "no-store" });
    } catch {
      setState({ kind: "error", message: t("network") });
      return;
    }
    const res = (await r.json().catch(() => ({}))) as { item_id?: number; message?: string };
    if (r.ok && res.item_id) {
      router.push(`/todos/approvals/${res.item_id}`);
      return;
    }
    setState({ kind: "error", message: r.status < 500 && res.message ? res.message : t("failed") });
  }

  const blocked = !preview || preview.problem !== null || (preview.corrections !== null && preview.corrections.remaining <= 0);
  const field = `${FIELD_CLASS} block h-11`;
  return (
    <form onSubmit={submit} className="space-y-3" data-testid={`apply-${kind}`}>
      <Card className="space-y-3 p-4">
        {kind === "leave" ? (
          <>
            <label className="block text-[14px] font-medium text-slate-900">
              {t("leaveType")}
              <select className={`${field} mt-1`} value={leaveType} onChange={(e) => setLeaveType(e.target.value)} data-testid="apply-leave-type">
                {leaveTypes.map((x) => (
                  <option key={x} value={x}>{x}</option>
                ))}
              </select>
            </label>
            <div className="grid grid-cols-2 gap-2">
              <label className="block text-[14px] font-medium text-slate-900">
                {t("startDate")}
                <input type="date" className={`${field} mt-1`} value={start} onChange={(e) => setStart(e.target.value)} required data-testid="apply-start" />
              </label>
              <label className="block text-[14px] font-medium text-slate-900">
                {t("endDate")}
                <input type="date" className={`${field} mt-1`} value={end} min={start} onChange={(e) => setEnd(e.target.value)} required data-testid="apply-end" />
              </label>
            </div>
            {valid ? <p className="text-[13px] text-slate-500" data-testid="apply-days">{t("days", { count: dayCount(start, end) })}</p> : null}
          </>
        ) : (
          <div className="grid grid-cols-2 gap-2">
            <label className="block text-[14px] font-medium text-slate-900">
              {t("date")}
              <input type="date" className={`${field} mt-1`} value={date} max={today} onChange={(e) => setDate(e.target.value)} required data-testid="apply-date" />
            </label>
            <label className="block text-[14px] font-medium text-slate-900">
              {t("time")}
              <input type="time" className={`${field} mt-1`} value={time} onChange={(e) => setTime(e.target.value)} required data-testid="apply-time" />
            </label>
          </div>
        )}
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
          <p className="text-[13px] text-rose-600" role="alert" data-testid="apply-no-path">{t("noPath", { problem: preview.problem })}</p>
        ) : (
          <ol className="space-y-1 text-[14px] text-slate-700">
            {preview.path.map((s, i) => (
              <li key={i} data-testid="apply-path-step">
                {t("pathStep", { n: i + 1 })} · {t(`mode.${s.mode}`)} · {s.approvers.map((a) => a.name).join("、")}
              </li>
            ))}
          </ol>
        )}
        {preview?.corrections ? (
          <p className={`text-[13px] ${preview.corrections.remaining > 0 ? "text-slate-500" : "text-rose-600"}`} data-testid="apply-remaining" data-remaining={preview.corrections.remaining}>
            {preview.corrections.remaining > 0 ? t("remaining", { ...preview.corrections }) : t("noneLeft", { max: preview.corrections.max })}
            {preview.corrections.cutOff ? t("cutOff", { period: preview.corrections.period, date: preview.corrections.cutOff }) : null}
          </p>
        ) : null}
      </Card>

      {state.kind === "error" ? (
        <p className="rounded-xl bg-rose-50 px-3 py-2 text-[14px] text-rose-700" role="alert" data-testid="apply-error">{state.message}</p>
      ) : null}
      <Button type="submit" size="lg" block disabled={state.kind === "sending" || blocked || !valid} data-testid="apply-submit">
        {state.kind === "sending" ? t("sending") : t("submit")}
      </Button>
    </form>
  );
}
