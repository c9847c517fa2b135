"use client";
// HR enters a leave: pick the employee (name or employee number, or one of the recent absences), the period and a
// reason; the answer lists the meetings the leave overlaps and which statuses became on_leave.
import { useRef, useState, useTransition } from "react";
import { useFormatter, useTimeZone, useTranslations } from "@/i18n/client";
import { ArrowRight, CheckCircle2, Search, TriangleAlert, X } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { businessDate, zonedTimeToUtc } from "@/lib/time-core";
import type { AbsenceOption, EmployeeOption, EnterLeaveResult } from "./types";

const field =
  "h-10 w-full rounded-lg border border-slate-200 bg-white px-3 text-sm text-slate-900 outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20";
const label = "mb-1 block text-[13px] font-medium text-slate-600";
const TONE = { on_time: "success", late: "warning", early_leave: "warning", absent: "danger", on_leave: "neutral", pending: "neutral" } as const;

export function LeaveForm({
  absences,
  search,
  enter,
}: {
  absences: AbsenceOption[];
  search: (q: string) => Promise<EmployeeOption[]>;
  enter: (input: unknown) => Promise<EnterLeaveResult>;
}) {
  const t = useTranslations("meetingsUi.leaves");
  const ts = useTranslations("meetings.status");
  const fmt = useFormatter();
  const tz = useTimeZone() ?? "Asia/Shanghai";
  const today = businessDate(new Date(), tz);
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<EmployeeOption[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [who, setWho] = useState<EmployeeOption | null>(null);
  const [fromDate, setFromDate] = useState(today);
  const [fromTime, setFromTime] = useState("00:00");
  const [toDate, setToDate] = useState(today);
  const [toTime, setToTime] = useState("23:59");
  const [reason, setReason] = useState("");
  const [result, setResult] = useState<EnterLeaveResult | null>(null);
  const [pending, startTransition] = useTransition();

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  function onQuery(value: string) {
    setQ(value);
    if (timer.current) clearTimeout(timer.current);
    const term = value.trim();
    if (!term) {
      setHits(null);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(() => {
      search(term)
        .then((r) => setHits(r))
        .catch(() => setHits([]))
        .finally(() => setSearching(false));
    }, 250);
  }

  function pickAbsence(a: AbsenceOption) {
    setWho(a.employee);
    setQ("");
    const d = businessDate(new Date(a.startsAt), tz);
    setFromDate(d);
    setToDate(d);
    setFromTime("00:00");
    setToTime("23:59");
    setResult(null);
  }

  function submit(ev: React.FormEvent) {
    ev.preventDefault();
    if (!who) {
      setResult({ ok: false, message: t("errors.pickEmployee") });
      return;
    }
    let startsAt: Date, endsAt: Date;
    try {
      startsAt = zonedTimeToUtc(fromDate, fromTime, tz);
      endsAt = new Date(zonedTimeToUtc(toDate, toTime, tz).getTime() + (toTime === "23:59" ? 60_000 : 0));
    } catch {
      setResult({ ok: false, message: t("errors.time") });
      return;
    }
    if (!(endsAt > startsAt)) {
      setResult({ ok: false, message: t("errors.endBeforeStart") });
      return;
    }
    startTransition(async () => {
      try {
        setResult(await enter({ employeeId: who.id, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason: reason.trim() || undefined }));
      } catch {
        setResult({ ok: false, message: t("errors.server") });
      }
    });
  }

  const when = (iso: string) => fmt.dateTime(new Date(iso), { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: tz });

  return (
    <div className="grid grid-cols-[minmax(0,1fr)_340px] gap-5">
      <Card className="p-5">
        <h2 className="text-base font-semibold text-slate-900">{t("form.title")}</h2>
        <p className="mt-0.5 text-[13px] text-slate-500">{t("form.hint")}</p>
        <form onSubmit={submit} className="mt-4 space-y-4" data-testid="leave-form">
          <div className="relative">
            <label className={label} htmlFor="leave-employee">{t("form.employee")}</label>
            {who ? (
              <div className="flex h-10 items-center justify-between rounded-lg border border-brand-200 bg-brand-50 px-3 text-sm" data-testid="leave-picked">
                <span className="text-slate-900">{who.name} <span className="tabular-nums text-slate-500">· {who.employeeNo}{who.department ? ` · ${who.department}` : ""}</span></span>
                <button type="button" aria-label={t("form.clear")} onClick={() => setWho(null)} className="rounded p-1 text-slate-500 hover:bg-white"><X className="size-4" /></button>
              </div>
            ) : (
              <div className="relative">
                <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-slate-400" aria-hidden />
                <input id="leave-employee" className={cn(field, "pl-9")} value={q} onChange={(e) => onQuery(e.target.value)} placeholder={t("form.searchPlaceholder")} autoComplete="off" data-testid="leave-search" />
              </div>
            )}
            {!who && q.trim() ? (
              <div className="absolute z-10 mt-1 w-full overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg" data-testid="leave-hits">
                {searching ? (
                  <p className="px-3 py-2 text-sm text-slate-500">{t("form.searching")}</p>
                ) : hits && hits.length ? (
                  hits.map((h) => (
                    <button key={h.id} type="button" onClick={() => { setWho(h); setQ(""); setResult(null); }} className="flex w-full items-center justify-between px-3 py-2 text-left text-sm hover:bg-slate-50">
                      <span className="text-slate-900">{h.name}</span>
                      <span className="text-xs tabular-nums text-slate-500">{h.employeeNo}{h.department ? ` · ${h.department}` : ""}</span>
                    </button>
                  ))
                ) : (
                  <p className="px-3 py-2 text-sm text-slate-500">{t("form.noHits")}</p>
                )}
              </div>
            ) : null}
          </div>
          <div className="grid grid-cols-4 gap-3">
            <div><label className={label} htmlFor="leave-from">{t("form.fromDate")}</label><input id="leave-from" type="date" className={field} value={fromDate} onChange={(e) => { setFromDate(e.target.value); if (toDate < e.target.value) setToDate(e.target.value); }} required /></div>
            <div><label className={label} htmlFor="leave-from-time">{t("form.fromTime")}</label><input id="leave-from-time" type="time" className={field} value={fromTime} onChange={(e) => setFromTime(e.target.value)} required /></div>
            <div><label className={label} htmlFor="leave-to">{t("form.toDate")}</label><input id="leave-to" type="date" className={field} value={toDate} onChange={(e) => setToDate(e.target.value)} required /></div>
            <div><label className={label} htmlFor="leave-to-time">{t("form.toTime")}</label><input id="leave-to-time" type="time" className={field} value={toTime} onChange={(e) => setToTime(e.target.value)} required /></div>
          </div>
          <div>
            <label className={label} htmlFor="leave-reason">{t("form.reason")}</label>
            <input id="leave-reason" className={field} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder={t("form.reasonPlaceholder")} />
          </div>
          <div className="flex items-center justify-end gap-3">
            <Button type="submit" size="sm" disabled={pending} data-testid="leave-submit">{pending ? t("form.saving") : t("form.submit")}</Button>
          </div>
        </form>

        {result ? (
          result.ok ? (
            <div className="mt-5 rounded-xl border border-emerald-200 bg-emerald-50/60 p-4" data-testid="leave-result">
              <p className="flex items-center gap-2 text-sm font-medium text-emerald-800"><CheckCircle2 className="size-4" aria-hidden />{t("result.saved", { n: result.effects.filter((e) => e.after === "on_leave" && e.before !== "on_leave").length })}</p>
              {result.effects.length ? (
                <ul className="mt-3 divide-y divide-emerald-100 text-sm" data-testid="leave-effects">
                  {result.effects.map((e) => (
                    <li key={e.meetingId} className="flex items-center justify-between gap-3 py-2" data-meeting-id={e.meetingId} data-status={e.after ?? "upcoming"}>
                      <span className="min-w-0 truncate text-slate-800">{e.title} <span className="text-slate-500">· {when(e.startsAt)}</span></span>
                      <span className="flex shrink-0 items-center gap-1.5">
                        {e.before ? <Badge tone={TONE[e.before as keyof typeof TONE] ?? "neutral"}>{ts(e.before as "absent")}</Badge> : <span className="text-xs text-slate-400">{t("result.noRecord")}</span>}
                        <ArrowRight className="size-3.5 text-slate-400" aria-hidden />
                        {e.after ? <Badge tone={TONE[e.after as keyof typeof TONE] ?? "neutral"}>{ts(e.after as "absent")}</Badge> : <span className="text-xs text-slate-500">{t("result.later")}</span>}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-2 text-[13px] text-slate-600">{t("result.noMeetings")}</p>
              )}
            </div>
          ) : (
            <p role="alert" className="mt-5 flex items-start gap-2 rounded-xl border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800" data-testid="leave-error"><TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />{result.message}</p>
          )
        ) : null}
      </Card>

      <Card className="p-5" data-testid="recent-absences">
        <h2 className="text-base font-semibold text-slate-900">{t("absences.title")}</h2>
        <p className="mt-0.5 text-[13px] text-slate-500">{t("absences.hint")}</p>
        {absences.length ? (
          <ul className="mt-3 divide-y divide-slate-100">
            {absences.map((a) => (
              <li key={`${a.meetingId}:${a.employee.id}`} className="flex items-center justify-between gap-2 py-2.5">
                <div className="min-w-0 text-sm">
                  <p className="truncate text-slate-900">{a.employee.name} <span className="text-xs tabular-nums text-slate-500">{a.employee.employeeNo}</span></p>
                  <p className="truncate text-xs text-slate-500">{a.title} · {when(a.startsAt)}</p>
                </div>
                <Button size="sm" variant="secondary" onClick={() => pickAbsence(a)} data-testid="absence-pick" data-employee-no={a.employee.employeeNo} data-meeting-id={a.meetingId}>{t("absences.pick")}</Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-6 text-center text-[13px] text-slate-500">{t("absences.empty")}</p>
        )}
      </Card>
    </div>
  );
}
