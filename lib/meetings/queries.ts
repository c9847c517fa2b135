// Reads of the meetings domain. Every function takes the viewer and applies its scope:
// employees see their own meetings, organisers the meetings they run, managers their subtree, HR everyone.
import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, meetingAttendance, meetingInvitees, meetings, unmatchedParticipants } from "@/db/schema";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { forbidden, notFound } from "@/lib/errors";
import { env } from "@/lib/env";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { canManageMeeting, qrSecret, type MeetingRow } from "./mutations";
import { checkInWindow, checkOutWindow, isCheckOutWindowOpen, isWindowOpen, type AttendanceStatus } from "./status";
import { verifyQrCode } from "./qr";
import { meetingFigures, meetingPhase, type MeetingCounts, type MeetingFigures, type MeetingPhase } from "./figures";

export const STATUSES = ["on_time", "late", "early_leave", "absent", "on_leave"] as const;

export interface MyMeeting {
  id: number;
  title: string;
  startsAt: string;
  endsAt: string;
  locationName: string | null;
  hasFence: boolean;
  windowOpen: boolean;
  opensAt: string;
  myStatus: AttendanceStatus | null;
  checkedInAt: string | null;
  method: string | null;
  /** 签退: required here; its window is open now (for someone checked in and not out yet, it is offered). */
  checkoutRequired: boolean;
  checkoutOpen: boolean;
  checkedOutAt: string | null;
  organizer: boolean;
  meetingStatus: MeetingRow["status"];
}

function toMine(m: MeetingRow, a: { status: AttendanceStatus; checkedInAt: Date | null; checkedOutAt: Date | null; method: string | null } | null, viewer: Viewer, now: Date): MyMeeting {
  return {
    id: m.id,
    title: m.title,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    locationName: m.locationName,
    hasFence: m.latitude != null && m.radiusMeters != null,
    windowOpen: m.status !== "cancelled" && isWindowOpen(m, now),
    opensAt: checkInWindow(m).opensAt.toISOString(),
    myStatus: a?.status ?? null,
    checkedInAt: a?.checkedInAt?.toISOString() ?? null,
    method: a?.method ?? null,
    checkoutRequired: m.checkoutRequired,
    checkoutOpen: m.status !== "cancelled" && isCheckOutWindowOpen(m, now),
    checkedOutAt: a?.checkedOutAt?.toISOString() ?? null,
    organizer: m.organizerId === viewer.employeeId,
    meetingStatus: m.status,
  };
}

/** Today (org time zone) and upcoming meetings for the viewer: invited, attending, or organising. */
export async function myMeetings(db: Db, viewer: Viewer, opts: { now?: Date; days?: number } = {}): Promise<{ today: MyMeeting[]; upcoming: MyMeeting[] }> {
  const now = opts.now ?? new Date();
  const today = businessDate(now);
  const from = zonedTimeToUtc(today, "00:00");
  const to = zonedTimeToUtc(addDays(today, opts.days ?? 14), "00:00");
  const mine = or(
    eq(meetings.organizerId, viewer.employeeId),
    sql`exists (select 1 from meeting_invitees i where i.meeting_id = ${meetings.id} and i.employee_id = ${viewer.employeeId})`,
    sql`exists (select 1 from meeting_attendance a2 where a2.meeting_id = ${meetings.id} and a2.employee_id = ${viewer.employeeId})`,
  );
  const rows = await db
    .select({ m: meetings, status: meetingAttendance.status, checkedInAt: meetingAttendance.checkedInAt, checkedOutAt: meetingAttendance.checkedOutAt, method: meetingAttendance.method })
    .from(meetings)
    .leftJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, meetings.id), eq(meetingAttendance.employeeId, viewer.employeeId)))
    .where(and(gte(meetings.endsAt, from), lt(meetings.startsAt, to), sql`${meetings.status} <> 'cancelled'`, mine))
    .orderBy(asc(meetings.startsAt))
    .limit(200);
  const out = rows.map((r) => toMine(r.m, r.status ? { status: r.status, checkedInAt: r.checkedInAt, checkedOutAt: r.checkedOutAt, method: r.method } : null, viewer, now));
  const tomorrow = zonedTimeToUtc(addDays(today, 1), "00:00").toISOString();
  return { today: out.filter((m) => m.startsAt < tomorrow), upcoming: out.filter((m) => m.startsAt >= tomorrow) };
}

/** My attendance history, newest first. */
export async function myHistory(db: Db, viewer: Viewer, opts: { limit?: number } = {}) {
  return db
    .select({
      meetingId: meetings.id,
      title: meetings.title,
      startsAt: meetings.startsAt,
      status: meetingAttendance.status,
      method: meetingAttendance.method,
      checkedInAt: meetingAttendance.checkedInAt,
      businessDate: meetingAttendance.businessDate,
    })
    .from(meetingAttendance)
    .innerJoin(meetings, eq(meetings.id, meetingAttendance.meetingId))
    .where(and(eq(meetingAttendance.employeeId, viewer.employeeId), sql`${meetingAttendance.status} <> 'pending'`))
    .orderBy(desc(meetings.startsAt))
    .limit(opts.limit ?? 30);
}

export function managerScope(viewer: Viewer): SQL | undefined {
  if (viewer.managedPaths.length === 0) return undefined;
  return or(...viewer.managedPaths.map((p) => sql`${departments.path} like ${p + "%"}`));
}

/** A meeting the viewer may see: organiser, HR, an invitee/attendee, or a manager of someone invited. */
export async function getMeeting(db: Db, viewer: Viewer, id: number): Promise<{ meeting: MeetingRow; canManage: boolean }> {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, id));
  if (!m) throw notFound("meeting not found");
  if (canManageMeeting(viewer, m)) return { meeting: m, canManage: true };
  const invited = await db
    .select({ e: meetingInvitees.employeeId })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, id), eq(meetingInvitees.employeeId, viewer.employeeId)))
    .limit(1);
  if (invited.length || !m.inviteOnly) return { meeting: m, canManage: false };
  const scope = managerScope(viewer);
  if (scope) {
    const r = await db
      .select({ e: meetingInvitees.employeeId })
      .from(meetingInvitees)
      .innerJoin(employees, eq(employees.id, meetingInvitees.employeeId))
      .innerJoin(departments, eq(departments.id, employees.departmentId))
      .where(and(eq(meetingInvitees.meetingId, id), scope))
      .limit(1);
    if (r.length) return { meeting: m, canManage: false };
    // …or someone whose row was recorded in the manager's departments (they have moved since), as reports count it.
    const recorded = await db
      .select({ e: meetingAttendance.employeeId })
      .from(meetingAttendance)
      .innerJoin(departments, eq(departments.id, meetingAttendance.departmentId))
      .where(and(eq(meetingAttendance.meetingId, id), scope))
      .limit(1);
    if (recorded.length) return { meeting: m, canManage: false };
  }
  throw notFound("meeting not found"); // not 403: do not reveal that it exists
}

async function requireManage(db: Db, viewer: Viewer, id: number): Promise<MeetingRow> {
  const { meeting, canManage } = await getMeeting(db, viewer, id);
  if (!canManage) throw forbidden("only the organiser or HR can see the live view");
  return meeting;
}

/** A cheap fingerprint of a meeting's attendance: changes whenever any row changes. */
export async function attendanceVersion(db: Db, meetingId: number): Promise<string> {
  const [r] = (await db
    .select({ n: sql<number>`count(*)::int`, v: sql<number>`coalesce(sum(${meetingAttendance.version}), 0)::bigint`, u: sql<string>`coalesce(max(${meetingAttendance.updatedAt}), 'epoch')::text` })
    .from(meetingAttendance)
    .where(eq(meetingAttendance.meetingId, meetingId))) as { n: number; v: number; u: string }[];
  return `${r.n}:${r.v}:${r.u}`;
}

export interface LiveView {
  meetingId: number;
  version: string;
  invited: number;
  /** the figures every page shares (lib/meetings/figures) */
  figures: MeetingFigures;
  counts: Record<AttendanceStatus | "not_checked_in", number>;
  missing: { employeeId: number; name: string; department: string | null }[];
  recent: { employeeId: number; name: string; status: AttendanceStatus; method: string | null; checkedInAt: string | null; checkedOutAt: string | null }[];
  /** 签退: null when the meeting does not require a check-out; else its window and how many checked out so far. */
  checkout: { opensAt: string; closesAt: string; checkedOut: number } | null;
  unmatched: number;
  generatedAt: string;
}

/** The organiser's live view: counts by status, who is missing, the latest check-ins. */
export async function liveView(db: Db, viewer: Viewer, meetingId: number, opts: { missingLimit?: number } = {}): Promise<LiveView> {
  const m = await requireManage(db, viewer, meetingId);
  return liveViewUnscoped(db, m, opts);
}

export async function liveViewUnscoped(db: Db, m: MeetingRow, opts: { missingLimit?: number } = {}): Promise<LiveView> {
  const version = await attendanceVersion(db, m.id);
  const byStatus = await db
    .select({ status: meetingAttendance.status, n: sql<number>`count(*)::int` })
    .from(meetingAttendance)
    .where(eq(meetingAttendance.meetingId, m.id))
    .groupBy(meetingAttendance.status);
  const [{ invited }] = (await db.select({ invited: sql<number>`count(*)::int` }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, m.id))) as { invited: number }[];
  const counts = { pending: 0, on_time: 0, late: 0, early_leave: 0, absent: 0, on_leave: 0, not_checked_in: 0 } as LiveView["counts"];
  for (const r of byStatus) counts[r.status] = r.n;
  const missingWhere = and(eq(meetingInvitees.meetingId, m.id), or(isNull(meetingAttendance.id), isNull(meetingAttendance.checkedInAt)));
  const [{ n: missingCount }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingInvitees)
    .leftJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, meetingInvitees.meetingId), eq(meetingAttendance.employeeId, meetingInvitees.employeeId)))
    .where(and(missingWhere, or(isNull(meetingAttendance.status), sql`${meetingAttendance.status} not in ('on_leave')`)))) as { n: number }[];
  counts.not_checked_in = missingCount;
  const missing = await db
    .select({ employeeId: employees.id, name: employees.name, department: departments.name })
    .from(meetingInvitees)
    .innerJoin(employees, eq(employees.id, meetingInvitees.employeeId))
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .leftJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, meetingInvitees.meetingId), eq(meetingAttendance.employeeId, meetingInvitees.employeeId)))
    .where(and(missingWhere, or(isNull(meetingAttendance.status), sql`${meetingAttendance.status} not in ('on_leave')`)))
    .orderBy(asc(employees.employeeNo))
    .limit(opts.missingLimit ?? 200);
  const recent = await db
    .select({ employeeId: employees.id, name: employees.name, status: meetingAttendance.status, method: meetingAttendance.method, checkedInAt: meetingAttendance.checkedInAt, checkedOutAt: meetingAttendance.checkedOutAt })
    .from(meetingAttendance)
    .innerJoin(employees, eq(employees.id, meetingAttendance.employeeId))
    .where(and(eq(meetingAttendance.meetingId, m.id), sql`${meetingAttendance.checkedInAt} is not null`))
    .orderBy(desc(meetingAttendance.updatedAt))
    .limit(20);
  const [{ u }] = (await db
    .select({ u: sql<number>`count(*)::int` })
    .from(unmatchedParticipants)
    .where(and(eq(unmatchedParticipants.meetingId, m.id), eq(unmatchedParticipants.status, "open")))) as { u: number }[];
  const [c] = rowsOf<MeetingCounts>(await db.execute(meetingCountsSql(sql`${m.id}`)));
  let checkout: LiveView["checkout"] = null;
  if (m.checkoutRequired) {
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)::int` })
      .from(meetingAttendance)
      .where(and(eq(meetingAttendance.meetingId, m.id), sql`${meetingAttendance.checkedOutAt} is not null`))) as { n: number }[];
    const w = checkOutWindow(m);
    checkout = { opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString(), checkedOut: n };
  }
  return {
    meetingId: m.id,
    version,
    invited,
    figures: meetingFigures(meetingPhase(m), c),
    counts,
    missing,
    recent: recent.map((r) => ({ ...r, checkedInAt: r.checkedInAt?.toISOString() ?? null, checkedOutAt: r.checkedOutAt?.toISOString() ?? null })),
    checkout,
    unmatched: u,
    generatedAt: new Date().toISOString(),
  };
}

export interface AttendanceLine {
  employeeId: number;
  employeeNo: string;
  name: string;
  department: string | null;
  status: AttendanceStatus | "not_checked_in";
  method: string | null;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  firstJoinAt: Date | null;
  lastLeaveAt: Date | null;
  device: string | null;
  invited: boolean;
  /** An invitee added after the meeting was created (a manual mark): who added them and when. */
  addedByName: string | null;
  addedAt: Date | null;
}

/** Everyone of a meeting: invitees (with or without a record) and attendees who were not invited. */
export async function attendanceList(db: Db, viewer: Viewer, meetingId: number): Promise<AttendanceLine[]> {
  const { meeting, canManage } = await getMeeting(db, viewer, meetingId);
  const scope = canManage ? undefined : managerScope(viewer);
  if (!canManage && !scope) throw forbidden("not allowed to see this meeting's attendance");
  const rows = await db.execute(sql`
    select e.id as "employeeId", e.employee_no as "employeeNo", e.name, d.name as department,
           coalesce(a.status, 'not_checked_in') as status, a.method, a.checked_in_at as "checkedInAt", a.checked_out_at as "checkedOutAt",
           a.first_join_at as "firstJoinAt", a.last_leave_at as "lastLeaveAt", a.device, (i.employee_id is not null) as invited,
           ab.name as "addedByName", i.added_at as "addedAt"
    from (select employee_id from meeting_invitees where meeting_id = ${meeting.id}
          union select employee_id from meeting_attendance where meeting_id = ${meeting.id}) p
    join employees e on e.id = p.employee_id
    left join meeting_attendance a on a.meeting_id = ${meeting.id} and a.employee_id = e.id
    -- the department recorded on the row (as in reports and exports); the current one for invitees without a row
    left join departments d on d.id = coalesce(a.department_id, e.department_id)
    left join meeting_invitees i on i.meeting_id = ${meeting.id} and i.employee_id = e.id
    left join employees ab on ab.id = i.added_by
    where ${scope ? sql`(${sql.join(viewer.managedPaths.map((p) => sql`d.path like ${p + "%"}`), sql` or `)})` : sql`true`}
    order by e.employee_no`);
  return (rows as unknown as { rows?: AttendanceLine[] }).rows ?? (rows as unknown as AttendanceLine[]);
}

/** The list's condition (unmatched_participants left-joined to meetings): open ones, HR all, others their meetings'. */
export function unmatchedWhere(viewer: Viewer, opts: { meetingId?: number } = {}) {
  const conds: SQL[] = [eq(unmatchedParticipants.status, "open")];
  if (opts.meetingId) conds.push(eq(unmatchedParticipants.meetingId, opts.meetingId));
  if (!canSeeEveryone(viewer)) conds.push(eq(meetings.organizerId, viewer.employeeId));
  return and(...conds);
}

/** Unmatched participants to claim: organisers see their meetings', HR all. */
export async function unmatchedList(db: Db, viewer: Viewer, opts: { meetingId?: number } = {}) {
  return db
    .select({ u: unmatchedParticipants, meetingTitle: meetings.title })
    .from(unmatchedParticipants)
    .leftJoin(meetings, eq(meetings.id, unmatchedParticipants.meetingId))
    .where(unmatchedWhere(viewer, opts))
    .orderBy(desc(unmatchedParticipants.lastSeenAt))
    .limit(500);
}

/* ---------- Reports ---------- */

/**
 * SQL condition limiting attendance rows (alias a, departments d, meetings m) to the viewer. `d` must be the
 * department recorded on the row (a.department_id), as in the period report's facts: a manager sees the
 * attendance their department had, not the past of people who moved in later.
 */
export function reportScope(viewer: Viewer): SQL {
  if (canSeeEveryone(viewer)) return sql`true`;
  const parts: SQL[] = [sql`m.organizer_id = ${viewer.employeeId}`];
  for (const p of viewer.managedPaths) parts.push(sql`d.path like ${p + "%"}`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

export interface RateRow {
  key: string;
  label: string;
  total: number;
  on_time: number;
  late: number;
  early_leave: number;
  absent: number;
  on_leave: number;
  attendanceRate: number; // present / (total - on_leave)
  latenessRate: number; // late / present
}

function rates(r: Omit<RateRow, "attendanceRate" | "latenessRate">): RateRow {
  const present = r.on_time + r.late + r.early_leave;
  const expected = r.total - r.on_leave;
  return { ...r, attendanceRate: expected > 0 ? present / expected : 0, latenessRate: present > 0 ? r.late / present : 0 };
}

const agg = sql`count(*)::int as total,
  count(*) filter (where a.status = 'on_time')::int as on_time,
  count(*) filter (where a.status = 'late')::int as late,
  count(*) filter (where a.status = 'early_leave')::int as early_leave,
  count(*) filter (where a.status = 'absent')::int as absent,
  count(*) filter (where a.status = 'on_leave')::int as on_leave`;

export function rowsOf<T>(r: unknown): T[] {
  return ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
}

export interface PeriodReport {
  from: string;
  to: string;
  totals: RateRow;
  byDepartment: RateRow[];
  byDay: RateRow[];
  meetings: (Omit<RateRow, "attendanceRate" | "latenessRate"> & { attendanceRate: number | null; latenessRate: number | null; phase: MeetingPhase; startsAt: string })[];
}

/**
 * Attendance over a period (business dates, inclusive), by department, by day and by meeting.
 * Totals, days and departments come from the incremental fact table (meeting_attendance_daily + its unfolded
 * deltas: a few rows per day and department instead of every attendance row). Departments are the person's
 * department when the attendance was recorded (meeting_attendance.department_id). Scope: HR/admin everything;
 * managers their subtrees; organisers additionally the rows of meetings they run (read from the rows, since
 * the facts carry no meeting).
 */
export async function periodReport(db: Db, viewer: Viewer, q: { from: string; to: string; departmentId?: number }): Promise<PeriodReport> {
  const everyone = canSeeEveryone(viewer);
  const subtree = everyone
    ? sql`true`
    : viewer.managedPaths.length
      ? sql`(${sql.join(viewer.managedPaths.map((p) => sql`d.path like ${p + "%"}`), sql` or `)})`
      : sql`false`;
  let deptFilter = sql`true`;
  if (q.departmentId) {
    const [d] = await db.select({ path: departments.path }).from(departments).where(eq(departments.id, q.departmentId));
    // Outside the viewer's scope it does not exist for them (404), as in lib/meetings/report-queries.
    if (!d || !(everyone || viewer.managedPaths.some((p) => d.path.startsWith(p)))) throw notFound("department not found");
    deptFilter = sql`d.path like ${d.path + "%"}`;
  }
  // Rows of meetings the viewer organises that the subtree does not already cover (disjoint from the facts part).
  const organised = everyone
    ? sql``
    : sql`union all
      select a.business_date, d.path, a.status, count(*)::int as n
      from meeting_attendance a join meetings m on m.id = a.meeting_id left join departments d on d.id = a.department_id
      where m.organizer_id = ${viewer.employeeId} and m.finalized_at is not null and a.business_date between ${q.from} and ${q.to} and a.status <> 'pending'
        and not coalesce(${subtree}, false) and ${deptFilter}
      group by 1, 2, 3`;
  const sums = sql`sum(n)::int as total,
    coalesce(sum(n) filter (where status = 'on_time'), 0)::int as on_time,
    coalesce(sum(n) filter (where status = 'late'), 0)::int as late,
    coalesce(sum(n) filter (where status = 'early_leave'), 0)::int as early_leave,
    coalesce(sum(n) filter (where status = 'absent'), 0)::int as absent,
    coalesce(sum(n) filter (where status = 'on_leave'), 0)::int as on_leave`;
  // Department level: the first unit under the root (path "/root/unit/…"), so charts stay readable.
  const factsQuery = db.execute(sql`
    with facts as (
      select business_date, department_id, status, n from meeting_attendance_daily where business_date between ${q.from} and ${q.to}
      union all
      select business_date, department_id, status, n from meeting_attendance_daily_delta where business_date between ${q.from} and ${q.to}
      -- meetings not final yet (running, or ended and absences not written) count only once final
      -- (lib/meetings/figures): take their rows back out of the facts
      union all
      select a.business_date, a.department_id, a.status, -count(*)::int from meetings m join meeting_attendance a on a.meeting_id = m.id
      where m.finalized_at is null and a.business_date between ${q.from} and ${q.to}
      group by 1, 2, 3
    ), scoped as (
      select f.business_date, d.path, f.status, f.n
      from facts f left join departments d on d.id = f.department_id
      where f.status <> 'pending' and ${subtree} and ${deptFilter}
      ${organised}
    )
    select grouping(business_date) as g_day, grouping(dept) as g_dept, business_date::text as day, dept, ${sums}
    from scoped cross join lateral (select coalesce(nullif(split_part(path, '/', 3), ''), '0') as dept) x
    group by grouping sets ((), (business_date), (dept))
    having sum(n) <> 0`);
  // Per meeting: the latest 500 meetings of the period with rows in scope, counted from their rows (indexed).
  const meetingScope = everyone ? sql`true` : sql`(m.organizer_id = ${viewer.employeeId} or coalesce(${subtree}, false))`;
  const meetingsQuery = db.execute(sql`
    with m as (
      select m.id, m.title, m.starts_at, m.organizer_id, m.status, m.finalized_at from meetings m
      where m.business_date between ${q.from} and ${q.to}
        and exists (select 1 from meeting_attendance a left join departments d on d.id = a.department_id
          where a.meeting_id = m.id and a.status <> 'pending' and ${meetingScope} and ${deptFilter})
      order by m.starts_at desc limit 500
    )
    select m.id::text as meeting_id, min(m.title) as title, min(m.status) as status, min(m.finalized_at)::text as finalized_at,
      to_char(min(m.starts_at) at time zone ${env().ORG_TIMEZONE}, 'YYYY-MM-DD HH24:MI') as starts_at, ${agg}
    from m join meeting_attendance a on a.meeting_id = m.id left join departments d on d.id = a.department_id
    where a.status <> 'pending' and ${meetingScope} and ${deptFilter}
    group by m.id`);
  const [factsRes, meetingsRes] = await Promise.all([factsQuery, meetingsQuery]);
  type Counts = Omit<RateRow, "attendanceRate" | "latenessRate" | "key" | "label">;
  type Raw = Counts & { g_day: number; g_dept: number; day: string | null; dept: string | null };
  type MRaw = Counts & { meeting_id: string; title: string | null; starts_at: string | null; status: string; finalized_at: string | null };
  const all = rowsOf<Raw>(factsRes).map((r) => ({ ...r, g_day: Number(r.g_day), g_dept: Number(r.g_dept) }));
  const counts = (r: Counts) => ({ total: r.total, on_time: r.on_time, late: r.late, early_leave: r.early_leave, absent: r.absent, on_leave: r.on_leave });
  const totalRow = all.find((r) => r.g_day && r.g_dept);
  const deptRows = all.filter((r) => r.g_day && !r.g_dept);
  const deptIds = deptRows.map((r) => Number(r.dept)).filter((n) => n > 0);
  const names = deptIds.length ? await db.select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, deptIds)) : [];
  const nameOf = new Map(names.map((n) => [String(n.id), n.name]));
  // key "0" (no department) has an empty label: pages name it in the viewer's language.
  return {
    from: q.from,
    to: q.to,
    totals: rates(totalRow ? { key: "all", label: "全部", ...counts(totalRow) } : { key: "all", label: "全部", total: 0, on_time: 0, late: 0, early_leave: 0, absent: 0, on_leave: 0 }),
    byDepartment: deptRows.sort((x, y) => Number(x.dept) - Number(y.dept)).map((r) => rates({ key: r.dept!, label: nameOf.get(r.dept!) ?? "", ...counts(r) })),
    byDay: all.filter((r) => !r.g_day).sort((x, y) => x.day!.localeCompare(y.day!)).map((r) => rates({ key: r.day!, label: r.day!, ...counts(r) })),
    meetings: rowsOf<MRaw>(meetingsRes)
      .sort((x, y) => (y.starts_at ?? "").localeCompare(x.starts_at ?? ""))
      .map((r) => {
        const phase = r.status === "cancelled" ? "cancelled" : r.finalized_at ? "final" : "in_progress";
        const row = rates({ key: r.meeting_id, label: r.title ?? "", ...counts(r) });
        // Rates of a meeting that is not final would be guesses (lib/meetings/figures).
        return phase === "final" ? { ...row, phase, startsAt: r.starts_at ?? "" } : { ...row, attendanceRate: null, latenessRate: null, phase, startsAt: r.starts_at ?? "" };
      }),
  };
}

/** One meeting's report: totals and by department (second-level units). */
export async function meetingReport(db: Db, viewer: Viewer, meetingId: number, now = new Date()) {
  const { meeting, canManage } = await getMeeting(db, viewer, meetingId);
  const scope = canManage ? sql`true` : reportScope(viewer);
  const base = sql`from meeting_attendance a join meetings m on m.id = a.meeting_id join employees e on e.id = a.employee_id
    left join departments d on d.id = a.department_id where a.meeting_id = ${meetingId} and a.status <> 'pending' and ${scope}`;
  const [totals, byDept] = await Promise.all([
    db.execute(sql`select 'all' as key, '全部' as label, ${agg} ${base}`),
    db.execute(sql`select coalesce(d.id::text, '0') as key, coalesce(min(d.name), '') as label, ${agg} ${base} group by d.id order by 3 desc`),
  ]);
  type Raw = Omit<RateRow, "attendanceRate" | "latenessRate">;
  const subtree = viewer.managedPaths.length ? sql`(${sql.join(viewer.managedPaths.map((p) => sql`d.path like ${p + "%"}`), sql` or `)})` : sql`false`;
  const [c] = rowsOf<MeetingCounts>(await db.execute(meetingCountsSql(sql`${meetingId}`, canManage ? undefined : subtree)));
  const figures = meetingFigures(meetingPhase(meeting, now), c);
  return { meeting, figures, totals: rates(rowsOf<Raw>(totals)[0]), byDepartment: rowsOf<Raw>(byDept).map(rates) };
}

/**
 * What the check-in page shows before checking in (the person holds a link or QR of this meeting). An invite-only
 * meeting is shown only to its invitees, its organiser and HR, someone already recorded in it, or someone holding
 * a genuine code of it (current or expired: they were shown the organiser's screen); to anyone else it does not
 * exist (null), as on the meeting page, so ids cannot be walked to read titles, places and organisers.
 */
export async function meetingForCheckIn(db: Db, viewer: Viewer, id: number, opts: { code?: string; now?: Date } = {}) {
  const [row] = await db
    .select({ m: meetings, organiserName: employees.name })
    .from(meetings)
    .leftJoin(employees, eq(employees.id, meetings.organizerId))
    .where(eq(meetings.id, id));
  if (!row || row.m.status === "cancelled") return null;
  const [mine] = await db
    .select()
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, id), eq(meetingAttendance.employeeId, viewer.employeeId)));
  const m = row.m;
  const invited = await db
    .select({ e: meetingInvitees.employeeId })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, id), eq(meetingInvitees.employeeId, viewer.employeeId)))
    .limit(1);
  if (m.inviteOnly && invited.length === 0 && !mine && !canManageMeeting(viewer, m)) {
    const verdict = opts.code ? verifyQrCode(await qrSecret(db), m.id, opts.code, opts.now ?? new Date()) : null;
    if (!verdict || (!verdict.ok && verdict.reason === "invalid")) return null;
  }
  return {
    id: m.id,
    invited: invited.length > 0,
    inviteOnly: m.inviteOnly,
    title: m.title,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    locationName: m.locationName,
    hasFence: m.latitude != null && m.radiusMeters != null,
    radiusMeters: m.radiusMeters,
    organiserName: row.organiserName,
    windowOpen: isWindowOpen(m, new Date()),
    opensAt: checkInWindow(m).opensAt.toISOString(),
    myStatus: mine?.status ?? null,
    checkedInAt: mine?.checkedInAt?.toISOString() ?? null,
    checkoutRequired: m.checkoutRequired,
    checkoutOpen: isCheckOutWindowOpen(m, opts.now ?? new Date()),
    checkoutOpensAt: checkOutWindow(m).opensAt.toISOString(),
    checkoutClosesAt: checkOutWindow(m).closesAt.toISOString(),
    checkedOutAt: mine?.checkedOutAt?.toISOString() ?? null,
  };
}

/** Employee ids for employee numbers (active only), for invitations typed by number. */
export async function employeeIdsByNo(db: Db, nos: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  if (nos.length === 0) return { ids: [], unknown: [] };
  const rows = await db.select({ id: employees.id, no: employees.employeeNo }).from(employees).where(and(inArray(employees.employeeNo, nos), eq(employees.status, "active")));
  const found = new Set(rows.map((r) => r.no));
  return { ids: rows.map((r) => r.id), unknown: nos.filter((n) => !found.has(n)) };
}

/** Console list: meetings in scope with their figures (lib/meetings/figures) — HR all; managers: meetings with their people. */
/** Meetings in the console's scope, latest first; `after` continues from a row (keyset, for the export). */
export async function consoleMeetings(db: Db, viewer: Viewer, opts: { limit?: number; after?: { startsAt: Date; id: number }; now?: Date } = {}) {
  const scope = canSeeEveryone(viewer)
    ? sql`true`
    : sql`(m.organizer_id = ${viewer.employeeId} or exists (select 1 from meeting_invitees i join employees e on e.id = i.employee_id join departments d on d.id = e.department_id where i.meeting_id = m.id and (${viewer.managedPaths.length ? sql.join(viewer.managedPaths.map((p) => sql`d.path like ${p + "%"}`), sql` or `) : sql`false`})))`;
  const res = await db.execute(sql`
    select m.id, m.title, m.source, m.status, m.starts_at as "startsAt", m.ends_at as "endsAt", m.finalized_at as "finalizedAt", o.name as organiser,
      (select count(*) from meeting_invitees i where i.meeting_id = m.id)::int as invited,
      c.*
    from meetings m left join employees o on o.id = m.organizer_id
    cross join lateral (${meetingCountsSql(sql`m.id`)}) c
    where ${scope} ${opts.after ? sql`and (m.starts_at, m.id) < (${opts.after.startsAt.toISOString()}::timestamptz, ${opts.after.id})` : sql``}
    order by m.starts_at desc, m.id desc limit ${opts.limit ?? 100}`);
  type R = MeetingCounts & { id: number; title: string; source: string; status: string; startsAt: string; endsAt: string; finalizedAt: string | null; organiser: string | null; invited: number };
  return ((res as unknown as { rows?: R[] }).rows ?? (res as unknown as R[])).map((r) => {
    const startsAt = new Date(r.startsAt);
    const finalizedAt = r.finalizedAt ? new Date(r.finalizedAt) : null;
    const figures = meetingFigures(meetingPhase({ status: r.status, startsAt, finalizedAt }, opts.now), r);
    return { ...r, id: Number(r.id), startsAt, endsAt: new Date(r.endsAt), finalizedAt, figures, present: figures.checkedIn };
  });
}

/**
 * One meeting's counts (lib/meetings/figures.MeetingCounts) for a meeting id expression: people are the invitees
 * and anyone with a row; `extra` narrows the people (e.g. to a manager's subtree, alias d = their department).
 */
export function meetingCountsSql(meetingId: SQL, extra?: SQL) {
  return sql`select count(*)::int as people,
      count(*) filter (where a.status = 'on_time')::int as on_time,
      count(*) filter (where a.status = 'late')::int as late,
      count(*) filter (where a.status = 'early_leave')::int as early_leave,
      count(*) filter (where a.status = 'absent')::int as absent,
      count(*) filter (where a.status = 'on_leave')::int as on_leave
    from (select employee_id from meeting_invitees where meeting_id = ${meetingId}
          union select employee_id from meeting_attendance where meeting_id = ${meetingId}) p
    left join meeting_attendance a on a.meeting_id = ${meetingId} and a.employee_id = p.employee_id
    ${extra ? sql`join employees e on e.id = p.employee_id left join departments d on d.id = coalesce(a.department_id, e.department_id) where ${extra}` : sql``}`;
}
