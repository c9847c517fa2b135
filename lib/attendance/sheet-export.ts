// The monthly sheet as a table for lib/exports/stream.ts: 工号, 姓名, 部门, one column per day (the page's short
// codes) and the totals' columns — the same cells as the page, in the reader's language.
import "server-only";
import type { Db } from "@/db/client";
import { loadMessages } from "@/i18n/messages";
import type { Viewer } from "@/lib/auth/viewer";
import type { Cell, ExportLocale, TableStream } from "@/lib/exports/stream";
import { currentPeriod, payrollStartDay } from "./period-lock";
import { sheetRows, type SheetQuery } from "./sheet";
import { cellText, leaveTypeName, periodDays, SHEET_LEAVE_TYPES, TOTAL_COLUMNS, totalCells } from "./sheet-codes";

type M = { attendanceSheet: { totals: Record<string, string>; weekdays: string; sheetName: string; exportFile: string; employeeNo: string; name: string; department: string } };

/** "11-02 一" / "11-02 M": a day column's header. */
export const dayHeader = (date: string, weekdays: string): string => `${date.slice(5)} ${[...weekdays][new Date(`${date}T00:00:00Z`).getUTCDay()]}`;

/** The totals' headers in column order (leave expanded per type). */
export function totalHeaders(totals: Record<string, string>, locale: ExportLocale): string[] {
  return TOTAL_COLUMNS.flatMap((c) => (c === "leave" ? SHEET_LEAVE_TYPES.map((type) => totals.leave.replace("{type}", leaveTypeName(type, locale))) : [totals[c]]));
}

export async function sheetExport(db: Db, viewer: Viewer, q: Omit<SheetQuery, "page">, locale: ExportLocale): Promise<{ table: TableStream; local: string; month: string }> {
  const m = ((await loadMessages(locale)) as unknown as M).attendanceSheet;
  const startDay = await payrollStartDay(db);
  const month = q.month ?? currentPeriod(startDay);
  const { dates } = periodDays(month, startDay);
  const totals = totalHeaders(m.totals, locale);
  const header = [m.employeeNo, m.name, m.department, ...dates.map((d) => dayHeader(d, m.weekdays)), ...totals];
  const widths = [12, 10, 16, ...dates.map(() => 8), ...totals.map((h) => Math.max(10, Math.min(20, h.length + 4)))];
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const r of sheetRows(db, viewer, { ...q, month })) {
      yield [r.employeeNo, r.name, r.department, ...r.cells.map((c) => cellText(c, locale)), ...totalCells(r.totals)];
    }
  }
  return { table: { sheet: m.sheetName, header, widths, rows: rows() }, local: m.exportFile, month };
}
