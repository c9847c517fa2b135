// 会议考勤报表 (console): a period's attendance by department, day and meeting, scoped to the viewer; exports stream.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { BarChart3 } from "lucide-react";
import { ExportButtons } from "@/components/exports/export-buttons";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Stat } from "@/components/ui/stat";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { periodReport } from "@/lib/meetings/queries";
import { addDays, businessDate } from "@/lib/time";
import { formatNumber, formatPercent } from "@/lib/ui/format";
import { formatContext } from "@/lib/ui/server";
import { DepartmentChart, TrendChart } from "./charts";
import { isoDate } from "@/lib/validation";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("reports"))("title") };
}

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const t = await getTranslations("reports");
  const ctx = await formatContext();
  const today = businessDate(new Date());
  const q = z
    .object({ from: isoDate().catch(addDays(today, -29)), to: isoDate().catch(today) })
    .parse({ from: undefined, to: undefined, ...(await searchParams) });
  const r = await periodReport(await getDb(), viewer, q);
  const present = r.totals.on_time + r.totals.late + r.totals.early_leave;
  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <ExportButtons report="attendance" path="/api/meetings/reports/export" params={{ from: q.from, to: q.to }} />
      </div>
      <form className="flex items-end gap-3" method="get">
        <label className="text-xs text-slate-500">{t("from")}<input type="date" name="from" defaultValue={q.from} className="mt-1 block h-9 rounded-lg border border-slate-200 px-2 text-sm text-slate-900" /></label>
        <label className="text-xs text-slate-500">{t("to")}<input type="date" name="to" defaultValue={q.to} className="mt-1 block h-9 rounded-lg border border-slate-200 px-2 text-sm text-slate-900" /></label>
        <button className="h-9 rounded-lg bg-slate-900 px-4 text-sm font-medium text-white hover:bg-slate-700">{t("apply")}</button>
      </form>
      {r.totals.total === 0 ? (
        <Card><EmptyState icon={<BarChart3 />} title={t("empty")} /></Card>
      ) : (
        <>
          <div className="grid grid-cols-4 gap-4">
            <Stat label={t("attendanceRate")} value={formatPercent(r.totals.attendanceRate, ctx.locale)} tone="success" hint={`${formatNumber(present, ctx.locale)} / ${formatNumber(r.totals.total - r.totals.on_leave, ctx.locale)}`} data-testid="stat-attendance" />
            <Stat label={t("latenessRate")} value={formatPercent(r.totals.latenessRate, ctx.locale)} tone="warning" hint={`${formatNumber(r.totals.late, ctx.locale)}`} />
            <Stat label={t("absent")} value={formatNumber(r.totals.absent, ctx.locale)} tone="danger" />
            <Stat label={t("records")} value={formatNumber(r.totals.total, ctx.locale)} tone="brand" />
          </div>
          <div className="grid grid-cols-2 gap-4">
            <Card className="p-5"><h2 className="mb-3 text-base font-semibold text-slate-900">{t("byDepartment")}</h2><DepartmentChart rows={r.byDepartment.map((d) => (d.key === "0" ? { ...d, label: t("noDepartment") } : d))} /></Card>
            <Card className="p-5"><h2 className="mb-3 text-base font-semibold text-slate-900">{t("byDay")}</h2><TrendChart rows={r.byDay} /></Card>
          </div>
          <Card className="overflow-hidden">
            <h2 className="px-5 pt-4 text-base font-semibold text-slate-900">{t("byMeeting")}</h2>
            <table className="mt-2 w-full text-left text-sm" data-testid="report-meetings">
              <thead className="bg-slate-50 text-xs text-slate-500"><tr><th className="px-5 py-2">{t("meeting")}</th><th className="px-3 py-2 text-right">{t("records")}</th><th className="px-3 py-2 text-right">{t("attendanceRate")}</th><th className="px-5 py-2 text-right">{t("latenessRate")}</th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {r.meetings.map((m) => (
                  <tr key={m.key} className="hover:bg-slate-50">
                    <td className="px-5 py-2"><Link href={`/console/meetings/${m.key}`} className="text-slate-900 hover:text-brand-600">{m.label}</Link><span className="ml-2 text-xs text-slate-400">{m.startsAt.slice(0, 16)}</span></td>
                    <td className="px-3 py-2 text-right tabular-nums">{m.total}</td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatPercent(m.attendanceRate, ctx.locale)}</td>
                    <td className="px-5 py-2 text-right tabular-nums">{formatPercent(m.latenessRate, ctx.locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </div>
  );
}
