// 考勤趋势 (issue 14 item 3): department rates and trends over months — attendance rate, lateness and overtime per
// department group (lib/attendance/trends.ts), as Recharts charts (console only) and the same numbers as a table.
// HR/admin see the company, managers the departments they lead; a department outside the scope is not found.
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChartNoAxesCombined } from "lucide-react";
import { ApplyButton, BadQueryCard, DepartmentSelect, PeriodInput, queryIssues, ReportHeading } from "@/components/console/report-frame";
import { ClientIntl } from "@/components/shell/client-intl";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { sheetDepartments } from "@/lib/attendance/sheet";
import { departmentTrends, trendsQuery, type TrendPoint } from "@/lib/attendance/trends";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { formatPercent } from "@/lib/ui/format";
import { consoleScope } from "@/lib/ui/console-access";
import { TrendCharts, type TrendRow } from "./trends-charts";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceDaily.trends"))("heading") };
}

const pct = (v: number | null) => (v == null ? null : Math.round(v * 1000) / 10);

export default async function AttendanceTrendsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceDaily.trends");
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  const parsed = trendsQuery.safeParse(raw);
  const heading = <ReportHeading title={t("heading")} subtitle={t("subheading")} testId="trends-heading" />;
  const badCard = (description: string) => (
    <BadQueryCard heading={heading} title={t("badQuery")} description={description} resetHref="/console/attendance/trends" resetLabel={t("reset")} testId="trends-bad-query" />
  );
  if (!parsed.success) return badCard(queryIssues(parsed.error));
  const q = parsed.data;
  const db = await getDb();
  let trends;
  try {
    trends = await departmentTrends(db, viewer, q);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    if (e instanceof AppError && e.status === 400) return badCard(e.message);
    throw e;
  }
  const depts = await sheetDepartments(db, viewer);
  const series = trends.groups.map((g) => ({ key: `g${g.id}`, name: g.name }));
  const rowsOf = (f: (p: TrendPoint) => number | null): TrendRow[] =>
    trends.months.map((m, i) => ({ month: m, ...Object.fromEntries(trends.groups.map((g) => [`g${g.id}`, f(g.points[i])])) }));
  const hasData = trends.total.some((p) => p.expected > 0 || p.overtimeMinutes > 0);
  return (
    <div className="space-y-5" data-testid="trends-page">
      <div className="flex flex-wrap items-end justify-between gap-4">
        {heading}
        <Link href="/console/attendance/daily" className="text-sm text-brand-600">
          {t("toDaily")}
        </Link>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3" data-testid="trends-filters">
        <PeriodInput type="month" name="from" label={t("from")} value={trends.from} testId="trends-from" />
        <PeriodInput type="month" name="to" label={t("to")} value={trends.to} testId="trends-to" />
        <DepartmentSelect label={t("department")} allLabel={t("allDepartments")} departments={depts} value={q.department} testId="trends-department" />
        <ApplyButton>{t("apply")}</ApplyButton>
        <span className="ml-auto text-[13px] text-slate-500">{t("groupsBelow", { names: trends.base.map((b) => b.name).join(locale === "en" ? ", " : "、") })}</span>
      </form>
      {!hasData ? (
        <Card>
          <EmptyState icon={<ChartNoAxesCombined />} title={t("emptyTitle")} description={t("emptyBody")} data-testid="trends-empty" />
        </Card>
      ) : (
        <>
          <ClientIntl namespaces={["attendanceDaily"]}>
            <TrendCharts series={series} rate={rowsOf((p) => pct(p.rate))} late={rowsOf((p) => pct(p.lateRate))} overtime={rowsOf((p) => p.overtimeHoursPerPerson)} />
          </ClientIntl>
          <Card className="overflow-hidden">
            <div className="flex items-baseline justify-between border-b border-slate-100 px-5 py-3">
              <h2 className="text-sm font-semibold text-slate-900">{t("table")}</h2>
              <p className="text-xs text-slate-400">{t("tableHint")}</p>
            </div>
            <div className="overflow-auto">
              <table className="w-full text-left text-[13px]" data-testid="trends-table">
                <thead className="bg-slate-50 text-xs text-slate-500">
                  <tr>
                    <th className="px-5 py-2 font-medium">{t("group")}</th>
                    {trends.months.map((m) => (
                      <th key={m} className="px-3 py-2 text-right font-medium tabular-nums">
                        {m}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {[...trends.groups.map((g) => ({ key: String(g.id), name: g.name, points: g.points })), { key: "total", name: t("total"), points: trends.total }].map((g) => (
                    <tr key={g.key} className={`border-t border-slate-100 ${g.key === "total" ? "bg-slate-50 font-medium" : ""}`} data-group={g.key} data-name={g.name}>
                      <td className="px-5 py-2 whitespace-nowrap text-slate-900">{g.name}</td>
                      {g.points.map((p) => (
                        <td key={p.month} className="px-3 py-2 text-right tabular-nums" data-month={p.month} data-rate={p.rate ?? ""}>
                          <div className="text-slate-900">{p.rate == null ? "—" : formatPercent(p.rate, locale)}</div>
                          <div className="text-[11px] text-slate-400">
                            {t("cellDetail", { late: p.lateRate == null ? "—" : formatPercent(p.lateRate, locale), ot: p.overtimeHoursPerPerson ?? 0 })}
                          </div>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        </>
      )}
    </div>
  );
}
