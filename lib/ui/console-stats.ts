// The console home's KPI cards: small counting queries, each scoped to the viewer (HR/admin: everyone;
// managers: the department subtrees they lead). System health numbers (identity conflicts, inbox failures,
// OA backlog) are for HR/admin only and come back null for managers.
import "server-only";
import { and, eq, exists, inArray, isNotNull, ne, or, sql, type Column, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, identityConflicts, inboxEvents, meetingAttendance, meetingInvitees, meetings, oaOutbox } from "@/db/schema";
import type { ConsoleScope } from "./console-access";
import { businessDate } from "@/lib/time";

export interface ConsoleStats {
  businessDate: string;
  todayMeetings: number;
  checkinsToday: number;
  /** People expected at today's meetings in scope (denominator for the check-in rate). */
  expectedToday: number;
  openConflicts: number | null;
  inboxFailures: number | null;
  inboxParked: number | null;
  oaBacklog: number | null;
  /** Oldest undelivered OA record, for "waiting since". */
  oaOldestPendingAt: Date | null;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** employees.department_id inside one of the subtrees; `true` for HR/admin. */
function employeeInScope(scope: ConsoleScope, employeeId: Column): SQL {
  if (scope.kind === "all") return sql`true`;
  if (scope.paths.length === 0) return sql`false`;
  const inSubtree = or(...scope.paths.map((p) => sql`${departments.path} LIKE ${escapeLike(p) + "%"}`))!;
  return sql`${employeeId} IN (
    SELECT ${employees.id} FROM ${employees}
    JOIN ${departments} ON ${departments.id} = ${employees.departmentId}
    WHERE ${inSubtree}
  )`;
}

export async function getConsoleStats(db: Db, scope: ConsoleScope, args: { now?: Date; timeZone: string }): Promise<ConsoleStats> {
  const now = args.now ?? new Date();
  const today = businessDate(now, args.timeZone);
  const everyone = scope.kind === "all";

  // A meeting is in a manager's scope when its organiser or any invitee is in the subtree.
  const meetingInScope = everyone
    ? sql`true`
    : or(
        employeeInScope(scope, meetings.organizerId),
        exists(
          db
            .select({ one: sql`1` })
            .from(meetingInvitees)
            .where(and(eq(meetingInvitees.meetingId, meetings.id), employeeInScope(scope, meetingInvitees.employeeId))),
        ),
      )!;

  const [meetingsRow] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetings)
    .where(and(eq(meetings.businessDate, today), ne(meetings.status, "cancelled"), meetingInScope));

  const [checkinsRow] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingAttendance)
    .where(
      and(
        eq(meetingAttendance.businessDate, today),
        isNotNull(meetingAttendance.checkedInAt),
        employeeInScope(scope, meetingAttendance.employeeId),
      ),
    );

  const [expectedRow] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingInvitees)
    .innerJoin(meetings, eq(meetings.id, meetingInvitees.meetingId))
    .where(
      and(
        eq(meetings.businessDate, today),
        ne(meetings.status, "cancelled"),
        employeeInScope(scope, meetingInvitees.employeeId),
      ),
    );

  let openConflicts: number | null = null;
  let inboxFailures: number | null = null;
  let inboxParked: number | null = null;
  let oaBacklog: number | null = null;
  let oaOldestPendingAt: Date | null = null;
  if (everyone) {
    const [c] = await db.select({ n: sql<number>`count(*)::int` }).from(identityConflicts).where(eq(identityConflicts.status, "open"));
    const inbox = await db
      .select({ status: inboxEvents.status, n: sql<number>`count(*)::int` })
      .from(inboxEvents)
      .where(inArray(inboxEvents.status, ["dead", "parked"]))
      .groupBy(inboxEvents.status);
    const [oa] = await db
      .select({ n: sql<number>`count(*)::int`, oldest: sql<string | null>`min(${oaOutbox.createdAt})` })
      .from(oaOutbox)
      .where(and(eq(oaOutbox.status, "pending"), ne(oaOutbox.sink, "none")));
    openConflicts = c.n;
    inboxFailures = inbox.find((r) => r.status === "dead")?.n ?? 0;
    inboxParked = inbox.find((r) => r.status === "parked")?.n ?? 0;
    oaBacklog = oa.n;
    oaOldestPendingAt = oa.oldest ? new Date(oa.oldest) : null;
  }

  return {
    businessDate: today,
    todayMeetings: meetingsRow.n,
    checkinsToday: checkinsRow.n,
    expectedToday: expectedRow.n,
    openConflicts,
    inboxFailures,
    inboxParked,
    oaBacklog,
    oaOldestPendingAt,
  };
}
