"use client";
// The monthly sheet's drill-down: a click on any day cell (a button with data-day in a row with data-employee, rendered by
// the server page) opens a side panel that loads that person-day's evidence from /api/attendance/sheet/cell on demand.
import * as React from "react";
import { Dialog } from "@/components/ui/dialog";
import { useLocale, useTimeZone, useTranslations } from "@/i18n/client";
import type { CellDetail } from "@/lib/attendance/sheet";
import { formatDateTime, formatTime, type UiLocale } from "@/lib/ui/format";

type State = { kind: "idle" } | { kind: "loading"; name: string; date: string } | { kind: "error"; name: string; date: string } | { kind: "ok"; d: CellDetail };

const hhmm = (m: number | null) => (m == null ? "—" : `${m >= 1440 ? "+1 " : ""}${String(Math.floor((m % 1440) / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);

export function SheetDrill({ children }: { children: React.ReactNode }) {
  const t = useTranslations("attendanceSheet");
  const ctx = { locale: (useLocale() === "en" ? "en" : "zh-CN") as UiLocale, timeZone: useTimeZone() };
  const [state, setState] = React.useState<State>({ kind: "idle" });
  const seq = React.useRef(0);
  const open = async (employee: string, date: string, name: string) => {
    const n = ++seq.current;
    setState({ kind: "loading", name, date });
    try {
      const res = await fetch(`/api/attendance/sheet/cell?employee=${encodeURIComponent(employee)}&date=${encodeURIComponent(date)}`, { cache: "no-store" });
      if (!res.ok) throw new Error(String(res.status));
      const d = (await res.json()) as CellDetail;
      if (n === seq.current) setState({ kind: "ok", d });
    } catch {
      if (n === seq.current) setState({ kind: "error", name, date });
    }
  };
  const status = (s: string) => t(`status.${s}`);
  const title = state.kind === "idle" ? "" : state.kind === "ok" ? t("drill.title", { name: state.d.employee.name, date: state.d.date }) : t("drill.title", { name: state.name, date: state.date });
  return (
    <div
      onClick={(e) => {
        // cells carry only their day index; the row names the person, the table the dates (kept small)
        const b = (e.target as HTMLElement).closest<HTMLElement>("button[data-day]");
        const tr = b?.closest<HTMLElement>("tr[data-employee]");
        const date = b?.closest<HTMLElement>("table[data-dates]")?.dataset.dates?.split(",")[Number(b.dataset.day)];
        if (tr && date) void open(tr.dataset.employee!, date, tr.dataset.name ?? "");
      }}
    >
      {children}
      <Dialog open={state.kind !== "idle"} onOpenChange={(o) => !o && setState({ kind: "idle" })} title={title} side="right" closeLabel={t("drill.close")}>
        <div data-testid="sheet-drill" className="space-y-4 text-sm">
          {state.kind === "loading" ? <p className="text-slate-500">{t("drill.loading")}</p> : null}
          {state.kind === "error" ? (
            <p role="alert" className="text-rose-600">
              {t("drill.error")}
            </p>
          ) : null}
          {state.kind === "ok" ? (
            <>
              <p className="text-[13px] text-slate-500">
                {state.d.employee.employeeNo} · {state.d.employee.department ?? "—"}
              </p>
              {!state.d.computed ? <p className="text-slate-600">{t("drill.notComputed")}</p> : null}
              {state.d.computed ? (
                <section>
                  <h3 className="text-xs font-medium text-slate-500">{t("drill.result")}</h3>
                  <p className="mt-1 flex flex-wrap gap-1.5" data-testid="drill-statuses">
                    {state.d.statuses.map((s) => (
                      <span key={s} data-status={s} className="rounded-md bg-slate-100 px-2 py-0.5 text-[13px] text-slate-700">
                        {status(s)}
                      </span>
                    ))}
                  </p>
                  <p className="mt-2 text-slate-800" data-testid="drill-explanation">
                    {state.d.explanation}
                  </p>
                  <p className="mt-1 text-xs text-slate-500">
                    {t("drill.minutes", { late: state.d.lateMinutes, early: state.d.earlyLeaveMinutes, worked: state.d.workedMinutes, leave: state.d.leaveMinutes, ot: state.d.overtime.workday + state.d.overtime.restDay + state.d.overtime.holiday })}
                  </p>
                </section>
              ) : null}
              <section>
                <h3 className="text-xs font-medium text-slate-500">{t("drill.rule")}</h3>
                <p className="mt-1 text-slate-700">
                  {state.d.shift ? t("drill.shift", { name: state.d.shift.name, start: hhmm(state.d.shift.start), end: hhmm(state.d.shift.end), grace: state.d.shift.graceMinutes }) : t("drill.noShift")}
                </p>
                {state.d.slots.length ? (
                  <ul className="mt-1 space-y-0.5 text-[13px] text-slate-600">
                    {state.d.slots.map((s, i) => (
                      <li key={i}>
                        {status(s.kind)} {formatTime(new Date(s.expectedAt), ctx)} · {s.status in { pending: 1 } ? status("pending") : status(s.status)}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </section>
              <section>
                <h3 className="text-xs font-medium text-slate-500">{t("drill.punches")}</h3>
                {state.d.punches.length ? (
                  <ul className="mt-1 space-y-1" data-testid="drill-punches">
                    {state.d.punches.map((p) => (
                      <li key={p.id} className="flex flex-wrap gap-x-2 text-slate-700">
                        <span className="tabular-nums">{formatDateTime(new Date(p.at), ctx)}</span>
                        <span className="text-slate-500">{t(`source.${p.source}`)}</span>
                        {p.placeName ? <span className="text-slate-500">{p.placeName}</span> : null}
                        {p.field ? <span className="text-amber-600">{t("drill.field")}</span> : null}
                        {p.suspicious ? <span className="text-rose-600">{t("drill.suspicious")}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-slate-500">{t("drill.noPunches")}</p>
                )}
              </section>
              <section>
                <h3 className="text-xs font-medium text-slate-500">{t("drill.leaves")}</h3>
                {state.d.leaves.length ? (
                  <ul className="mt-1 space-y-1">
                    {state.d.leaves.map((l, i) => (
                      <li key={i} className="text-slate-700">
                        {l.leaveType ?? status(l.kind)} · {formatDateTime(new Date(l.startsAt), ctx)} – {formatDateTime(new Date(l.endsAt), ctx)}
                        {l.reason ? <span className="text-slate-500"> · {l.reason}</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="mt-1 text-slate-500">{t("drill.noLeaves")}</p>
                )}
              </section>
              {state.d.computedAt ? <p className="text-xs text-slate-400">{t("drill.computedAt", { at: formatDateTime(new Date(state.d.computedAt), ctx) })}</p> : null}
            </>
          ) : null}
        </div>
      </Dialog>
    </div>
  );
}
