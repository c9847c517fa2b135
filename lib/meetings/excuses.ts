// 会议请假 / 缺席说明, the meetings side: whether a person may still excuse themselves from a meeting (invited, not
// cancelled, before it starts — or after it, within EXCUSE_DAYS_AFTER days, when they were marked absent), and the
// approved excuse itself (meeting_excuses, one per approval item) which makes that one meeting count as leave for
// them. Every status change goes through writeAttendance (version, OA outbox, meeting punch), so the pull API, the
// organiser's live view and the reports all follow; revoking recomputes the row (back to absent after the end).
import "server-only";
import { and, asc, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, meetingAttendance, meetingExcuses, meetingInvitees, meetings } from "@/db/schema";
import { badRequest } from "@/lib/errors";
import { isInvited, writeAttendance, type MeetingRow } from "./mutations";
import { settlesAt } from "./status";

/** How long after a meeting's end an absence may still be explained. */
export const EXCUSE_DAYS_AFTER = 3;

export type ExcuseRefusal = "not_invited" | "meeting_cancelled" | "already_excused" | "already_checked_in" | "in_progress" | "not_absent" | "too_late";

export interface ExcuseFacts {
  meeting: Pick<MeetingRow, "id" | "title" | "startsAt" | "endsAt" | "organizerId" | "status" | "checkoutRequired" | "checkoutClosesAfterEndMinutes" | "checkoutOpensBeforeEndMinutes">;
  invited: boolean;
  excused: boolean;
  attendance: { status: string; checkedInAt: Date | null } | null;
}

const DAY = 86_400_000;

/** Pure: why `facts` refuse an excuse at `now`, or null when it may be filed. */
export function excuseRefusal(f: ExcuseFacts, now: Date): ExcuseRefusal | null {
  if (!f.invited) return "not_invited";
  if (f.meeting.status === "cancelled") return "meeting_cancelled";
  if (f.excused || f.attendance?.status === "on_leave") return "already_excused";
  if (f.attendance?.checkedInAt) return "already_checked_in";
  if (now < f.meeting.startsAt) return null;
  if (now < settlesAt(f.meeting)) return "in_progress";
  if (now.getTime() > f.meeting.endsAt.getTime() + EXCUSE_DAYS_AFTER * DAY) return "too_late";
  if (f.attendance?.status !== "absent") return "not_absent";
  return null;
}

const REFUSAL_WORD: Record<ExcuseRefusal, string> = {
  not_invited: "you are not invited to this meeting",
  meeting_cancelled: "this meeting was cancelled",
  already_excused: "you are already excused from this meeting",
  already_checked_in: "you have already checked in to this meeting",
  in_progress: "the meeting is under way: an absence can be explained once it has ended",
  not_absent: "you were not marked absent at this meeting",
  too_late: `an absence can be explained up to ${EXCUSE_DAYS_AFTER} days after the meeting`,
};

async function factsOf(db: Db, meetingId: number, employeeId: number): Promise<ExcuseFacts | null> {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!m) return null;
  const invited = await isInvited(db, meetingId, employeeId);
  const [ex] = await db
    .select({ id: meetingExcuses.id })
    .from(meetingExcuses)
    .where(and(eq(meetingExcuses.meetingId, meetingId), eq(meetingExcuses.employeeId, employeeId), isNull(meetingExcuses.revokedAt)))
    .limit(1);
  const [a] = await db
    .select({ status: meetingAttendance.status, checkedInAt: meetingAttendance.checkedInAt })
    .from(meetingAttendance)
    .where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.employeeId, employeeId)));
  return { meeting: m, invited, excused: !!ex, attendance: a ?? null };
}

/**
 * The meeting an excuse names, when `employeeId` may file one now; else a 400 whose `reason` says why (an unknown
 * meeting reads as not invited: nobody learns which meetings exist).
 */
export async function assertExcusable(db: Db, employeeId: number, meetingId: number, now = new Date()): Promise<ExcuseFacts["meeting"]> {
  const f = await factsOf(db, meetingId, employeeId);
  const refusal = f ? excuseRefusal(f, now) : "not_invited";
  if (refusal) throw badRequest(REFUSAL_WORD[refusal], { reason: refusal });
  return f!.meeting;
}

export interface ExcuseInput {
  meetingId: number;
  employeeId: number;
  /** The approval item behind it: the natural key (applying twice records once). */
  itemId: number;
  category: string;
  reason: string;
}

/**
 * Record an approved excuse in the caller's transaction and recompute the person's row: without any check-in they
 * are on_leave for this meeting (before it starts too, so the live view shows 请假 at once). An organiser's manual
 * "absent" gives way to the approved excuse. Returns the meeting (for the organiser's notice) and whether it was new.
 */
export async function recordMeetingExcuse(tx: Db, input: ExcuseInput, now = new Date()): Promise<{ created: boolean; meeting: MeetingRow | null }> {
  const [m] = await tx.select().from(meetings).where(eq(meetings.id, input.meetingId));
  const inserted = await tx
    .insert(meetingExcuses)
    .values({ meetingId: input.meetingId, employeeId: input.employeeId, itemId: input.itemId, category: input.category, reason: input.reason })
    .onConflictDoNothing({ target: meetingExcuses.itemId })
    .returning({ id: meetingExcuses.id });
  if (!inserted.length || !m) return { created: false, meeting: m ?? null };
  const [cur] = await tx.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, input.employeeId))).for("update");
  const manual = (cur?.evidence as Record<string, unknown> | undefined)?.manualStatus;
  await writeAttendance(tx, m, input.employeeId, now, manual === "absent" ? { manualStatus: null } : {}, cur ?? null);
  return { created: true, meeting: m };
}

/** Undo an excuse (the approval was revoked): the row is recomputed from the evidence left — absent after the end. */
export async function revokeMeetingExcuse(tx: Db, itemId: number, now = new Date()): Promise<boolean> {
  const [ex] = await tx
    .update(meetingExcuses)
    .set({ revokedAt: now })
    .where(and(eq(meetingExcuses.itemId, itemId), isNull(meetingExcuses.revokedAt)))
    .returning();
  if (!ex) return false;
  const [m] = await tx.select().from(meetings).where(eq(meetings.id, ex.meetingId));
  if (!m) return true;
  const [cur] = await tx.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, ex.employeeId))).for("update");
  if (cur) await writeAttendance(tx, m, ex.employeeId, now, {}, cur);
  return true;
}

export interface ExcusableMeeting {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** after: the meeting is over and the person was absent (缺席说明); before: it has not started (请假). */
  when: "before" | "after";
}

/**
 * The meetings `employeeId` may excuse themselves from now (the apply form's choices): invited, not cancelled,
 * not excused, not checked in; starting in the next 60 days, or ended in the last EXCUSE_DAYS_AFTER days with them
 * absent. Soonest first; at most `limit`.
 */
export async function excusableMeetings(db: Db, employeeId: number, now = new Date(), limit = 50): Promise<ExcusableMeeting[]> {
  const rows = await db
    .select({ id: meetings.id, title: meetings.title, startsAt: meetings.startsAt, endsAt: meetings.endsAt, status: meetingAttendance.status, checkedInAt: meetingAttendance.checkedInAt })
    .from(meetingInvitees)
    .innerJoin(meetings, eq(meetings.id, meetingInvitees.meetingId))
    .leftJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, meetings.id), eq(meetingAttendance.employeeId, employeeId)))
    .where(
      and(
        eq(meetingInvitees.employeeId, employeeId),
        ne(meetings.status, "cancelled"),
        isNull(meetingAttendance.checkedInAt),
        or(
          and(gt(meetings.startsAt, now), lt(meetings.startsAt, new Date(now.getTime() + 60 * DAY)), or(isNull(meetingAttendance.status), ne(meetingAttendance.status, "on_leave"))),
          and(lt(meetings.endsAt, now), gt(meetings.endsAt, new Date(now.getTime() - EXCUSE_DAYS_AFTER * DAY)), eq(meetingAttendance.status, "absent")),
        ),
        sql`not exists (select 1 from ${meetingExcuses} x where x.meeting_id = ${meetings.id} and x.employee_id = ${employeeId} and x.revoked_at is null)`,
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, title: r.title, startsAt: r.startsAt, endsAt: r.endsAt, when: r.startsAt > now ? "before" : "after" }));
}

export interface MeetingExcuseLine {
  employeeId: number;
  name: string;
  category: string;
  reason: string;
  itemId: number;
}

/** The approved excuses of one meeting (the organiser's page lists them). The caller has checked the viewer may manage it. */
export async function excusesOfMeeting(db: Db, meetingId: number): Promise<MeetingExcuseLine[]> {
  return db
    .select({ employeeId: meetingExcuses.employeeId, name: employees.name, category: meetingExcuses.category, reason: meetingExcuses.reason, itemId: meetingExcuses.itemId })
    .from(meetingExcuses)
    .innerJoin(employees, eq(employees.id, meetingExcuses.employeeId))
    .where(and(eq(meetingExcuses.meetingId, meetingId), isNull(meetingExcuses.revokedAt)))
    .orderBy(asc(employees.employeeNo))
    .limit(500);
}
