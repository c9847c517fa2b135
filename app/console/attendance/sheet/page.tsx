// 考勤月报 (issue 14 item 3): one row per person in the viewer's scope, one cell per day with the engine's short
// code (lib/attendance/sheet-codes.ts), the row's totals; any cell opens its evidence (SheetDrill, on demand).
// HR/admin see everyone, managers their led subtrees; the console layout refuses everyone else.
import { getLocale, getTranslations } from "next-intl/server";
import { overtimeMode } from "@/lib/attendance/overtime-mode";
import Link from "next/link";
import { CalendarX2 } from "lucide-react";
import { ExportButtons } from "@/components/exports/export-buttons";
import { TemplateExport } from "@/components/attendance-export-templates/template-export";
import { templateChoices } from "@/lib/attendance/export-templates";
import { SheetDrill } from "@/components/attendance-sheet/sheet-drill";
import { ApplyButton, BadQueryCard, DepartmentSelect, PeriodInput, queryIssues, ReportHeading } from "@/components/console/report-frame";
import { ClientIntl } from "@/components/shell/client-intl";
import { Card } from "@/components/ui/card";
import { EmptyNotice, EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { periodState } from "@/lib/attendance/period-lock";
import { loadSheet, sheetDepartments, sheetQuery } from "@/lib/attendance/sheet";
import { CODE_LABELS, cellText, LEAVE_TYPE_CODES, leaveTypeName, SHEET_CODES, totalCells } from "@/lib/attendance/sheet-codes";
import { dayHeader, totalHeaders } from "@/lib/attendance/sheet-export";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { consoleScope } from "@/lib/ui/console-access";
import { formatContext } from "@/lib/ui/server";
import { PeriodPanel } from "./period-panel";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceSheet"))("heading") };
}

/** The day cells' look, once on the table (per-cell classes would weigh ~100 KB on a 50-row page). */
const CELLS = [
  "border-separate border-spacing-0 text-left text-[13px]",
  "[&_td>button]:h-8 [&_td>button]:w-full [&_td>button]:min-w-9 [&_td>button]:border-b [&_td>button]:border-slate-100 [&_td>button]:px-1 [&_td>button]:font-medium [&_td>button]:whitespace-nowrap",
  "[&_td>button:hover]:ring-1 [&_td>button:hover]:ring-brand-400 [&_td>button:hover]:ring-inset",
  "[&_button[data-tone=normal]]:text-emerald-700 [&_button[data-tone=warn]]:bg-amber-50 [&_button[data-tone=warn]]:text-amber-700",
  "[&_button[data-tone=bad]]:bg-rose-50 [&_button[data-tone=bad]]:text-rose-700 [&_button[data-tone=away]]:bg-sky-50 [&_button[data-tone=away]]:text-sky-700",
  "[&_button[data-tone=rest]]:text-slate-400 [&_button[data-tone=none]]:text-slate-300 [&_button[data-tone=none]]:before:content-['·']",
  "[&_td[data-total]]:border-b [&_td[data-total]]:border-l [&_td[data-total]]:border-slate-100 [&_td[data-total]]:px-2 [&_td[data-total]]:text-right [&_td[data-total]]:tabular-nums [&_td[data-total]]:text-slate-800",
  "[&_td[data-total][data-zero]]:text-slate-300",
].join(" ");

export default async function AttendanceSheetPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requireViewer();
  // No console: the layout redirects (notice=console_forbidden); render nothing rather than race it with a 403.
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceSheet");
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const raw = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => v !== undefined && v !== "")) as Record<string, string>;
  const parsed = sheetQuery.safeParse(raw);
  const heading = <ReportHeading title={t("heading")} subtitle={canSeeEveryone(viewer) ? t("subheading") : t("subheadingManager")} testId="sheet-heading" />;
  if (!parsed.success) {
    return <BadQueryCard heading={heading} title={t("badQuery")} description={queryIssues(parsed.error)} resetHref="/console/attendance/sheet" resetLabel={t("reset")} testId="sheet-bad-query" />;
  }
  const q = parsed.data;
  const db = await getDb();
  const [sheet, depts] = await Promise.all([loadSheet(db, viewer, q), sheetDepartments(db, viewer)]);
  const [period, ctx, tp, otMode, templates, tt] = await Promise.all([
    periodState(db, viewer, sheet.month, sheet.startDay),
    formatContext(),
    getTranslations("attendancePeriod"),
    overtimeMode(db),
    templateChoices(db),
    getTranslations("attendanceExportTemplates"),
  ]);
  const pages = Math.max(1, Math.ceil(sheet.total / sheet.pageSize));
  const href = (over: { page?: number }) => {
    const p = new URLSearchParams();
    p.set("month", sheet.month);
    if (q.department) p.set("department", String(q.department));
    const page = over.page ?? sheet.page;
    if (page > 1) p.set("page", String(page));
    return `/console/attendance/sheet?${p}`;
  };
  const totals = totalHeaders(t.raw("totals") as Record<string, string>, locale);
  const weekdays = t("weekdays");
  const weekend = (d: string) => {
    const type = sheet.dayTypes[d];
    if (type) return type !== "workday" && type !== "makeup_workday";
    const w = new Date(`${d}T00:00:00Z`).getUTCDay();
    return w === 0 || w === 6;
  };
  return (
    <div className="space-y-5" data-testid="sheet-page">
      <div className="flex flex-wrap items-end justify-between gap-4">
        {heading}
        <div className="flex flex-col items-end gap-2">
          <ExportButtons report="attendance-sheet" path="/api/attendance/sheet/export" params={{ month: sheet.month, department: q.department }} />
          <div className="flex flex-wrap items-center justify-end gap-2">
            <ClientIntl namespaces={["attendanceExportTemplates"]}>
              <TemplateExport templates={templates} params={{ month: sheet.month, department: q.department }} />
            </ClientIntl>
            <a href={`/api/attendance/detail/export?${new URLSearchParams({ month: sheet.month, ...(q.department ? { department: String(q.department) } : {}), format: "xlsx" })}`} className="flex h-9 items-center rounded-lg border border-slate-200 bg-white px-3 text-sm text-slate-700 hover:bg-slate-50" data-testid="export-attendance-detail-xlsx">
              {tt("detailExport")}
            </a>
            {canSeeEveryone(viewer) ? (
              <Link href="/console/attendance/sheet/templates" className="text-sm text-brand-600 underline" data-testid="sheet-templates-link">
                {tt("manage")}
              </Link>
            ) : null}
          </div>
        </div>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-3" data-testid="sheet-filters">
        <PeriodInput type="month" name="month" label={t("month")} value={sheet.month} testId="sheet-month" />
        <DepartmentSelect label={t("department")} allLabel={t("allDepartments")} departments={depts} value={q.department} testId="sheet-department" />
        <ApplyButton>{t("apply")}</ApplyButton>
        <span className="ml-auto text-[13px] text-slate-500">
          {sheet.startDay === 1
            ? tp("periodCalendar", { from: sheet.dates[0], to: sheet.dates[sheet.dates.length - 1] })
            : tp("periodPayroll", { from: sheet.dates[0], to: sheet.dates[sheet.dates.length - 1], day: sheet.startDay })}{" "}
          · {t("count", { n: sheet.total })} · <span data-testid="sheet-overtime-mode" data-mode={otMode}>{t(`overtimeMode.${otMode}`)}</span>
        </span>
      </form>
      <PeriodPanel state={period} ctx={ctx} sourceName={(s) => t(`source.${s}`)} />
      <Card className="overflow-hidden">
        {sheet.rows.length && sheet.rows.every((r) => r.days.every((d) => d === undefined)) ? (
          // People to show, none with a computed day this month: say so above the blank grid rather than leave HR guessing.
          <EmptyNotice icon={<CalendarX2 />} title={t("noResultsTitle")} description={t("noResultsBody")} data-testid="sheet-no-results" className="border-b border-slate-100 bg-slate-50" />
        ) : null}
        {sheet.rows.length ? (
          <ClientIntl namespaces={["attendanceSheet"]}>
            <SheetDrill>
              <div className="max-h-[70vh] overflow-auto">
                <table className={CELLS} data-testid="sheet-table" data-month={sheet.month} data-dates={sheet.dates.join(",")} data-today={sheet.today}>
                  <colgroup>
                    <col />
                    <col />
                    {sheet.dates.map((d) => (
                      <col key={d} className={weekend(d) ? "bg-slate-50" : undefined} />
                    ))}
                  </colgroup>
                  <thead className="sticky top-0 z-20 bg-slate-50 text-xs text-slate-500">
                    <tr>
                      <th className="sticky left-0 z-30 min-w-20 border-b border-slate-200 bg-slate-50 px-3 py-2 font-medium">{t("employeeNo")}</th>
                      <th className="sticky left-20 z-30 min-w-20 border-b border-r border-slate-200 bg-slate-50 px-3 py-2 font-medium">{t("name")}</th>
                      {sheet.dates.map((d) => (
                        <th key={d} className={`min-w-9 border-b border-slate-200 px-1 py-1 text-center font-medium ${weekend(d) ? "bg-slate-100" : ""}`} data-date={d} title={dayHeader(d, weekdays)}>
                          <div className="tabular-nums">{Number(d.slice(8))}</div>
                          <div className="text-[10px] text-slate-400">{[...weekdays][new Date(`${d}T00:00:00Z`).getUTCDay()]}</div>
                        </th>
                      ))}
                      {totals.map((h) => (
                        <th key={h} className="min-w-16 border-b border-l border-slate-200 px-2 py-2 text-right font-medium whitespace-nowrap">
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {sheet.rows.map((r) => (
                      <tr key={r.id} data-employee-no={r.employeeNo} data-employee={r.id} data-name={r.name}>
                        <td className="sticky left-0 z-10 border-b border-slate-100 bg-white px-3 py-1.5 tabular-nums text-slate-500">{r.employeeNo}</td>
                        <td className="sticky left-20 z-10 border-b border-r border-slate-100 bg-white px-3 py-1.5 whitespace-nowrap text-slate-900" title={r.department ?? undefined}>
                          {r.name}
                        </td>
                        {r.cells.map((c, i) => (
                          // Kept small (50 rows × 31 days): the table's classes style the cells by data-tone.
                          <td key={i}>
                            <button type="button" data-day={i} data-tone={c.tone}>
                              {cellText(c, locale)}
                            </button>
                          </td>
                        ))}
                        {totalCells(r.totals).map((v, i) => (
                          <td key={i} data-total={i} data-zero={v ? undefined : ""}>
                            {v}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </SheetDrill>
          </ClientIntl>
        ) : (
          <EmptyState icon={<CalendarX2 />} title={t("emptyTitle")} description={t("emptyBody")} data-testid="sheet-empty" />
        )}
        {pages > 1 ? (
          <div className="flex items-center justify-end gap-3 border-t border-slate-100 px-5 py-3 text-sm" data-testid="sheet-pager">
            {sheet.page > 1 ? <Link href={href({ page: sheet.page - 1 })} className="text-brand-600">{t("prev")}</Link> : null}
            <span className="text-slate-500">{t("pageOf", { page: sheet.page, pages })}</span>
            {sheet.page < pages ? <Link href={href({ page: sheet.page + 1 })} className="text-brand-600">{t("next")}</Link> : null}
          </div>
        ) : null}
      </Card>
      <Card className="px-5 py-4" data-testid="sheet-legend">
        <h2 className="text-sm font-semibold text-slate-900">{t("legend")}</h2>
        <ul className="mt-2 flex flex-wrap gap-x-5 gap-y-1.5 text-[13px] text-slate-600">
          {SHEET_CODES.map((c) => (
            <li key={c}>
              <span className="mr-1 font-semibold text-slate-900">{CODE_LABELS[c][locale].short}</span>
              {CODE_LABELS[c][locale].legend}
            </li>
          ))}
          {Object.entries(LEAVE_TYPE_CODES).map(([type, codes]) => (
            <li key={type}>
              <span className="mr-1 font-semibold text-slate-900">{codes[locale]}</span>
              {leaveTypeName(type, locale)}
            </li>
          ))}
          <li>
            <span className="mr-1 font-semibold text-slate-900">·</span>
            {t("noResult")}
          </li>
        </ul>
      </Card>
    </div>
  );
}
