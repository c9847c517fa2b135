// The monthly sheet as a table for lib/exports/stream.ts: 工号, 姓名, 部门, one column per day (the page's short
// codes) and the totals' columns — the same cells as the page, in the reader's language.
import "server-only";
import type { Db } from "@/db/client";
import { shifts } from "@/db/schema";
import { loadMessages } from "@/i18n/messages";
import type { Viewer } from "@/lib/auth/viewer";
import type { Cell, ExportLocale, TableStream } from "@/lib/exports/stream";
import { currentPeriod, payrollStartDay } from "./period-lock";
import { sheetRows, type SheetQuery } from "./sheet";
import { cellText, hours, leaveColumnMinutes, leaveTypeName, periodDays, SHEET_LEAVE_TYPES, TOTAL_COLUMNS, totalCells, UNTYPED_LEAVE, withUnitSuffix, type SheetTotals } from "./sheet-codes";
import { COLUMN_KEYS, DAYS_BLOCK, DEFAULT_UNITS, DETAIL_COLUMN_KEYS, SHEET_COLUMN_KEYS, type DurationUnit, type ExportTemplate, type TemplateKind } from "./export-templates";

type M = { attendanceSheet: { totals: Record<string, string>; weekdays: string; sheetName: string; exportFile: string; employeeNo: string; name: string; department: string } };

/** "11-02 一" / "11-02 M": a day column's header. */
export const dayHeader = (date: string, weekdays: string): string => `${date.slice(5)} ${[...weekdays][new Date(`${date}T00:00:00Z`).getUTCDay()]}`;

/** The totals' headers in column order (leave expanded per type). */
export function totalHeaders(totals: Record<string, string>, locale: ExportLocale): string[] {
  return TOTAL_COLUMNS.flatMap((c) => (c === "leave" ? SHEET_LEAVE_TYPES.map((type) => totals.leave.replace("{type}", leaveTypeName(type, locale))) : [totals[c]]));
}

/** A template's columns, or every column in the default order with the default headers. */
const columnsOf = (kind: TemplateKind, template?: ExportTemplate): { key: string; header: string; unit?: DurationUnit }[] => template?.columns ?? COLUMN_KEYS[kind].map((key) => ({ key, header: "" }));

/** A column's header: the template's, else the default — with its unit swapped when the template switched it. */
const headerOf = (c: { header: string; unit?: DurationUnit }, label: string, suffix: Record<DurationUnit, string>): string =>
  c.header || (c.unit ? withUnitSuffix(label, suffix[c.unit]) : label);

/** A duration in minutes, written in `unit` (hours with one decimal). */
const inUnit = (minutes: number, unit: DurationUnit): number => (unit === "minutes" ? minutes : hours(minutes));

/** The minutes behind a duration total of the sheet (for a column whose unit a template switched). */
function totalMinutes(key: string, t: SheetTotals): number {
  if (key.startsWith("leave:")) return leaveColumnMinutes(t)[SHEET_LEAVE_TYPES.indexOf(key.slice(6))] ?? 0;
  const of: Record<string, number> = { lateMinutes: t.lateMinutes, earlyLeaveMinutes: t.earlyLeaveMinutes, workedHours: t.workedMinutes, overtimeWorkday: t.overtime.workday, overtimeRestDay: t.overtime.restDay, overtimeHoliday: t.overtime.holiday };
  return of[key] ?? 0;
}

type UnitMessages = { attendanceExportTemplates: { unitSuffix: Record<DurationUnit, string> } };

/**
 * The monthly sheet as a table: by default 工号, 姓名, 部门, one column per day, the totals; with a template, exactly
 * its columns in its order under its headers (the day block keeps one header per day).
 */
export async function sheetExport(db: Db, viewer: Viewer, q: Omit<SheetQuery, "page">, locale: ExportLocale, template?: ExportTemplate): Promise<{ table: TableStream; local: string; month: string }> {
  const all = (await loadMessages(locale)) as unknown as M & UnitMessages;
  const m = all.attendanceSheet;
  const suffix = all.attendanceExportTemplates.unitSuffix;
  const startDay = await payrollStartDay(db);
  const month = q.month ?? currentPeriod(startDay);
  const { dates } = periodDays(month, startDay);
  const totals = totalHeaders(m.totals, locale);
  const totalKeys = SHEET_COLUMN_KEYS.slice(SHEET_COLUMN_KEYS.indexOf(DAYS_BLOCK) + 1);
  const defaults: Record<string, string> = { employeeNo: m.employeeNo, name: m.name, department: m.department, ...Object.fromEntries(totalKeys.map((k, i) => [k, totals[i]])) };
  const cols = columnsOf("sheet", template);
  const header = cols.flatMap((c) => (c.key === DAYS_BLOCK ? dates.map((d) => dayHeader(d, m.weekdays)) : [headerOf(c, defaults[c.key], suffix)]));
  const widths = cols.flatMap((c) => (c.key === DAYS_BLOCK ? dates.map(() => 8) : c.key === "employeeNo" ? [12] : c.key === "name" ? [10] : c.key === "department" ? [16] : [Math.max(10, Math.min(20, headerOf(c, defaults[c.key], suffix).length + 4))]));
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const r of sheetRows(db, viewer, { ...q, month })) {
      const t = totalCells(r.totals);
      const at = (key: string, unit?: DurationUnit): Cell[] =>
        key === "employeeNo"
          ? [r.employeeNo]
          : key === "name"
            ? [r.name]
            : key === "department"
              ? [r.department]
              : key === DAYS_BLOCK
                ? r.cells.map((c) => cellText(c, locale))
                : [unit ? inUnit(totalMinutes(key, r.totals), unit) : t[totalKeys.indexOf(key)]];
      yield cols.flatMap((c) => at(c.key, c.unit));
    }
  }
  return { table: { sheet: m.sheetName, header, widths, rows: rows() }, local: m.exportFile, month };
}

/**
 * The detail export (考勤明细): one row per person × stored person-day of the period, in the sheet's order and scope —
 * 工号, 姓名, 部门, 日期, 班次, 状态码 (the sheet's cell), minutes late/early/worked, overtime by kind, leave, 说明.
 * A template picks and orders the columns as for the sheet.
 */
export async function detailExport(db: Db, viewer: Viewer, q: Omit<SheetQuery, "page">, locale: ExportLocale, template?: ExportTemplate): Promise<{ table: TableStream; local: string; month: string }> {
  const all = (await loadMessages(locale)) as unknown as M & { attendanceExportTemplates: { detail: Record<string, string>; detailSheet: string; detailFile: string; unitSuffix: Record<DurationUnit, string> } };
  const d = all.attendanceExportTemplates;
  const startDay = await payrollStartDay(db);
  const month = q.month ?? currentPeriod(startDay);
  const { dates } = periodDays(month, startDay);
  const shiftNames = new Map((await db.select({ id: shifts.id, name: shifts.name }).from(shifts)).map((s) => [s.id, s.name]));
  const cols = columnsOf("detail", template);
  const header = cols.map((c) => headerOf(c, d.detail[c.key], d.unitSuffix));
  const widths = cols.map((c) => (c.key === "explanation" ? 40 : c.key === "department" || c.key === "shift" ? 16 : 12));
  async function* rows(): AsyncGenerator<Cell[]> {
    for await (const r of sheetRows(db, viewer, { ...q, month })) {
      for (let i = 0; i < dates.length; i++) {
        const day = r.days[i];
        if (!day) continue;
        const leaveType = day.leaveTypes?.find((x) => x) ?? (day.leaveMinutes > 0 ? UNTYPED_LEAVE : null);
        const v: Record<string, Cell> = {
          employeeNo: r.employeeNo,
          name: r.name,
          department: r.department,
          date: dates[i],
          shift: day.shiftId != null ? (shiftNames.get(day.shiftId) ?? null) : null,
          codes: cellText(r.cells[i], locale),
          lateMinutes: day.lateMinutes,
          earlyLeaveMinutes: day.earlyLeaveMinutes,
          workedMinutes: day.workedMinutes,
          overtimeWorkday: day.overtimeWorkdayMinutes,
          overtimeRestDay: day.overtimeRestDayMinutes,
          overtimeHoliday: day.overtimeHolidayMinutes,
          leaveMinutes: day.leaveMinutes,
          leaveType: leaveType ? leaveTypeName(leaveType, locale) : null,
          explanation: day.explanation ?? null,
        };
        yield cols.map((c) => (c.unit && typeof v[c.key] === "number" ? inUnit(v[c.key] as number, c.unit) : (v[c.key] ?? null)));
      }
    }
  }
  return { table: { sheet: d.detailSheet, header, widths, rows: rows() }, local: d.detailFile, month };
}

/** The columns HR can pick per export, each with its default header in the reader's language (the template editor). */
export async function exportColumnCatalogue(locale: ExportLocale): Promise<Record<TemplateKind, { key: string; label: string; unit?: DurationUnit }[]>> {
  const all = (await loadMessages(locale)) as unknown as M & { attendanceExportTemplates: { detail: Record<string, string>; daysBlock: string } };
  const m = all.attendanceSheet;
  const totals = totalHeaders(m.totals, locale);
  const fixed: Record<string, string> = { employeeNo: m.employeeNo, name: m.name, department: m.department, [DAYS_BLOCK]: all.attendanceExportTemplates.daysBlock };
  const first = SHEET_COLUMN_KEYS.indexOf(DAYS_BLOCK) + 1;
  return {
    sheet: SHEET_COLUMN_KEYS.map((key, i) => ({ key, label: fixed[key] ?? totals[i - first], unit: DEFAULT_UNITS.sheet[key] })),
    detail: DETAIL_COLUMN_KEYS.map((key) => ({ key, label: all.attendanceExportTemplates.detail[key], unit: DEFAULT_UNITS.detail[key] })),
  };
}
