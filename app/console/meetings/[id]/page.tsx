// One meeting's report (console): totals, by department, and everyone with status and evidence.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PencilLine } from "lucide-react";
import { ExportButtons } from "@/components/exports/export-buttons";
import { Card } from "@/components/ui/card";
import { Stat } from "@/components/ui/stat";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { canManageMeeting } from "@/lib/meetings/mutations";
import { inviteeCount, isVideoCreated } from "@/lib/meetings/adopt";
import { AdoptPanel } from "@/components/meetings-ui/adopt-panel";
import { attendanceList, attendanceVersion, meetingReport } from "@/lib/meetings/queries";
import { LiveRefresh } from "./live-refresh";
import { formatDateTime, formatPercent, formatTime } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { DepartmentChart } from "../../reports/charts";
import { parseId } from "@/lib/validation";

export const dynamic = "force-dynamic";
const TONE = { on_time: "success", late: "warning", early_leave: "warning", absent: "danger", on_leave: "neutral", pending: "neutral", not_checked_in: "neutral" } as const;

export default async function ConsoleMeetingPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = parseId((await params).id) ?? notFound(); // "1e3", "99999999999999999999": not ids, never a query
  const db = await getDb();
  let report, rows, version;
  try {
    // The version first: a check-in landing while the page renders then shows up on the next refresh, never lost.
    version = await attendanceVersion(db, id);
    [report, rows] = await Promise.all([meetingReport(db, viewer, id), attendanceList(db, viewer, id)]);
  } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.status === 403)) notFound();
    throw e;
  }
  const t = await getTranslations("reports");
  const tm = await getTranslations("meetings");
  const ctx = await formatContext();
  const m = report.meeting;
  const f = report.figures;
  const tp = await getTranslations("meetings.phase");
  const adoptable = canManageMeeting(viewer, m) && isVideoCreated(m) && m.status !== "cancelled";
  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900" data-testid="report-title">{m.title}</h1>
          <p className="mt-1 text-sm text-slate-500">{formatDateTime(m.startsAt, ctx)} – {formatTime(m.endsAt, ctx)}{m.locationName ? ` · ${m.locationName}` : ""}</p>
          {m.seriesId ? (
            <Link href={`/console/meetings/series/${m.seriesId}`} className="mt-1 inline-block text-sm text-brand-600 hover:underline" data-testid="series-link">
              {tm("series.report")} →
            </Link>
          ) : null}
          {m.checkoutRequired ? (
            <p className="mt-1 text-xs text-orange-700" data-testid="checkout-rule">{tm("checkout.detail", { before: m.checkoutOpensBeforeEndMinutes, after: m.checkoutClosesAfterEndMinutes })}</p>
          ) : null}
          {f.phase === "upcoming" || f.phase === "in_progress" ? (
            <div className="mt-1"><LiveRefresh meetingId={m.id} version={version} canStream={canManageMeeting(viewer, m)} /></div>
          ) : null}
        </div>
        <div className="flex items-center gap-2">
        {canManageMeeting(viewer, m) ? (
          <Link href={`/console/meetings/${id}/edit`} data-testid="console-edit-meeting" className="flex h-9 items-center gap-1.5 rounded-lg border border-slate-200 bg-white px-3 text-sm font-medium text-slate-700 hover:bg-slate-50"><PencilLine className="size-4" />{t("edit")}</Link>
        ) : null}
        <ExportButtons report="meeting" path={`/api/meetings/${id}/export`} />
        </div>
      </div>
      {adoptable ? (
        <div className="max-w-2xl">
          <AdoptPanel meetingId={m.id} source={m.source} invitees={await inviteeCount(db, m.id)} lateAfterMinutes={m.lateAfterMinutes} earlyLeaveMinutes={m.earlyLeaveMinutes} />
        </div>
      ) : null}
      {/* The figures every page shares (lib/meetings/figures): rates and absences only once the meeting is final. */}
      {f.phase === "final" ? (
        <div className="grid grid-cols-4 gap-4" data-testid="meeting-figures" data-phase={f.phase}>
          <Stat data-testid="figure-rate" label={t("attendanceRate")} value={f.attendanceRate === null ? "—" : formatPercent(f.attendanceRate, ctx.locale)} hint={`${f.checkedIn} / ${f.expected}`} tone="success" />
          <Stat label={t("latenessRate")} value={f.latenessRate === null ? "—" : formatPercent(f.latenessRate, ctx.locale)} hint={`${f.late}`} tone="warning" />
          <Stat data-testid="figure-absent" label={t("absent")} value={f.absent} tone="danger" />
          <Stat data-testid="figure-expected" label={tp("expected")} value={f.expected} tone="brand" />
        </div>
      ) : (
        <div className="space-y-2" data-testid="meeting-figures" data-phase={f.phase}>
          <div className="grid grid-cols-4 gap-4">
            <Stat data-testid="figure-expected" label={tp("expected")} value={f.expected} tone="brand" />
            <Stat data-testid="figure-checked-in" label={tp("checkedIn")} value={f.phase === "upcoming" ? "—" : f.checkedIn} tone="success" />
            <Stat data-testid="figure-not-yet" label={tp("notYet")} value={f.phase === "upcoming" ? "—" : f.notYet} tone="warning" />
            <Stat label={tm("status.on_leave")} value={f.onLeave} tone="neutral" />
          </div>
          <p className="text-xs text-slate-500"><Badge tone="neutral">{tp(f.phase)}</Badge> <span className="ml-1">{tp("pendingHint")}</span></p>
        </div>
      )}
      {report.byDepartment.length ? <Card className="p-5"><h2 className="mb-3 text-base font-semibold">{t("byDepartment")}</h2><DepartmentChart rows={report.byDepartment.map((d) => (d.key === "0" ? { ...d, label: t("noDepartment") } : d))} /></Card> : null}
      <Card className="overflow-hidden">
        <table className="w-full text-left text-sm" data-testid="attendance-table">
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr><th className="px-4 py-2">{t("columns.employeeNo")}</th><th className="px-4 py-2">{t("columns.name")}</th><th className="px-4 py-2">{t("department")}</th><th className="px-4 py-2">{t("columns.status")}</th><th className="px-4 py-2">{t("columns.method")}</th><th className="px-4 py-2">{t("columns.checkedIn")}</th><th className="px-4 py-2">{t("columns.left")}</th>{m.checkoutRequired ? <th className="px-4 py-2">{tm("checkout.column")}</th> : null}<th className="px-4 py-2">{t("columns.device")}</th></tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.employeeId} data-employee-no={r.employeeNo} data-status={r.status}>
                <td className="px-4 py-2 tabular-nums text-slate-500">{r.employeeNo}</td>
                <td className="px-4 py-2 text-slate-900">
                  {r.name}
                  {r.addedAt ? (
                    <span className="block text-xs text-amber-700" data-testid="invitee-added-by">
                      {t("addedBy", { name: r.addedByName ?? "—", at: formatDateTime(new Date(r.addedAt), ctx) })}
                    </span>
                  ) : null}
                </td>
                <td className="px-4 py-2 text-slate-600">{r.department ?? "—"}</td>
                <td className="px-4 py-2"><Badge tone={TONE[r.status]}>{tm(`status.${r.status}`)}</Badge></td>
                <td className="px-4 py-2 text-slate-600">{r.method ? tm(`method.${r.method}` as "method.qr") : "—"}</td>
                <td className="px-4 py-2 tabular-nums text-slate-600">{r.checkedInAt ? formatTime(new Date(r.checkedInAt), ctx) : "—"}</td>
                <td className="px-4 py-2 tabular-nums text-slate-600">{r.lastLeaveAt ? formatTime(new Date(r.lastLeaveAt), ctx) : "—"}</td>
                {m.checkoutRequired ? <td className="px-4 py-2 tabular-nums text-slate-600" data-testid="checked-out-at">{r.checkedOutAt ? formatTime(new Date(r.checkedOutAt), ctx) : "—"}</td> : null}
                <td className="px-4 py-2 text-slate-500">{r.device ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </div>
  );
}
