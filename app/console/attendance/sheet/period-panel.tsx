// The sheet's payroll period panel (server): the period's dates, its lock state (已封账 with who and when), the late
// evidence queued since the lock (count and the latest rows, the viewer's scope), the lock/reopen history, and for
// HR/admin the controls (PeriodControls, a small client island).
import { getTranslations } from "next-intl/server";
import { Lock, LockOpen } from "lucide-react";
import { ClientIntl } from "@/components/shell/client-intl";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { PeriodState } from "@/lib/attendance/period-lock";
import { formatDateTime, type FormatContext } from "@/lib/ui/format";
import { PeriodControls } from "./period-controls";

export async function PeriodPanel({ state, ctx, sourceName }: { state: PeriodState; ctx: FormatContext; sourceName: (s: string) => string }) {
  const t = await getTranslations("attendancePeriod");
  const locked = state.lock?.state === "locked";
  const at = (iso: string) => formatDateTime(new Date(iso), ctx);
  const lastLock = state.history.find((h) => h.action === "attendance.period.lock");
  const what = (e: PeriodState["evidence"][number]) => t(`kind.${e.kind}`, { ref: e.ref, source: e.source ? sourceName(e.source) : "—" });
  return (
    <Card className="px-5 py-4" data-testid="period-panel" data-state={state.lock?.state ?? "open"} data-pending={state.pending}>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <h2 className="flex items-center gap-2 text-sm font-semibold text-slate-900">
            {locked ? <Lock className="size-4 text-rose-600" aria-hidden /> : <LockOpen className="size-4 text-slate-400" aria-hidden />}
            {t("heading")}
            <Badge tone={locked ? "danger" : state.lock ? "warning" : "neutral"} data-testid="period-state">
              {locked ? t("locked") : state.lock ? t("reopened") : t("open")}
            </Badge>
          </h2>
          <p className="text-[13px] text-slate-600" data-testid="period-range">
            {state.startDay === 1 ? t("periodCalendar", { from: state.from, to: state.to }) : t("periodPayroll", { from: state.from, to: state.to, day: state.startDay })}
          </p>
          {state.overlaps.map((o) => (
            <p key={o.from} className="text-[13px] text-amber-700" data-testid="period-overlap">
              {t("overlap", { period: o.period, from: o.from, to: o.to })}
            </p>
          ))}
          {locked && lastLock ? (
            <p className="text-[13px] text-slate-600" data-testid="period-locked-by">
              {t("lockedBy", { who: lastLock.actor, at: at(lastLock.at) })}
            </p>
          ) : null}
        </div>
        {state.canManage ? (
          <ClientIntl namespaces={["attendancePeriod"]}>
            <PeriodControls month={state.month} from={state.from} to={state.to} startDay={state.startDay} locked={locked} />
          </ClientIntl>
        ) : (
          <p className="text-xs text-slate-500">{t("managerNote")}</p>
        )}
      </div>
      {state.lock ? (
        <div className="mt-4 grid gap-4 border-t border-slate-100 pt-4 lg:grid-cols-[2fr_1fr]">
          <section data-testid="period-late">
            <h3 className="flex items-center gap-2 text-sm font-medium text-slate-900">
              {t("lateHeading")}
              <Badge tone={state.pending ? "warning" : "neutral"} data-testid="period-late-count">
                {t("lateCount", { n: state.pending })}
              </Badge>
            </h3>
            {state.evidence.length ? (
              <>
                <table className="mt-2 w-full text-left text-[13px]" data-testid="period-late-list">
                  <thead className="text-xs text-slate-500">
                    <tr>
                      <th className="py-1 pr-3 font-medium">{t("colPerson")}</th>
                      <th className="py-1 pr-3 font-medium">{t("colDate")}</th>
                      <th className="py-1 pr-3 font-medium">{t("colWhat")}</th>
                      <th className="py-1 font-medium">{t("colArrived")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.evidence.map((e) => (
                      <tr key={e.id} className="border-t border-slate-100" data-employee-no={e.employeeNo} data-date={e.businessDate} data-kind={e.kind}>
                        <td className="py-1 pr-3 text-slate-900">
                          {e.name} <span className="text-slate-400 tabular-nums">{e.employeeNo}</span>
                        </td>
                        <td className="py-1 pr-3 tabular-nums">{e.businessDate}</td>
                        <td className="py-1 pr-3">{what(e)}</td>
                        <td className="py-1 tabular-nums text-slate-500">{at(e.arrivedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="mt-1 text-xs text-slate-500">
                  {state.pending > state.evidence.length ? `${t("lateMore", { shown: state.evidence.length, n: state.pending })} ` : ""}
                  {t("lateHint")}
                </p>
              </>
            ) : (
              <p className="mt-2 text-[13px] text-slate-500">{t("lateNone")}</p>
            )}
          </section>
          <section data-testid="period-history">
            <h3 className="text-sm font-medium text-slate-900">{t("history")}</h3>
            <ol className="mt-2 space-y-1.5 text-[13px] text-slate-600">
              {state.history.map((h, i) => (
                <li key={i} data-action={h.action}>
                  <span className="mr-2 tabular-nums text-slate-400">{at(h.at)}</span>
                  {h.action === "attendance.period.reopen" ? t("historyReopen", { who: h.actor, reason: h.reason ?? "" }) : t("historyLock", { who: h.actor })}
                </li>
              ))}
            </ol>
          </section>
        </div>
      ) : null}
    </Card>
  );
}
