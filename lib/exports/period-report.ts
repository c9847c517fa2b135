// The period report's download (GET /api/meetings/reports/export): the same filters as the page (period and
// department subtree, in the viewer's scope). XLSX has three sheets — 人员汇总 (per person), 部门汇总 (per
// department, each with its subtree) and 签到明细 (every row) — each with a frozen, filterable header, column
// widths, and real date/time cells holding the organisation's local wall time. CSV is the detail alone. Every
// sheet is read in keyset-paged batches and written as it comes (lib/exports/stream), so memory stays flat.
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { loadMessages } from "@/i18n/messages";
import { departmentSummaryPageAfter, personSummaryPageAfter, reportDepartment, type ReportFilter } from "@/lib/meetings/report-queries";
import { dateCell, keysetRows, orgTime, orgWallTime, streamWorkbook, type Cell, type ExportFormat, type ExportLocale, type TableStream } from "./stream";

const DATE = "yyyy-mm-dd";
const DATETIME = "yyyy-mm-dd hh:mm";
const RATE = "0.0%";

interface Col<R> {
  key: string;
  width: number;
  format?: string;
  value: (r: R) => Cell;
}

interface Labels {
  file: string;
  people: { sheet: string; columns: Record<string, string> };
  departments: { sheet: string; columns: Record<string, string> };
  detail: { sheet: string; columns: Record<string, string> };
}

type PersonRow = Awaited<ReturnType<typeof personSummaryPageAfter>>[number];
type DeptRow = Awaited<ReturnType<typeof departmentSummaryPageAfter>>[number];
interface DetailRow {
  id: string;
  businessDate: string;
  title: string;
  startsAt: Date | string;
  employeeNo: string;
  name: string;
  department: string | null;
  status: string;
  method: string | null;
  checkedInAt: Date | string | null;
  lastLeaveAt: Date | string | null;
  device: string | null;
}

const PEOPLE: Col<PersonRow>[] = [
  { key: "employeeNo", width: 12, value: (r) => r.employeeNo },
  { key: "name", width: 12, value: (r) => r.name },
  { key: "department", width: 18, value: (r) => r.department },
  { key: "invited", width: 10, value: (r) => r.invited },
  { key: "attended", width: 10, value: (r) => r.attended },
  { key: "late", width: 8, value: (r) => r.late },
  { key: "earlyLeave", width: 8, value: (r) => r.earlyLeave },
  { key: "absent", width: 8, value: (r) => r.absent },
  { key: "onLeave", width: 8, value: (r) => r.onLeave },
  { key: "rate", width: 10, format: RATE, value: (r) => r.rate },
];

const DEPARTMENTS: Col<DeptRow>[] = [
  { key: "department", width: 16, value: (r) => r.name },
  { key: "fullName", width: 36, value: (r) => r.fullName },
  { key: "level", width: 6, value: (r) => r.depth + 1 },
  { key: "people", width: 8, value: (r) => r.people },
  { key: "invited", width: 10, value: (r) => r.total },
  { key: "attended", width: 10, value: (r) => r.on_time + r.late + r.early_leave },
  { key: "late", width: 8, value: (r) => r.late },
  { key: "earlyLeave", width: 8, value: (r) => r.early_leave },
  { key: "absent", width: 8, value: (r) => r.absent },
  { key: "onLeave", width: 8, value: (r) => r.on_leave },
  { key: "rate", width: 10, format: RATE, value: (r) => r.attendanceRate },
];

function detailCols(tr: (group: string, v: string | null) => string | null, csv: boolean): Col<DetailRow>[] {
  // CSV keeps the text times the old export wrote; XLSX gets date cells.
  const when = (v: Date | string | null) => (csv ? (orgTime(v)?.slice(0, 16) ?? null) : orgWallTime(v));
  return [
    { key: "businessDate", width: 11, format: DATE, value: (r) => (csv ? r.businessDate : dateCell(r.businessDate)) },
    { key: "meeting", width: 28, value: (r) => r.title },
    { key: "startsAt", width: 17, format: DATETIME, value: (r) => when(r.startsAt) },
    { key: "employeeNo", width: 12, value: (r) => r.employeeNo },
    { key: "name", width: 12, value: (r) => r.name },
    { key: "department", width: 18, value: (r) => r.department },
    { key: "status", width: 10, value: (r) => tr("attendanceStatus", r.status) },
    { key: "method", width: 11, value: (r) => tr("checkInMethod", r.method) },
    { key: "checkedInAt", width: 17, format: DATETIME, value: (r) => when(r.checkedInAt) },
    { key: "lastLeaveAt", width: 17, format: DATETIME, value: (r) => when(r.lastLeaveAt) },
    { key: "device", width: 16, value: (r) => r.device },
  ];
}

function rowsOf<T>(r: unknown): T[] {
  return ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
}

/** Every counted row of the view (final meetings, the department subtree, the viewer's scope), by id, keyset-paged. */
function detailRows(db: Db, viewer: Viewer, f: ReportFilter, deptPath: string | null, batch = 2000): AsyncGenerator<DetailRow> {
  const scope = canSeeEveryone(viewer)
    ? sql`true`
    : viewer.managedPaths.length
      ? sql`(${sql.join(viewer.managedPaths.map((p) => sql`d.path like ${p + "%"}`), sql` or `)})`
      : sql`false`;
  const dept = deptPath ? sql`d.path like ${deptPath + "%"}` : sql`true`;
  return keysetRows(
    async (after: number | undefined, limit) =>
      rowsOf<DetailRow>(
        await db.execute(sql`
          select a.id::text as id, a.business_date::text as "businessDate", m.title, m.starts_at as "startsAt", e.employee_no as "employeeNo", e.name,
            d.name as department, a.status, a.method, a.checked_in_at as "checkedInAt", a.last_leave_at as "lastLeaveAt", a.device
          from meeting_attendance a join meetings m on m.id = a.meeting_id join employees e on e.id = a.employee_id
          left join departments d on d.id = a.department_id
          where a.business_date between ${f.from} and ${f.to} and a.status <> 'pending' and m.finalized_at is not null
            and ${scope} and ${dept} and a.id > ${after ?? 0}
          order by a.id limit ${limit}`),
      ),
    (r) => Number(r.id),
    batch,
  );
}

function table<R>(sheet: string, labels: Record<string, string>, cols: Col<R>[], rows: AsyncIterable<R>): TableStream {
  async function* cells(): AsyncGenerator<Cell[]> {
    for await (const r of rows) yield cols.map((c) => c.value(r));
  }
  return { sheet, header: cols.map((c) => labels[c.key] ?? c.key), widths: cols.map((c) => c.width), formats: cols.map((c) => c.format), rows: cells() };
}

/**
 * The download for a filter. The department is checked first (404 outside the viewer's scope, before a byte is
 * streamed); then the sheets stream.
 */
export async function periodReportExport(db: Db, viewer: Viewer, f: ReportFilter, format: ExportFormat, locale: ExportLocale): Promise<{ body: ReadableStream<Uint8Array>; local: string }> {
  const node = f.departmentId ? await reportDepartment(db, viewer, f.departmentId) : null;
  const all = (await loadMessages(locale)).exports as { values: Record<string, Record<string, string>>; periodReport: Labels };
  const L = all.periodReport;
  const tr = (group: string, v: string | null) => (v === null ? null : (all.values[group]?.[v] ?? v));
  const detail = table(L.detail.sheet, L.detail.columns, detailCols(tr, format === "csv"), detailRows(db, viewer, f, node?.path ?? null));
  const local = `${L.file}${node ? `-${node.name}` : ""}-${f.from}-${f.to}`;
  if (format === "csv") return { body: streamWorkbook([detail], "csv"), local };
  const people = table(L.people.sheet, L.people.columns, PEOPLE, keysetRows((after: string | undefined, limit) => personSummaryPageAfter(db, viewer, f, after, limit), (r) => r.employeeNo, 500));
  const departments = table(L.departments.sheet, L.departments.columns, DEPARTMENTS, keysetRows((after: string | undefined, limit) => departmentSummaryPageAfter(db, viewer, f, after, limit), (r) => r.path, 200));
  return { body: streamWorkbook([people, departments, detail], "xlsx"), local };
}
