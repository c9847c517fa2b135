// 考勤日报 (issue 14 item 3): one business date (default today in ORG_TIMEZONE), the summary counts, one row per
// department with its attendance rate (a row drills into that department), and the people with abnormal ones first,
// each with the day's explanation and the sheet's drill-down (punches, leave, rule). HR/admin see everyone, managers
// their led subtrees; a department outside the scope is the console's not-found page.
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft, ChevronRight, UsersRound, CalendarX2 } from "lucide-react";
import { SheetDrill } from "@/components/attendance-sheet/sheet-drill";
import { ExportButtons } from "@/components/exports/export-buttons";
import { ApplyButton, BadQueryCard, DepartmentSelect, PeriodInput, queryIssues, ReportHeading } from "@/components/console/report-frame";
import { ClientIntl } from "@/components/shell/client-intl";
import { Card } from "@/components/ui/card";
import { EmptyNotice, EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { ABNORMAL_KINDS, dailyQuery, dailyReport, type DailyCounts, type DailyKind } from "@/lib/attendance/daily";
import { statusText } from "@/lib/attendance/daily-export";
import { sheetDepartments } from "@/lib/attendance/sheet";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { addDays } from "@/lib/time";
import { formatPercent } from "@/lib/ui/format";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceDaily"))("heading") };
}

const KIND_TONE: Record<DailyKind, string> = {
  absent: "bg-rose-50 text-rose-700",
  missing: "bg-rose-50 text-rose-700",
  late: "bg-amber-50 text-amber-700",
  early_leave: "bg-amber-50 text-amber-700",
  not_yet: "bg-slate-100 text-slate-600",
  away: "bg-sky-50 text-sky-700",
  normal: "bg-emerald-50 text-emerald-700",
  none: "bg-slate-100 text-slate-500",
  rest: "bg-slate-100 text-slate-500",
};

/** Kinds whose statuses would only repeat the badge ("正常 正常"). */
const QUIET_KINDS = new Set<DailyKind>(["normal", "rest", "not_yet", "none"]);

const COUNT_KEYS = ["expected", "present", "late", "earlyLeave", "missing", "absent", "away", "notYet", "rest"] as const;
const COUNT_TONE: Partial<Record<(typeof COUNT_KEYS)[number], string>> = { late: "text-amber-600", earlyLeave: "text-amber-600", missing: "text-rose-600", absent: "text-rose-600", away: "text-sky-600" };

export default async function AttendanceDailyPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  // No console: the layout redirects (notice=console_forbidden); render nothing rather than race it with a 403.
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceDaily");
  const ts = await getTranslations("attendanceSheet");
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  const parsed = dailyQuery.safeParse(raw);
  const heading = <ReportHeading title={t("heading")} subtitle={canSeeEveryone(viewer) ? t("subheading") : t("subheadingManager")} testId="daily-heading" />;
  if (!parsed.success) {
    return <BadQueryCard heading={heading} title={t("badQuery")} description={queryIssues(parsed.error)} resetHref="/console/attendance/daily" resetLabel={t("reset")} testId="daily-bad-query" />;
  }
  const q = parsed.data;
  const db = await getDb();
  let report;
  try {
    report = await dailyReport(db, viewer, q);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
  const depts = await sheetDepartments(db, viewer);
  const href = (over: { date?: string; department?: number | null; page?: number }) => {
    const p = new URLSearchParams();
    p.set("date", over.date ?? report.date);
    const d = over.department === undefined ? q.department : over.department;
    if (d) p.set("department", String(d));
    if (over.page && over.page > 1) p.set("page", String(over.page));
    return `/console/attendance/daily?${p}`;
  };
  const pages = Math.max(1, Math.ceil(report.counts.people / report.pageSize));
  const rate = (c: DailyCounts) => (c.rate == null ? "—" : formatPercent(c.rate, locale));
  const statusNames = ts.raw("status") as Record<string, string>;
  const navLink = "flex h-9 items-center gap-1 rounded-lg border border-slate-200 bg-white px-2.5 text-sm text-slate-700 hover:bg-slate-50";
  return (
    <div className="space-y-5" data-testid="daily-page" data-date={report.date}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        {heading}
        <div className="flex items-center gap-4">
          <Link href="/console/attendance/trends" className="text-sm text-brand-600" data-testid="daily-to-trends">
            {t("toTrends")}
          </Link>
          <ExportButtons report="attendance-daily" path="/api/attendance/daily/export" params={{ date: report.date, department: q.department }} />
        </div>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3" data-testid="daily-filters">
        <div className="flex items-end gap-1.5">
          <Link href={href({ date: addDays(report.date, -1), page: 1 })} className={navLink} data-testid="daily-prev" aria-label={t("prevDay")}>
            <ChevronLeft className="size-4" aria-hidden />
          </Link>
          <PeriodInput type="date" name="date" label={t("date")} value={report.date} testId="daily-date" />
          <Link href={href({ date: addDays(report.date, 1), page: 1 })} className={navLink} data-testid="daily-next" aria-label={t("nextDay")}>
            <ChevronRight className="size-4" aria-hidden />
          </Link>
          {report.date !== report.today ? (
            <Link href={href({ date: report.today, page: 1 })} className={navLink} data-testid="daily-today">
              {t("today")}
            </Link>
          ) : null}
        </div>
        <DepartmentSelect label={t("department")} allLabel={t("allDepartments")} departments={depts} value={q.department} testId="daily-department" />
        <ApplyButton>{t("apply")}</ApplyButton>
        {report.department ? (
          <span className="ml-auto text-[13px] text-slate-500" data-testid="daily-filtered">
            {t("filteredBy", { name: report.department.name })} ·{" "}
            <Link href={href({ department: null, page: 1 })} className="text-brand-600">
              {t("clearFilter")}
            </Link>
          </span>
        ) : null}
      </form>

      <div className="grid grid-cols-3 gap-3 md:grid-cols-5 xl:grid-cols-10" data-testid="daily-counts">
        <Card className="px-4 py-3" data-count="rate" title={t("rateHint")}>
          <p className="text-xs text-slate-500">{t("counts.rate")}</p>
          <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900" data-value>
            {rate(report.counts)}
          </p>
        </Card>
        {COUNT_KEYS.map((k) => (
          <Card key={k} className="px-4 py-3" data-count={k}>
            <p className="text-xs text-slate-500">{t(`counts.${k}`)}</p>
            <p className={`mt-1 text-2xl font-semibold tabular-nums ${report.counts[k] ? (COUNT_TONE[k] ?? "text-slate-900") : "text-slate-300"}`} data-value>
              {report.counts[k]}
            </p>
          </Card>
        ))}
      </div>

      {report.counts.people > 0 && report.counts.none === report.counts.people ? (
        // People to show, none with a computed day: say so rather than leave a page of blank results unexplained.
        <EmptyNotice icon={<CalendarX2 />} title={t("noResultsTitle")} description={t("noResultsBody")} data-testid="daily-no-results" className="rounded-xl border border-slate-200 bg-white" />
      ) : null}
      {report.counts.people === 0 ? (
        <Card>
          <EmptyState icon={<UsersRound />} title={t("emptyTitle")} description={t("emptyBody")} data-testid="daily-empty" />
        </Card>
      ) : (
        <>
          <Card className="overflow-hidden">
            <div className="flex items-baseline justify-between border-b border-slate-100 px-5 py-3">
              <h2 className="text-sm font-semibold text-slate-900">{t("byDepartment")}</h2>
              <p className="text-xs text-slate-400">{t("rateHint")}</p>
            </div>
            <div className="max-h-[45vh] overflow-auto">
              <table className="w-full text-left text-[13px]" data-testid="daily-departments">
                <thead className="sticky top-0 bg-slate-50 text-xs text-slate-500">
                  <tr>
                    <th className="px-5 py-2 font-medium">{t("departmentColumn")}</th>
                    {COUNT_KEYS.map((k) => (
                      <th key={k} className="px-3 py-2 text-right font-medium whitespace-nowrap">
                        {t(`counts.${k}`)}
                      </th>
                    ))}
                    <th className="px-3 py-2 text-right font-medium">{t("counts.rate")}</th>
                    <th className="px-5 py-2" />
                  </tr>
                </thead>
                <tbody>
                  {report.departments.map((d) => (
                    <tr key={d.id ?? "none"} className="border-t border-slate-100" data-department={d.id ?? ""} data-name={d.name ?? ""}>
                      <td className="px-5 py-2 whitespace-nowrap text-slate-900" style={{ paddingLeft: `${1.25 + Math.max(0, d.depth - 1) * 0.75}rem` }}>
                        {d.name ?? t("noDepartment")}
                      </td>
                      {COUNT_KEYS.map((k) => (
                        <td key={k} data-col={k} className={`px-3 py-2 text-right tabular-nums ${d.counts[k] ? (COUNT_TONE[k] ?? "text-slate-800") : "text-slate-300"}`}>
                          {d.counts[k]}
                        </td>
                      ))}
                      <td data-col="rate" className="px-3 py-2 text-right font-medium tabular-nums text-slate-900">
                        {rate(d.counts)}
                      </td>
                      <td className="px-5 py-2 text-right">
                        {d.drillable && d.id !== q.department ? (
                          <Link href={href({ department: d.id, page: 1 })} className="text-brand-600" data-testid="daily-drill">
                            {t("drill")}
                          </Link>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>

          <Card className="overflow-hidden">
            <div className="flex items-baseline justify-between border-b border-slate-100 px-5 py-3">
              <h2 className="text-sm font-semibold text-slate-900">{t("people")}</h2>
              <p className="text-xs text-slate-500" data-testid="daily-abnormal">
                {t("abnormalCount", { n: report.abnormal })}
              </p>
            </div>
            <ClientIntl namespaces={["attendanceSheet"]}>
              <SheetDrill>
                <table className="w-full text-left text-[13px]" data-testid="daily-people" data-dates={report.date}>
                  <thead className="bg-slate-50 text-xs text-slate-500">
                    <tr>
                      <th className="px-5 py-2 font-medium">{t("employeeNo")}</th>
                      <th className="px-3 py-2 font-medium">{t("name")}</th>
                      <th className="px-3 py-2 font-medium">{t("departmentColumn")}</th>
                      <th className="px-3 py-2 font-medium">{t("result")}</th>
                      <th className="px-3 py-2 font-medium">{t("minutes")}</th>
                      <th className="px-3 py-2 font-medium">{t("explanation")}</th>
                      <th className="px-5 py-2 font-medium">{t("detail")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.people.map((p) => (
                      <tr key={p.id} className="border-t border-slate-100 align-top" data-employee={p.id} data-employee-no={p.employeeNo} data-name={p.name} data-kind={p.kind} data-abnormal={ABNORMAL_KINDS.includes(p.kind) ? "" : undefined}>
                        <td className="px-5 py-2 tabular-nums text-slate-500">{p.employeeNo}</td>
                        <td className="px-3 py-2 whitespace-nowrap text-slate-900">{p.name}</td>
                        <td className="px-3 py-2 whitespace-nowrap text-slate-600">{p.department ?? "—"}</td>
                        <td className="px-3 py-2">
                          <span className={`inline-block rounded-md px-2 py-0.5 text-xs font-medium whitespace-nowrap ${KIND_TONE[p.kind]}`} data-testid="daily-kind">
                            {t(`kind.${p.kind}`)}
                          </span>
                          {!QUIET_KINDS.has(p.kind) && p.statuses.some((s) => s !== "pending") ? <span className="ml-1.5 text-xs text-slate-500" data-testid="daily-statuses">{statusText(p.statuses.filter((s) => s !== "pending"), statusNames, locale)}</span> : null}
                          {p.inProgress ? <span className="ml-1.5 text-[11px] text-slate-400" title={t("inProgressHint")}>{t("inProgress")}</span> : null}
                        </td>
                        <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-600 tabular-nums">
                          {[p.lateMinutes ? t("lateMin", { n: p.lateMinutes }) : null, p.earlyLeaveMinutes ? t("earlyMin", { n: p.earlyLeaveMinutes }) : null].filter(Boolean).join(" · ") || "—"}
                        </td>
                        <td className="max-w-md px-3 py-2 text-slate-700">{p.explanation ?? "—"}</td>
                        <td className="px-5 py-2">
                          <button type="button" data-day={0} className="text-brand-600 hover:underline whitespace-nowrap" data-testid="daily-open">
                            {t("openDetail")}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </SheetDrill>
            </ClientIntl>
            {report.counts.none ? <p className="border-t border-slate-100 px-5 py-2 text-xs text-slate-400">{t("noResultNote")}</p> : null}
            {pages > 1 ? (
              <div className="flex items-center justify-end gap-3 border-t border-slate-100 px-5 py-3 text-sm" data-testid="daily-pager">
                {report.page > 1 ? <Link href={href({ page: report.page - 1 })} className="text-brand-600">{t("prev")}</Link> : null}
                <span className="text-slate-500">{t("pageOf", { page: report.page, pages })}</span>
                {report.page < pages ? <Link href={href({ page: report.page + 1 })} className="text-brand-600">{t("next")}</Link> : null}
              </div>
            ) : null}
          </Card>
        </>
      )}
    </div>
  );
}
