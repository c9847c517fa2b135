// HR leave entry (请假登记): leaves in the viewer's scope, recent absences, and a form that enters a leave and shows
// which meetings' statuses became on_leave. Managers see their teams' leaves read-only.
import { getTranslations } from "next-intl/server";
import { CalendarOff } from "lucide-react";
import { Card } from "@/components/ui/card";
import { ExportButtons } from "@/components/exports/export-buttons";
import { EmptyState } from "@/components/ui/empty-state";
import { LeaveForm } from "@/components/meetings-ui/leave-form";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { canEnterLeave, listLeaves, recentAbsences } from "@/lib/meetings/leave-queries";
import { formatDateTime } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { enterLeaveAction, searchEmployeesAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function LeavesPage() {
  const viewer = await requireViewer();
  const t = await getTranslations("meetingsUi.leaves");
  const ctx = await formatContext();
  const db = await getDb();
  const mayEnter = canEnterLeave(viewer);
  // A database failure is the page's failure: thrown, so the answer is a 500 (app/error.tsx shows a reference),
  // not a 200 carrying an error card.
  const [rows, absences] = await Promise.all([listLeaves(db, viewer), mayEnter ? recentAbsences(db, viewer) : Promise.resolve([])]);
  const data = { rows, absences };
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900" data-testid="leaves-heading">{t("heading")}</h1>
        <p className="mt-1 text-sm text-slate-500">{mayEnter ? t("subheading") : t("subheadingManager")}</p>
      </div>
      <>
        {mayEnter ? (
          <LeaveForm
            search={searchEmployeesAction}
            enter={enterLeaveAction}
            absences={data.absences.map((a) => ({
              meetingId: a.meetingId,
              title: a.title,
              startsAt: a.startsAt.toISOString(),
              endsAt: a.endsAt.toISOString(),
              employee: { id: a.employeeId, employeeNo: a.employeeNo, name: a.name, department: a.department },
            }))}
          />
        ) : null}
        <Card className="overflow-hidden">
          <div className="flex items-center justify-between border-b border-slate-100 px-5 py-4">
            <h2 className="text-base font-semibold text-slate-900">{t("list.title")}</h2>
            <div className="flex items-center gap-4">
              <span className="text-[13px] text-slate-500">{t("list.count", { n: data.rows.length })}</span>
              <ExportButtons report="leaves" />
            </div>
          </div>
          {data.rows.length ? (
            <table className="w-full text-left text-sm" data-testid="leaves-table">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium">{t("list.employeeNo")}</th>
                  <th className="px-5 py-2 font-medium">{t("list.name")}</th>
                  <th className="px-5 py-2 font-medium">{t("list.department")}</th>
                  <th className="px-5 py-2 font-medium">{t("list.period")}</th>
                  <th className="px-5 py-2 font-medium">{t("list.reason")}</th>
                  <th className="px-5 py-2 font-medium">{t("list.enteredBy")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.rows.map((l) => (
                  <tr key={l.id} data-employee-no={l.employeeNo}>
                    <td className="px-5 py-2.5 tabular-nums text-slate-500">{l.employeeNo}</td>
                    <td className="px-5 py-2.5 text-slate-900">{l.name}</td>
                    <td className="px-5 py-2.5 text-slate-600">{l.department ?? "—"}</td>
                    <td className="px-5 py-2.5 tabular-nums text-slate-600">{formatDateTime(l.startsAt, ctx)} – {formatDateTime(l.endsAt, ctx)}</td>
                    <td className="max-w-[240px] truncate px-5 py-2.5 text-slate-600">{l.reason || "—"}</td>
                    <td className="px-5 py-2.5 text-slate-500">{l.createdByName ?? "—"} · {formatDateTime(l.createdAt, ctx)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <EmptyState icon={<CalendarOff />} title={t("list.emptyTitle")} description={mayEnter ? t("list.emptyBody") : t("list.emptyBodyManager")} data-testid="leaves-empty" />
          )}
        </Card>
      </>
    </div>
  );
}
