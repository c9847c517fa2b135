// HR leave entry for the console: leaves in the viewer's scope, employee search, recent absences without a leave,
// and entering a leave while reporting which meetings' statuses it changed (wraps addLeave in one transaction).
import "server-only";
import { and, desc, eq, gt, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, leaves, meetingAttendance, meetingInvitees, meetings } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";
import { addLeave } from "./mutations";

/** Employees this viewer may see in the console: everyone for HR/admin, the led subtrees for managers. */
export function employeeScope(viewer: Viewer): SQL {
  if (canSeeEveryone(viewer)) return sql`true`;
  if (viewer.managedPaths.length === 0) return sql`false`;
  return or(...viewer.managedPaths.map((p) => sql`${departments.path} like ${p + "%"}`))!;
}

export function canEnterLeave(viewer: Viewer): boolean {
  return canSeeEveryone(viewer);
}

export interface LeaveLine {
  id: number;
  employeeId: number;
  employeeNo: string;
  name: string;
  department: string | null;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  createdAt: Date;
  createdByName: string | null;
}

/** Who may read the leave list: HR/admin and managers (their subtrees). */
export function assertCanReadLeaves(viewer: Viewer) {
  if (!canSeeEveryone(viewer) && viewer.managedPaths.length === 0) throw forbidden();
}

/** A leave as the list reads it (leaves joined to employees, left-joined to departments). */
export const LEAVE_LINE = {
  id: leaves.id,
  employeeId: leaves.employeeId,
  employeeNo: employees.employeeNo,
  name: employees.name,
  department: departments.name,
  startsAt: leaves.startsAt,
  endsAt: leaves.endsAt,
  reason: leaves.reason,
  createdAt: leaves.createdAt,
  createdByName: sql<string | null>`(select e2.name from employees e2 where e2.id = ${leaves.createdBy})`,
};

export async function listLeaves(db: Db, viewer: Viewer, opts: { limit?: number } = {}): Promise<LeaveLine[]> {
  assertCanReadLeaves(viewer);
  return db
    .select(LEAVE_LINE)
    .from(leaves)
    .innerJoin(employees, eq(employees.id, leaves.employeeId))
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(employeeScope(viewer))
    .orderBy(desc(leaves.createdAt), desc(leaves.id))
    .limit(opts.limit ?? 100);
}

export interface EmployeeHit {
  id: number;
  employeeNo: string;
  name: string;
  department: string | null;
}

/** Active employees by name or employee number (prefix/substring), in the viewer's scope. */
export async function searchEmployees(db: Db, viewer: Viewer, q: string, limit = 8): Promise<EmployeeHit[]> {
  const term = q.trim().replace(/[%_\\]/g, "");
  if (!term) return [];
  return db
    .select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name, department: departments.name })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(and(eq(employees.status, "active"), employeeScope(viewer), or(ilike(employees.name, `%${term}%`), ilike(employees.employeeNo, `${term}%`))))
    .orderBy(employees.employeeNo)
    .limit(limit);
}

export interface AbsenceLine {
  meetingId: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  employeeId: number;
  employeeNo: string;
  name: string;
  department: string | null;
}

/** Absences in the last `days` days (in scope), newest first: the usual reason HR enters a leave after the fact. */
export async function recentAbsences(db: Db, viewer: Viewer, opts: { days?: number; limit?: number; now?: Date } = {}): Promise<AbsenceLine[]> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.days ?? 14) * 86_400_000);
  return db
    .select({
      meetingId: meetings.id,
      title: meetings.title,
      startsAt: meetings.startsAt,
      endsAt: meetings.endsAt,
      employeeId: employees.id,
      employeeNo: employees.employeeNo,
      name: employees.name,
      department: departments.name,
    })
    .from(meetingAttendance)
    .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
    .innerJoin(employees, eq(employees.id, meetingAttendance.employeeId))
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(and(eq(meetingAttendance.status, "absent"), gte(meetings.startsAt, since), employeeScope(viewer)))
    .orderBy(desc(meetings.startsAt), employees.employeeNo)
    .limit(opts.limit ?? 8);
}

export interface LeaveEffect {
  meetingId: number;
  title: string;
  startsAt: Date;
  before: string | null;
  after: string | null;
}

/**
 * Enter a leave (HR/admin) and report every meeting of this person the leave overlaps: the status before and after.
 * Meetings still to come have no record yet; they count as on_leave when the absence job runs after their end.
 */
export async function enterLeave(
  db: Db,
  viewer: Viewer,
  input: { employeeId: number; startsAt: Date; endsAt: Date; reason?: string },
): Promise<{ id: number; effects: LeaveEffect[] }> {
  if (!canEnterLeave(viewer)) throw forbidden("only HR can enter leave");
  return db.transaction(async (tx) => {
    const overlapping = () =>
      tx
        .select({ meetingId: meetings.id, title: meetings.title, startsAt: meetings.startsAt, status: meetingAttendance.status })
        .from(meetings)
        .innerJoin(meetingInvitees, and(eq(meetingInvitees.meetingId, meetings.id), eq(meetingInvitees.employeeId, input.employeeId)))
        .leftJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, meetings.id), eq(meetingAttendance.employeeId, input.employeeId)))
        .where(and(lt(meetings.startsAt, input.endsAt), gt(meetings.endsAt, input.startsAt)))
        .orderBy(meetings.startsAt);
    const before = await overlapping();
    const l = await addLeave(tx, viewer, input);
    const after = new Map((await overlapping()).map((r) => [r.meetingId, r.status]));
    return {
      id: l.id,
      effects: before.map((b) => ({ meetingId: b.meetingId, title: b.title, startsAt: b.startsAt, before: b.status, after: after.get(b.meetingId) ?? null })),
    };
  });
}

