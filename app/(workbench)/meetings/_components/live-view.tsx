"use client";
// The organiser's live view: Server-Sent Events from /api/meetings/:id/live (a version check every second,
// the full view when it changed; components/use-live-events), polling if the stream fails. Manual marks inline.
import { useState } from "react";
import { useLocale, useTimeZone, useTranslations } from "@/i18n/client";
import { AlertTriangle, LogOut, PartyPopper } from "lucide-react";
import { Button, Card } from "@/components/ui/light";
import { liveDotClass, useLiveEvents } from "@/components/use-live-events";
import type { LiveView as View } from "@/lib/meetings/queries";
import { formatTime } from "@/lib/ui/format";
import { StatusBadge } from "./status-badge-client";

const STATUSES = ["on_time", "late", "early_leave", "on_leave", "absent"] as const;
const TONE: Record<string, string> = { on_time: "text-emerald-600", late: "text-amber-600", early_leave: "text-orange-600", on_leave: "text-slate-500", absent: "text-rose-600" };

export function LiveView({ meetingId, initial, ended, compact }: { meetingId: number; initial: View; ended: boolean; compact?: boolean }) {
  const t = useTranslations("meetings");
  const locale = useLocale() === "en" ? "en" : "zh-CN";
  const ctx = { locale: locale as "zh-CN" | "en", timeZone: useTimeZone() ?? "Asia/Shanghai" };
  const [view, setView] = useState<View>(initial);
  const [marking, setMarking] = useState<{ employeeId: number; name: string } | null>(null);

  const state = useLiveEvents<View>(`/api/meetings/${meetingId}/live`, "view", setView);

  const f = view.figures; // the same figures as the console (lib/meetings/figures)
  const final = f.phase === "final";
  return (
    <div className="space-y-3" data-testid="live-view">
      <Card className="p-4">
        <div className="flex items-center justify-between">
          <h3 className="text-[15px] font-semibold text-slate-900">{ended ? t("live.summary") : t("live.title")}</h3>
          <span className="flex items-center gap-1.5 text-xs text-slate-500">
            <span className={liveDotClass(state)} />
            {state === "live" ? t("live.updated", { time: formatTime(new Date(view.generatedAt), ctx) }) : state === "lost" ? t("live.reconnecting") : t("live.connecting")}
          </span>
        </div>
        <div className="mt-3 grid grid-cols-3 gap-2 text-center">
          <Big label={t("live.invited")} value={f.expected} testid="count-invited" />
          <Big label={t("live.checkedIn")} value={f.checkedIn} testid="count-checked-in" tone="text-brand-600" />
          <Big label={final ? t("status.absent") : t("live.missing")} value={final ? f.absent : f.notYet} testid="count-missing" tone={(final ? f.absent : f.notYet) ? "text-rose-600" : "text-slate-900"} />
        </div>
        <div className={`mt-3 grid ${compact ? "grid-cols-5" : "grid-cols-5"} gap-1 rounded-xl bg-slate-50 p-2 text-center`}>
          {STATUSES.map((s) => (
            <div key={s} data-testid={`count-${s}`} data-count={view.counts[s]}>
              <p className={`text-lg font-semibold tabular-nums ${TONE[s]}`}>{view.counts[s]}</p>
              <p className="text-[11px] text-slate-500">{t(`status.${s}`)}</p>
            </div>
          ))}
        </div>
        {view.checkout ? (
          <p className="mt-3 flex flex-wrap items-center justify-between gap-x-3 gap-y-1 rounded-xl bg-orange-50 px-3 py-2 text-xs leading-5 text-orange-800" data-testid="live-checkout" data-checked-out={view.checkout.checkedOut}>
            <span className="flex items-center gap-1.5 font-medium"><LogOut className="size-3.5" aria-hidden /> {t("checkout.live", { out: view.checkout.checkedOut, in: f.checkedIn })}</span>
            <span>{t("checkout.liveWindow", { from: formatTime(new Date(view.checkout.opensAt), ctx), to: formatTime(new Date(view.checkout.closesAt), ctx) })}</span>
          </p>
        ) : null}
        {view.unmatched > 0 ? (
          <p className="mt-3 flex items-start gap-1.5 rounded-xl bg-amber-50 px-3 py-2 text-xs leading-5 text-amber-800">
            <AlertTriangle className="mt-0.5 size-3.5 shrink-0" aria-hidden /> {t("live.unmatched", { count: view.unmatched })}
          </p>
        ) : null}
      </Card>

      {!compact ? (
        <>
          <Card className="p-4">
            <h3 className="mb-2 text-[15px] font-semibold text-slate-900">{t("live.missingList")}</h3>
            {view.missing.length === 0 ? (
              <p className="flex items-center gap-2 py-3 text-sm text-emerald-700"><PartyPopper className="size-4" aria-hidden /> {t("live.allIn")}</p>
            ) : (
              <ul className="divide-y divide-slate-100" data-testid="missing-list">
                {view.missing.map((p) => (
                  <li key={p.employeeId} className="flex items-center justify-between py-2.5" data-employee-id={p.employeeId}>
                    <span className="min-w-0">
                      <span className="block truncate text-[14px] text-slate-900">{p.name}</span>
                      <span className="block truncate text-xs text-slate-500">{p.department ?? "—"}</span>
                    </span>
                    <Button size="sm" variant="outline" onClick={() => setMarking({ employeeId: p.employeeId, name: p.name })}>{t("live.mark")}</Button>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {view.recent.length ? (
            <Card className="p-4">
              <h3 className="mb-2 text-[15px] font-semibold text-slate-900">{t("live.recent")}</h3>
              <ul className="divide-y divide-slate-100" data-testid="recent-list">
                {view.recent.map((r) => (
                  <li key={r.employeeId} className="flex items-center justify-between py-2.5">
                    <span className="text-[14px] text-slate-900">{r.name}</span>
                    <span className="flex items-center gap-2 text-xs text-slate-500">
                      {r.method ? t(`method.${r.method}`) : ""} {r.checkedInAt ? formatTime(new Date(r.checkedInAt), ctx) : ""}
                      {r.checkedOutAt ? <span className="text-orange-700">· {t("checkout.checkedOutAt", { time: formatTime(new Date(r.checkedOutAt), ctx) })}</span> : null}
                      <StatusBadge status={r.status} />
                    </span>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </>
      ) : null}
      {marking ? <MarkDialog meetingId={meetingId} person={marking} onClose={() => setMarking(null)} /> : null}
    </div>
  );
}

function Big({ label, value, tone, testid }: { label: string; value: number; tone?: string; testid: string }) {
  return (
    <div className="rounded-xl bg-slate-50 py-3">
      <p className={`text-3xl font-semibold tabular-nums ${tone ?? "text-slate-900"}`} data-testid={testid}>{value}</p>
      <p className="mt-0.5 text-xs text-slate-500">{label}</p>
    </div>
  );
}

function MarkDialog({ meetingId, person, onClose }: { meetingId: number; person: { employeeId: number; name: string }; onClose: () => void }) {
  const t = useTranslations("meetings");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(form: FormData) {
    setBusy(true);
    const r = await fetch(`/api/meetings/${meetingId}/marks`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ employeeId: person.employeeId, status: form.get("status"), reason: form.get("reason") }),
    });
    setBusy(false);
    if (r.ok) onClose();
    else setError((await r.json().catch(() => ({}))).message ?? r.statusText);
  }
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/40 sm:items-center" role="dialog" aria-modal="true" aria-label={t("mark.title", { name: person.name })}>
      <form action={submit} className="w-full max-w-[560px] space-y-3 rounded-t-2xl bg-white p-5 pb-[calc(1.25rem+env(safe-area-inset-bottom))] sm:rounded-2xl">
        <h3 className="text-[16px] font-semibold text-slate-900">{t("mark.title", { name: person.name })}</h3>
        <label className="block text-[13px] text-slate-600">
          {t("mark.status")}
          <select name="status" defaultValue="on_time" className="mt-1 h-11 w-full rounded-xl border border-slate-200 px-3 text-[15px]">
            {STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
        </label>
        <label className="block text-[13px] text-slate-600">
          {t("mark.reason")}
          <textarea name="reason" required minLength={2} maxLength={500} placeholder={t("mark.reasonPlaceholder")} className="mt-1 h-20 w-full rounded-xl border border-slate-200 p-3 text-[15px]" />
        </label>
        {error ? <p role="alert" className="text-[13px] text-rose-600">{error}</p> : null}
        <div className="flex gap-3">
          <Button variant="outline" block onClick={onClose}>{t("mark.cancel")}</Button>
          <Button type="submit" block disabled={busy}>{t("mark.submit")}</Button>
        </div>
      </form>
    </div>
  );
}
