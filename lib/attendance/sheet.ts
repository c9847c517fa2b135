// HR's monthly sheet (考勤月报): one row per person in the viewer's scope (HR/admin: everyone; managers: their led
// subtrees, through employeeScope), one cell per day from the stored person-days, the row's totals, and a cell's
// drill-down (punches, leave and the rule behind it). The page, the export and the drill-down share these queries.
import "server-only";
import { and, asc, count, eq, gt, gte, inArray, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceDays, departments, employees, leaveSpans, punches, shifts } from "@/db/schema";
import { canSeeEmployee, departmentScope, employeeInDepartmentSubtree, employeeScope } from "@/lib/auth/scope";
import type { Viewer } from "@/lib/auth/viewer";
import { forbidden, notFound } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { env } from "@/lib/env";
import { businessDate } from "@/lib/time";
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

const personCols = { id: employees.id, employeeNo: employees.employeeNo, name: employees.name, department: departments.name };

/** The person-days of `ids` in [from, to], each as the sheet's input (leave types looked up from the evidence). */
async function daysOf(db: Db, ids: number[], from: string, to: string): Promise<Map<number, Map<string, SheetDayInput>>> {
  const out = new Map<number, Map<string, SheetDayInput>>();
  if (!ids.length) return out;
  // Only what a cell, the totals and the detail export read: the slots' statuses rather than the whole detail document
  // (a 10,000-person export reads 310,000 of these; decoding every detail was most of its time and garbage).
  const d = attendanceDays;
  const rows = await db
    .select({
      employeeId: d.employeeId,
      businessDate: d.businessDate,
      dayType: d.dayType,
      shiftId: d.shiftId,
      statuses: d.statuses,
      lateMinutes: d.lateMinutes,
      earlyLeaveMinutes: d.earlyLeaveMinutes,
      workedMinutes: d.workedMinutes,
      leaveMinutes: d.leaveMinutes,
      overtimeWorkdayMinutes: d.overtimeWorkdayMinutes,
      overtimeRestDayMinutes: d.overtimeRestDayMinutes,
      overtimeHolidayMinutes: d.overtimeHolidayMinutes,
      evidenceLeaveIds: d.evidenceLeaveIds,
      explanation: d.explanation,
      slotStatuses: sql<string[] | null>`CASE WHEN jsonb_typeof(${d.detail}->'slots') = 'array' THEN ARRAY(SELECT s->>'status' FROM jsonb_array_elements(${d.detail}->'slots') s) END`,
    })
    .from(d)
    .where(and(inArray(d.employeeId, ids), gte(d.businessDate, from), lte(d.businessDate, to)));
  const leaveIds = [...new Set(rows.flatMap((r) => r.evidenceLeaveIds))];
  const types = new Map<number, string | null>();
  for (let i = 0; i < leaveIds.length; i += 5000) {
    const chunk = leaveIds.slice(i, i + 5000);
    for (const l of await db.select({ id: leaveSpans.id, kind: leaveSpans.kind, leaveType: leaveSpans.leaveType }).from(leaveSpans).where(inArray(leaveSpans.id, chunk))) {
      if (l.kind === "leave") types.set(l.id, l.leaveType);
    }
  }
  for (const r of rows) {
    const m = out.get(r.employeeId) ?? new Map<string, SheetDayInput>();
    m.set(r.businessDate, {
      businessDate: r.businessDate,
      dayType: r.dayType,
      shiftId: r.shiftId,
      statuses: r.statuses,
      lateMinutes: r.lateMinutes,
      earlyLeaveMinutes: r.earlyLeaveMinutes,
      workedMinutes: r.workedMinutes,
      leaveMinutes: r.leaveMinutes,
      overtimeWorkdayMinutes: r.overtimeWorkdayMinutes,
      overtimeRestDayMinutes: r.overtimeRestDayMinutes,
      overtimeHolidayMinutes: r.overtimeHolidayMinutes,
      slots: r.slotStatuses ? r.slotStatuses.map((status) => ({ status })) : undefined,
      leaveTypes: r.evidenceLeaveIds.filter((id) => types.has(id)).map((id) => types.get(id) ?? null),
      explanation: r.explanation,
    });
    out.set(r.employeeId, m);
  }
  return out;
}

function rowsOf(people: SheetPerson[], days: Map<number, Map<string, SheetDayInput>>, dates: string[], today: string): SheetRow[] {
  return people.map((p) => {
    const m = days.get(p.id) ?? new Map<string, SheetDayInput>();
    return {
      ...p,
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

/** Every row of the sheet for the export: keyset-paged by (employee_no, id), `batch` people per query. */
export async function* sheetRows(db: Db, viewer: Viewer, q: SheetQuery, now = new Date(), batch = 200): AsyncGenerator<SheetRow> {
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
