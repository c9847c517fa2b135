// 审批效率 (issue 15 item 5): for items submitted in a period (default: the last 8 weeks), the median time from
// submission to the final decision per flow and per department (the applicant's), how many are overdue now and how
// many were decided late, and the same figures week by week (a bar per week, server-rendered: no chart library).
// The list's filters apply; HR/admin see every item, managers their subtrees.
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Gauge } from "lucide-react";
import { BadQueryCard, queryIssues, ReportHeading } from "@/components/console/report-frame";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { approvalEfficiency, approvalsConsoleQuery, consoleFlows, type EfficiencyFigures, type EfficiencyGroup } from "@/lib/approvals/console/queries";
import { sheetDepartments } from "@/lib/attendance/sheet";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { ApprovalFilters, ApprovalTabs, durationText, filterParams } from "../shared";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("approvalsConsole.dashboard"))("heading") };
}

const FIGURES = ["submitted", "decided", "open", "overdueOpen", "decidedLate"] as const;

export default async function ApprovalEfficiencyPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("approvalsConsole");
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  const parsed = approvalsConsoleQuery.safeParse(raw);
  const heading = <ReportHeading title={t("dashboard.heading")} subtitle={t("dashboard.subheading")} testId="efficiency-heading" />;
  if (!parsed.success) {
    return <BadQueryCard heading={heading} title={t("badQuery")} description={queryIssues(parsed.error)} resetHref="/console/approvals/dashboard" resetLabel={t("filters.reset")} testId="efficiency-bad-query" />;
  }
  const q = parsed.data;
  const db = await getDb();
  let report;
  try {
    report = await approvalEfficiency(db, viewer, q);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
  const [flows, departments] = await Promise.all([consoleFlows(db), sheetDepartments(db, viewer)]);
  const flowName = (g: EfficiencyGroup) => g.name ?? (g.key.startsWith("source:") && t.has(`sources.${g.key.slice(7)}`) ? t(`sources.${g.key.slice(7) as "oa"}`) : g.key);
  const maxWeek = Math.max(1, ...report.byWeek.map((w) => w.submitted));

  const figureCells = (f: EfficiencyFigures) => (
    <>
      {FIGURES.map((k) => (
        <td key={k} data-col={k} className={`px-3 py-2 text-right tabular-nums ${f[k] && (k === "overdueOpen" || k === "decidedLate") ? "text-rose-600" : f[k] ? "text-slate-800" : "text-slate-300"}`}>
          {f[k]}
        </td>
      ))}
      <td data-col="median" data-seconds={f.medianSeconds ?? ""} className="px-5 py-2 text-right font-medium tabular-nums text-slate-900">
        {durationText(t, f.medianSeconds)}
      </td>
    </>
  );
  const groupTable = (title: string, column: string, rows: EfficiencyGroup[], name: (g: EfficiencyGroup) => string, testId: string) => (
    <Card className="overflow-hidden">
      <h2 className="border-b border-slate-100 px-5 py-3 text-sm font-semibold text-slate-900">{title}</h2>
      <table className="w-full text-left text-[13px]" data-testid={testId}>
        <thead className="bg-slate-50 text-xs text-slate-500">
          <tr>
            <th className="px-5 py-2 font-medium">{column}</th>
            {FIGURES.map((k) => (
              <th key={k} className="px-3 py-2 text-right font-medium whitespace-nowrap">{t(`dashboard.figures.${k}`)}</th>
            ))}
            <th className="px-5 py-2 text-right font-medium whitespace-nowrap">{t("dashboard.figures.median")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr key={g.key} className="border-t border-slate-100" data-key={g.key} data-name={name(g)}>
              <td className="px-5 py-2 whitespace-nowrap text-slate-900">{name(g)}</td>
              {figureCells(g)}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );

  return (
    <div className="space-y-5" data-testid="efficiency-page" data-from={report.from} data-to={report.to}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        {heading}
        <ApprovalTabs t={t} active="dashboard" params={filterParams(q)} />
      </div>
      <ApprovalFilters t={t} action="/console/approvals/dashboard" q={{ ...q, from: report.from, to: report.to }} flows={flows} departments={departments} withStatus={false} />
      <p className="text-sm text-slate-500" data-testid="efficiency-period">{t("dashboard.period", { from: report.from, to: report.to })}</p>

      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" data-testid="efficiency-totals">
        {FIGURES.map((k) => (
          <Card key={k} className="px-4 py-3" data-figure={k}>
            <p className="text-xs text-slate-500">{t(`dashboard.figures.${k}`)}</p>
            <p className={`mt-1 text-2xl font-semibold tabular-nums ${report.total[k] && (k === "overdueOpen" || k === "decidedLate") ? "text-rose-600" : "text-slate-900"}`} data-value>
              {report.total[k]}
            </p>
          </Card>
        ))}
        <Card className="px-4 py-3" data-figure="median">
          <p className="text-xs text-slate-500">{t("dashboard.figures.median")}</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-value data-seconds={report.total.medianSeconds ?? ""}>
            {durationText(t, report.total.medianSeconds)}
          </p>
        </Card>
      </div>

      {report.total.submitted === 0 ? (
        <Card>
          <EmptyState icon={<Gauge />} title={t("dashboard.emptyTitle")} description={t("dashboard.emptyBody")} data-testid="efficiency-empty" />
        </Card>
      ) : (
        <>
          {groupTable(t("dashboard.byFlow"), t("dashboard.flowColumn"), report.byFlow, flowName, "efficiency-by-flow")}
          {groupTable(t("dashboard.byDepartment"), t("dashboard.departmentColumn"), report.byDepartment, (g) => g.name ?? t("dashboard.noDepartment"), "efficiency-by-department")}
          <Card className="overflow-hidden">
            <h2 className="border-b border-slate-100 px-5 py-3 text-sm font-semibold text-slate-900">{t("dashboard.byWeek")}</h2>
            <table className="w-full text-left text-[13px]" data-testid="efficiency-by-week">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th className="px-5 py-2 font-medium">{t("dashboard.weekColumn")}</th>
                  <th className="w-1/4 px-3 py-2" />
                  {FIGURES.map((k) => (
                    <th key={k} className="px-3 py-2 text-right font-medium whitespace-nowrap">{t(`dashboard.figures.${k}`)}</th>
                  ))}
                  <th className="px-5 py-2 text-right font-medium whitespace-nowrap">{t("dashboard.figures.median")}</th>
                </tr>
              </thead>
              <tbody>
                {report.byWeek.map((w) => (
                  <tr key={w.week} className="border-t border-slate-100" data-week={w.week}>
                    <td className="px-5 py-2 whitespace-nowrap tabular-nums text-slate-700">{w.week}</td>
                    <td className="px-3 py-2" aria-hidden>
                      <div className="h-2 rounded-full bg-brand-500/80" style={{ width: `${Math.round((w.submitted / maxWeek) * 100)}%` }} />
                    </td>
                    {figureCells(w)}
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
