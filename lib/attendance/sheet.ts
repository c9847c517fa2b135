// HR's monthly sheet (考勤月报): one row per person in the viewer's scope (HR/admin: everyone; managers: their led
// subtrees, through employeeScope), one cell per day from the stored person-days, the row's totals, and a cell's
// drill-down (punches, leave and the rule behind it). The page, the export and the drill-down share these queries.
import "server-only";
import { and, asc, count, eq, gt, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceDays, departments, employees, leaveSpans, punches, shifts } from "@/db/schema";
import { canSeeEmployee, departmentScope, employeeInDepartmentSubtree, employeeScope } from "@/lib/auth/scope";
import type { Viewer } from "@/lib/auth/viewer";
import { forbidden, notFound } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { env } from "@/lib/env";
import { businessDate } from "@/lib/time";
import { anyBigint } from "@/lib/sql-arrays";
import { isoDate } from "@/lib/validation";
import { currentPeriod, payrollStartDay } from "./period-lock";
import { cellOf, periodDays, totalsOf, type SheetCell, type SheetDayInput, type SheetTotals } from "./sheet-codes";

export const SHEET_PAGE_SIZE = 50;

/** HR/admin and managers (scoped); everyone else is refused. */
export function assertCanReadSheet(viewer: Viewer): void {
  if (!consoleScope(viewer)) throw forbidden("the attendance sheet is for HR, admins and managers");
}

const monthRe = /^\d{4}-(0[1-9]|1[0-2])$/;
export const sheetQuery = z
  .object({
    month: z.string().regex(monthRe, "month must be YYYY-MM").refine((m) => m >= "2000-01" && m <= "2100-12", "month out of range").optional(),
    department: z.string().regex(/^[1-9]\d{0,14}$/, "department must be a department id").transform(Number).optional(),
    page: z.string().regex(/^[1-9]\d{0,5}$/, "page must be a positive whole number").transform(Number).optional(),
  })
  .strict();
export type SheetQuery = z.infer<typeof sheetQuery>;

/** The calendar month in the organisation's time zone (the sheet opens on the current payroll period: currentPeriod). */
export const currentMonth = (now = new Date()): string => businessDate(now, env().ORG_TIMEZONE).slice(0, 7);

export interface SheetPerson {
  id: number;
  employeeNo: string;
  name: string;
  department: string | null;
}
export interface SheetRow extends SheetPerson {
  cells: SheetCell[];
  /** The stored person-day behind each cell (undefined: none computed): the detail export's rows. */
  days: (SheetDayInput | undefined)[];
  totals: SheetTotals;
}
export interface Sheet {
  month: string;
  /** The payroll period start day the sheet was cut with (1: calendar month). */
  startDay: number;
  dates: string[];
  dayTypes: Record<string, string>;
  today: string;
  page: number;
  pageSize: number;
  total: number;
  rows: SheetRow[];
}

function peopleWhere(viewer: Viewer, departmentId?: number): SQL {
  const conds: SQL[] = [employeeScope(viewer), eq(employees.status, "active")];
  if (departmentId) conds.push(employeeInDepartmentSubtree(employees.id, sql`${departmentId}`));
  return and(...conds)!;
}

/** A driver's result as rows (node-postgres: `.rows`; PGlite: the same) — local, so exports don't load the OA sync. */
const rowsOfResult = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
const personCols = { id: employees.id, employeeNo: employees.employeeNo, name: employees.name, department: departments.name };

/** The person-days of `ids` in [from, to], each as the sheet's input (leave types looked up from the evidence). */
async function daysOf(db: Db, ids: number[], from: string, to: string): Promise<Map<number, Map<string, SheetDayInput>>> {
  const out = new Map<number, Map<string, SheetDayInput>>();
  if (!ids.length) return out;
  // Only what a cell, the totals and the detail export read: the slots' statuses rather than the whole detail document
  // (a 10,000-person export reads 310,000 of these; decoding every detail was most of its time and garbage), and the
  // leave types of the day's evidence (kind 'leave', in evidence order) looked up in the same statement. Plain rows,
  // not drizzle's mapping (a second object per row): every value is cast to what the sheet reads.
  const rows = rowsOfResult<{
    e: string | number; bd: string; dt: string; sid: string | number | null; st: string[]; lm: number; em: number; wm: number; vm: number;
    ow: number; or: number; oh: number; ex: string | null; ss: string[] | null; lt: (string | null)[] | null;
  }>(
    await db.execute(sql`
      SELECT d.employee_id AS e, d.business_date::text AS bd, d.day_type AS dt, d.shift_id AS sid, d.statuses AS st,
             d.late_minutes AS lm, d.early_leave_minutes AS em, d.worked_minutes AS wm, d.leave_minutes AS vm,
             d.overtime_workday_minutes AS ow, d.overtime_rest_day_minutes AS "or", d.overtime_holiday_minutes AS oh,
             d.explanation AS ex,
             CASE WHEN jsonb_typeof(d.detail->'slots') = 'array' THEN ARRAY(SELECT s->>'status' FROM jsonb_array_elements(d.detail->'slots') s) END AS ss,
             CASE WHEN cardinality(d.evidence_leave_ids) > 0 THEN ARRAY(
               SELECT l.leave_type FROM leave_spans l WHERE l.id = ANY(d.evidence_leave_ids) AND l.kind = 'leave'
                ORDER BY array_position(d.evidence_leave_ids, l.id)) END AS lt
        FROM attendance_days d
       WHERE ${anyBigint(sql`d.employee_id`, ids)} AND d.business_date BETWEEN ${from}::date AND ${to}::date`),
  );
  for (const r of rows) {
    const employeeId = Number(r.e);
    let m = out.get(employeeId);
    if (!m) out.set(employeeId, (m = new Map<string, SheetDayInput>()));
    m.set(r.bd, {
      businessDate: r.bd,
      dayType: r.dt,
      shiftId: r.sid == null ? null : Number(r.sid),
      statuses: r.st,
      lateMinutes: r.lm,
      earlyLeaveMinutes: r.em,
      workedMinutes: r.wm,
      leaveMinutes: r.vm,
      overtimeWorkdayMinutes: r.ow,
      overtimeRestDayMinutes: r.or,
      overtimeHolidayMinutes: r.oh,
      slots: r.ss ? r.ss.map((status) => ({ status })) : undefined,
      leaveTypes: r.lt ?? [],
      explanation: r.ex ?? undefined,
    });
  }
  return out;
}

function rowsOf(people: SheetPerson[], days: Map<number, Map<string, SheetDayInput>>, dates: string[], today: string): SheetRow[] {
  return people.map((p) => {
    const m = days.get(p.id) ?? new Map<string, SheetDayInput>();
    // Fields listed, not `{ ...p, … }` (after a spread V8 keeps further properties in a separate, regrown array;
    // an export builds 10,000 of these).
    return {
      id: p.id,
      employeeNo: p.employeeNo,
      name: p.name,
      department: p.department,
      cells: dates.map((d) => cellOf(m.get(d), { future: d > today })),
      days: dates.map((d) => m.get(d)),
      totals: totalsOf(dates.map((d) => m.get(d)).filter((x): x is SheetDayInput => x != null)),
    };
  });
}

/** One page of the sheet: people ordered by employee number (stable, offset-paged), their cells and totals. */
export async function loadSheet(db: Db, viewer: Viewer, q: SheetQuery, now = new Date()): Promise<Sheet> {
  assertCanReadSheet(viewer);
  const startDay = await payrollStartDay(db);
  const month = q.month ?? currentPeriod(startDay, now);
  const page = q.page ?? 1;
  const { from, to, dates } = periodDays(month, startDay);
  const where = peopleWhere(viewer, q.department);
  const [[{ n }], people] = await Promise.all([
    db.select({ n: count() }).from(employees).where(where),
    db
      .select(personCols)
      .from(employees)
      .leftJoin(departments, eq(departments.id, employees.departmentId))
      .where(where)
      .orderBy(asc(employees.employeeNo), asc(employees.id))
      .limit(SHEET_PAGE_SIZE)
      .offset((page - 1) * SHEET_PAGE_SIZE),
  ]);
  const days = await daysOf(db, people.map((p) => p.id), from, to);
  const dayTypes: Record<string, string> = {};
  for (const m of days.values()) for (const d of m.values()) dayTypes[d.businessDate] ??= d.dayType;
  const today = businessDate(now, env().ORG_TIMEZONE);
  return { month, startDay, dates, dayTypes, today, page, pageSize: SHEET_PAGE_SIZE, total: n, rows: rowsOf(people, days, dates, today) };
}

/**
 * Every row of the sheet for the export: keyset-paged by (employee_no, id), `batch` people per query. Small batches
 * keep memory flat: a batch's rows then die before V8 promotes them to the old space, which it lets grow to ~100 MB
 * before a full collection (10,000 people: peak RSS ~140 MB at 50 a batch, ~245 MB at 200; bench/attendance-sheet.ts).
 */
export async function* sheetRows(db: Db, viewer: Viewer, q: SheetQuery, now = new Date(), batch = 50): AsyncGenerator<SheetRow> {
  assertCanReadSheet(viewer);
  const startDay = await payrollStartDay(db);
  const month = q.month ?? currentPeriod(startDay, now);
  const { from, to, dates } = periodDays(month, startDay);
  const today = businessDate(now, env().ORG_TIMEZONE);
  const where = peopleWhere(viewer, q.department);
  let after: { no: string; id: number } | undefined;
  for (;;) {
    const people = await db
      .select(personCols)
      .from(employees)
      .leftJoin(departments, eq(departments.id, employees.departmentId))
      .where(after ? and(where, or(gt(employees.employeeNo, after.no), and(eq(employees.employeeNo, after.no), gt(employees.id, after.id)))) : where)
      .orderBy(asc(employees.employeeNo), asc(employees.id))
      .limit(batch);
    const days = await daysOf(db, people.map((p) => p.id), from, to);
    for (const r of rowsOf(people, days, dates, today)) yield r;
    if (people.length < batch) return;
    const last = people[people.length - 1];
    after = { no: last.employeeNo, id: last.id };
  }
}

/** Departments the viewer may filter by (their scope), in tree order. */
export async function sheetDepartments(db: Db, viewer: Viewer): Promise<{ id: number; name: string; depth: number }[]> {
  return db
    .select({ id: departments.id, name: departments.name, depth: departments.depth })
    .from(departments)
    .where(and(departmentScope(viewer), eq(departments.status, "active")))
    .orderBy(asc(departments.path));
}

export const cellQuery = z.object({ employee: z.string().regex(/^[1-9]\d{0,14}$/, "employee must be an id").transform(Number), date: isoDate() }).strict();

export interface CellDetail {
  employee: SheetPerson;
  date: string;
  computed: boolean;
  dayType: string | null;
  statuses: string[];
  explanation: string | null;
  lateMinutes: number;
  earlyLeaveMinutes: number;
  workedMinutes: number;
  leaveMinutes: number;
  overtime: { workday: number; restDay: number; holiday: number };
  shift: { name: string; kind: string; start: number | null; end: number | null; graceMinutes: number } | null;
  slots: { kind: string; expectedAt: string; status: string; punchId: number | null }[];
  punches: { id: number; at: string; source: string; placeName: string | null; field: boolean; suspicious: boolean; remark: string | null }[];
  leaves: { kind: string; leaveType: string | null; startsAt: string; endsAt: string; reason: string | null }[];
  computedAt: string | null;
}

/** A cell's evidence: the stored person-day, its shift, the punches of its business date and its leave. */
export async function sheetCell(db: Db, viewer: Viewer, employeeId: number, date: string): Promise<CellDetail> {
  assertCanReadSheet(viewer);
  if (!(await canSeeEmployee(db, viewer, employeeId))) throw notFound("no such person in your scope");
  const [person] = await db.select(personCols).from(employees).leftJoin(departments, eq(departments.id, employees.departmentId)).where(eq(employees.id, employeeId));
  if (!person) throw notFound("no such person in your scope");
  const [day] = await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, employeeId), eq(attendanceDays.businessDate, date)));
  const [shift] = day?.shiftId ? await db.select().from(shifts).where(eq(shifts.id, day.shiftId)) : [];
  const ps = await db
    .select()
    .from(punches)
    .where(and(eq(punches.employeeId, employeeId), eq(punches.businessDate, date), ne(punches.changeState, "vanished")))
    .orderBy(asc(punches.punchedAt));
  const leaveIds = day?.evidenceLeaveIds ?? [];
  const ls = leaveIds.length ? await db.select().from(leaveSpans).where(inArray(leaveSpans.id, leaveIds)).orderBy(asc(leaveSpans.startsAt)) : [];
  const slots = ((day?.detail as { slots?: { kind: string; expectedAt: string; status: string; punchId: number | null }[] } | undefined)?.slots ?? []).map((s) => ({
    kind: s.kind,
    expectedAt: s.expectedAt,
    status: s.status,
    punchId: s.punchId ?? null,
  }));
  return {
    employee: person,
    date,
    computed: day != null,
    dayType: day?.dayType ?? null,
    statuses: day?.statuses ?? [],
    explanation: day?.explanation ?? null,
    lateMinutes: day?.lateMinutes ?? 0,
    earlyLeaveMinutes: day?.earlyLeaveMinutes ?? 0,
    workedMinutes: day?.workedMinutes ?? 0,
    leaveMinutes: day?.leaveMinutes ?? 0,
    overtime: { workday: day?.overtimeWorkdayMinutes ?? 0, restDay: day?.overtimeRestDayMinutes ?? 0, holiday: day?.overtimeHolidayMinutes ?? 0 },
    shift: shift ? { name: shift.name, kind: shift.kind, start: shift.sections[0]?.start ?? null, end: shift.sections[shift.sections.length - 1]?.end ?? null, graceMinutes: shift.graceMinutes } : null,
    slots,
    punches: ps.map((p) => ({ id: p.id, at: p.punchedAt.toISOString(), source: p.source, placeName: p.placeName, field: p.field, suspicious: p.suspicious, remark: p.remark })),
    leaves: ls.map((l) => ({ kind: l.kind, leaveType: l.leaveType, startsAt: l.startsAt.toISOString(), endsAt: l.endsAt.toISOString(), reason: l.reason })),
    computedAt: day?.computedAt.toISOString() ?? null,
  };
}
