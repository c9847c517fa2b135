// HR's daily report (考勤日报, issue 14 item 3): one business date, every person in the viewer's scope (HR/admin:
// everyone; managers: their led subtrees, through employeeScope; an optional department subtree inside that scope)
// with the engine's stored person-day (attendance_days), summary counts, one row per department, and the people with
// abnormal ones first. One query per report (the scope joined to attendance_days_uq on (employee_id, date)); the
// page, the export and the tests share it. Counts follow the monthly sheet's totals (sheet-codes.ts).
import "server-only";
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceDays, departments, employees } from "@/db/schema";
import { employeeInDepartmentSubtree, employeeScope } from "@/lib/auth/scope";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { reportDepartment } from "@/lib/meetings/report-queries";
import { businessDate } from "@/lib/time";
import { isoDate } from "@/lib/validation";
import { dayStates } from "./board";
import { assertCanReadSheet } from "./sheet";

export const DAILY_PAGE_SIZE = 100;

export const dailyQuery = z
  .object({
    date: isoDate().optional(),
    department: z.string().regex(/^[1-9]\d{0,14}$/, "department must be a department id").transform(Number).optional(),
    page: z.string().regex(/^[1-9]\d{0,5}$/, "page must be a positive whole number").transform(Number).optional(),
  })
  .strict();
export type DailyQuery = z.infer<typeof dailyQuery>;

/** Where a person-day ranks in the list: the abnormal kinds first, in this order. */
export const DAILY_KINDS = ["absent", "missing", "late", "early_leave", "not_yet", "away", "normal", "none", "rest"] as const;
export type DailyKind = (typeof DAILY_KINDS)[number];
export const ABNORMAL_KINDS: readonly DailyKind[] = ["absent", "missing", "late", "early_leave"];

/** What the report needs of one stored person-day (null: nothing computed for that person and date). */
export interface DailyDayInput {
  shiftId: number | null;
  statuses: string[];
  lateMinutes: number;
  earlyLeaveMinutes: number;
}

const LATE = ["late", "serious_late", "absent_late"];
const EXCEPTIONS = new Set(["late", "serious_late", "absent_late", "early_leave", "missing_in", "missing_out", "absent", "leave", "trip", "field"]);

/** What the report reads of the engine's slots (attendance_days.detail.slots). */
export interface DailySlot {
  kind: "in" | "out";
  status: string;
  effectiveAt: string;
  punchId: number | null;
  spanId?: number | null;
}

/**
 * A day that is not over (today): the engine judges a finished day, so a punch-out not due yet reads "missing_out"
 * and a morning not due yet "absent". As of `now`, only slots already due count: a missing punch or an absence
 * whose slots are all still ahead is dropped ("pending" when nothing else is left; "normal" after an on-time punch).
 */
export function statusesAsOf(statuses: string[], slots: DailySlot[] | undefined, now: Date): { statuses: string[]; inProgress: boolean } {
  if (!slots?.length) return { statuses, inProgress: false };
  const ahead = (x: DailySlot) => Date.parse(x.effectiveAt) > now.getTime();
  if (!slots.some(ahead)) return { statuses, inProgress: false };
  const due = slots.filter((x) => !ahead(x));
  const out = new Set(statuses);
  for (const m of ["missing_in", "missing_out"]) if (!due.some((x) => x.status === m)) out.delete(m);
  if (out.has("absent") && !due.some((x) => x.status === "absent")) out.delete("absent");
  if (![...out].some((x) => EXCEPTIONS.has(x)) && slots.some((x) => x.punchId != null)) out.add("normal");
  if (!out.size) out.add("pending");
  return { statuses: [...out], inProgress: true };
}
const PRESENT = new Set(["normal", "late", "serious_late", "absent_late", "early_leave", "missing_in", "missing_out", "trip", "field"]);

export interface DailyFlags {
  expected: boolean;
  present: boolean;
  late: boolean;
  earlyLeave: boolean;
  missing: boolean;
  absent: boolean;
  away: boolean;
  /** Expected, nothing due yet (today, before the first punch is due). */
  notYet: boolean;
  rest: boolean;
  none: boolean;
}

/** One person-day → the counts it adds to (several at once: late and early leave, away on a trip and present). */
export function dailyFlags(d: DailyDayInput | null): DailyFlags {
  if (!d) return { expected: false, present: false, late: false, earlyLeave: false, missing: false, absent: false, away: false, notYet: false, rest: false, none: true };
  const s = new Set(d.statuses);
  const expected = d.shiftId != null && !s.has("rest");
  const absent = s.has("absent");
  return {
    expected,
    present: expected && !absent && [...s].some((x) => PRESENT.has(x)),
    late: LATE.some((x) => s.has(x)),
    earlyLeave: s.has("early_leave"),
    missing: !absent && (s.has("missing_in") || s.has("missing_out")),
    absent,
    away: s.has("leave") || s.has("trip") || s.has("field"),
    notYet: expected && s.has("pending") && s.size === 1,
    rest: !expected,
    none: false,
  };
}

/** The one kind a person-day is listed under (its worst). */
export function dailyKind(d: DailyDayInput | null): DailyKind {
  const f = dailyFlags(d);
  if (f.none) return "none";
  if (f.absent) return "absent";
  if (f.missing) return "missing";
  if (f.late) return "late";
  if (f.earlyLeave) return "early_leave";
  if (f.notYet) return "not_yet";
  if (f.away) return "away";
  if (f.rest) return "rest";
  return "normal";
}

/** The list's order: kind (abnormal first), then late / early-leave minutes (most first), then employee number. */
export function compareDaily(a: { kind: DailyKind; lateMinutes: number; earlyLeaveMinutes: number; employeeNo: string; id: number }, b: typeof a): number {
  const k = DAILY_KINDS.indexOf(a.kind) - DAILY_KINDS.indexOf(b.kind);
  if (k) return k;
  if (a.kind === "late" && a.lateMinutes !== b.lateMinutes) return b.lateMinutes - a.lateMinutes;
  if (a.kind === "early_leave" && a.earlyLeaveMinutes !== b.earlyLeaveMinutes) return b.earlyLeaveMinutes - a.earlyLeaveMinutes;
  return a.employeeNo < b.employeeNo ? -1 : a.employeeNo > b.employeeNo ? 1 : a.id - b.id;
}

export interface DailyCounts {
  people: number;
  expected: number;
  present: number;
  late: number;
  earlyLeave: number;
  missing: number;
  absent: number;
  away: number;
  notYet: number;
  rest: number;
  none: number;
  /** present / expected; null when nobody was expected. */
  rate: number | null;
}

export const emptyDailyCounts = (): DailyCounts => ({ people: 0, expected: 0, present: 0, late: 0, earlyLeave: 0, missing: 0, absent: 0, away: 0, notYet: 0, rest: 0, none: 0, rate: null });

function add(c: DailyCounts, f: DailyFlags): void {
  c.people++;
  if (f.expected) c.expected++;
  if (f.present) c.present++;
  if (f.late) c.late++;
  if (f.earlyLeave) c.earlyLeave++;
  if (f.missing) c.missing++;
  if (f.absent) c.absent++;
  if (f.away) c.away++;
  if (f.notYet) c.notYet++;
  if (f.rest) c.rest++;
  if (f.none) c.none++;
  c.rate = c.expected ? c.present / c.expected : null;
}

export interface DailyPerson {
  id: number;
  employeeNo: string;
  name: string;
  departmentId: number | null;
  department: string | null;
  kind: DailyKind;
  statuses: string[];
  lateMinutes: number;
  earlyLeaveMinutes: number;
  workedMinutes: number;
  leaveMinutes: number;
  overtimeMinutes: number;
  explanation: string | null;
  /** Today, before every punch is due: the statuses are as of now (statusesAsOf). */
  inProgress: boolean;
}

export interface DailyDepartmentRow {
  id: number | null;
  name: string | null;
  depth: number;
  /** The viewer may filter by it (a member's primary department can lie outside a manager's subtree). */
  drillable: boolean;
  counts: DailyCounts;
}

export interface DailyReport {
  date: string;
  today: string;
  department: { id: number; name: string } | null;
  counts: DailyCounts;
  departments: DailyDepartmentRow[];
  /** People of this page, abnormal first. */
  people: DailyPerson[];
  abnormal: number;
  page: number;
  pageSize: number;
}

/**
 * Everyone in scope on `date`, with their stored person-day, in the list's order: one query (the scope joined to
 * attendance_days_uq). Today only: statuses as of `now`, and the people nothing stored yet for (no punch, no leave)
 * evaluated the way the live board does (board.ts dayStates: not yet / overdue / away / rest).
 */
async function dayRows(db: Db, viewer: Viewer, date: string, now: Date, departmentId?: number): Promise<{ people: DailyPerson[]; flags: DailyFlags[]; depts: Map<number | null, { name: string | null; path: string | null; depth: number }> }> {
  const conds: SQL[] = [employeeScope(viewer), eq(employees.status, "active")];
  if (departmentId) conds.push(employeeInDepartmentSubtree(employees.id, sql`${departmentId}`));
  const rows = await db
    .select({
      id: employees.id,
      employeeNo: employees.employeeNo,
      name: employees.name,
      departmentId: employees.departmentId,
      department: departments.name,
      path: departments.path,
      depth: departments.depth,
      dayId: attendanceDays.id,
      shiftId: attendanceDays.shiftId,
      statuses: attendanceDays.statuses,
      lateMinutes: attendanceDays.lateMinutes,
      earlyLeaveMinutes: attendanceDays.earlyLeaveMinutes,
      workedMinutes: attendanceDays.workedMinutes,
      leaveMinutes: attendanceDays.leaveMinutes,
      overtimeMinutes: sql<number>`(${attendanceDays.overtimeWorkdayMinutes} + ${attendanceDays.overtimeRestDayMinutes} + ${attendanceDays.overtimeHolidayMinutes})::int`,
      explanation: attendanceDays.explanation,
      slots: sql<DailySlot[] | null>`${attendanceDays.detail}->'slots'`,
    })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .leftJoin(attendanceDays, and(eq(attendanceDays.employeeId, employees.id), eq(attendanceDays.businessDate, date)))
    .where(and(...conds))
    .orderBy(asc(employees.employeeNo), asc(employees.id));
  const depts = new Map<number | null, { name: string | null; path: string | null; depth: number }>();
  const today = date === businessDate(now, env().ORG_TIMEZONE);
  const live = today ? await dayStates(db, rows.filter((r) => r.dayId == null).map((r) => r.id), [date], now) : new Map<string, never>();
  const items = rows.map((r) => {
    let day: DailyDayInput | null = null;
    let inProgress = false;
    if (r.dayId != null) {
      const asOf = today ? statusesAsOf(r.statuses ?? [], Array.isArray(r.slots) ? r.slots : undefined, now) : { statuses: r.statuses ?? [], inProgress: false };
      day = { shiftId: r.shiftId, statuses: asOf.statuses, lateMinutes: r.lateMinutes ?? 0, earlyLeaveMinutes: r.earlyLeaveMinutes ?? 0 };
      inProgress = asOf.inProgress;
    } else if (today) {
      const b = live.get(`${r.id}:${date}`);
      if (b) {
        const statuses = b.bucket === "rest" ? ["rest"] : b.bucket === "not_yet" ? ["pending"] : b.bucket === "away" ? [b.awayKind ?? "leave"] : b.bucket === "present" ? ["normal"] : [b.bucket];
        day = { shiftId: b.bucket === "rest" ? null : b.shiftId, statuses, lateMinutes: b.lateMinutes, earlyLeaveMinutes: 0 };
        // rest and whole-day leave do not change with the clock
        inProgress = b.bucket !== "rest" && b.bucket !== "away";
      }
    }
    if (!depts.has(r.departmentId)) depts.set(r.departmentId, { name: r.department, path: r.path, depth: r.depth ?? 0 });
    const person: DailyPerson = {
      id: r.id,
      employeeNo: r.employeeNo,
      name: r.name,
      departmentId: r.departmentId,
      department: r.department,
      kind: dailyKind(day),
      statuses: day?.statuses ?? [],
      lateMinutes: day?.lateMinutes ?? 0,
      earlyLeaveMinutes: day?.earlyLeaveMinutes ?? 0,
      workedMinutes: r.workedMinutes ?? 0,
      leaveMinutes: r.leaveMinutes ?? 0,
      overtimeMinutes: Number(r.overtimeMinutes ?? 0),
      explanation: r.explanation,
      inProgress,
    };
    return { person, flags: dailyFlags(day) };
  });
  items.sort((a, b) => compareDaily(a.person, b.person));
  return { people: items.map((i) => i.person), flags: items.map((i) => i.flags), depts };
}

/** The date asked for, or today in the organisation's zone. */
export const dailyDate = (q: Pick<DailyQuery, "date">, now = new Date()): string => q.date ?? businessDate(now, env().ORG_TIMEZONE);

/** A department filter inside the viewer's scope, or 404 (reportDepartment); refused (403) without a console. */
async function filterOf(db: Db, viewer: Viewer, departmentId?: number): Promise<{ id: number; name: string } | null> {
  assertCanReadSheet(viewer);
  if (!departmentId) return null;
  const d = await reportDepartment(db, viewer, departmentId);
  return { id: d.id, name: d.name };
}

/** The day's report for the viewer: counts, departments and one page of people (abnormal first). */
export async function dailyReport(db: Db, viewer: Viewer, q: DailyQuery, now = new Date()): Promise<DailyReport> {
  const department = await filterOf(db, viewer, q.department);
  const date = dailyDate(q, now);
  const page = q.page ?? 1;
  const { people, flags, depts } = await dayRows(db, viewer, date, now, q.department);
  const counts = emptyDailyCounts();
  const byDept = new Map<number | null, DailyCounts>();
  people.forEach((p, i) => {
    add(counts, flags[i]);
    const c = byDept.get(p.departmentId) ?? emptyDailyCounts();
    add(c, flags[i]);
    byDept.set(p.departmentId, c);
  });
  const everyone = canSeeEveryone(viewer);
  const departmentsOut: DailyDepartmentRow[] = [...byDept.entries()]
    .map(([id, c]) => {
      const d = depts.get(id)!;
      const drillable = id != null && d.path != null && (everyone || viewer.managedPaths.some((p) => d.path!.startsWith(p)));
      return { id, name: d.name, depth: d.depth, drillable, counts: c, path: d.path ?? "\uffff" };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ path: _path, ...r }) => r);
  return {
    date,
    today: businessDate(now, env().ORG_TIMEZONE),
    department,
    counts,
    departments: departmentsOut,
    people: people.slice((page - 1) * DAILY_PAGE_SIZE, page * DAILY_PAGE_SIZE),
    abnormal: people.filter((p) => ABNORMAL_KINDS.includes(p.kind)).length,
    page,
    pageSize: DAILY_PAGE_SIZE,
  };
}

/** Every person of the day in the list's order (the export): one date's scope, read once. */
export async function dailyPeople(db: Db, viewer: Viewer, q: Omit<DailyQuery, "page">, now = new Date()): Promise<{ date: string; people: DailyPerson[] }> {
  await filterOf(db, viewer, q.department);
  const date = dailyDate(q, now);
  return { date, people: (await dayRows(db, viewer, date, now, q.department)).people };
}
