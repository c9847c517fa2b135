// Recurring meetings (周例会): a series makes one meetings row per occurrence (series_id, series_index), so each
// occurrence checks in, settles and reports like any meeting. Editing one occurrence is editing its meeting
// (updateMeeting); editing the series edits the occurrences still to come and leaves the past alone (their
// attendance is not recomputed). The series report counts per occurrence and per person.
import "server-only";
import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { meetingSeries, meetings } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { env } from "@/lib/env";
import { meetingFigures, meetingPhase, type MeetingCounts, type MeetingFigures } from "./figures";
import { canManageMeeting, createMeeting, updateMeeting, type MeetingRow } from "./mutations";
import { managerScope, meetingCountsSql, rowsOf } from "./queries";
import type { MeetingInput, MeetingPatch } from "./schemas";
import { occurrenceAt, occurrences, wallOf, type Frequency } from "./series-rules";

export type SeriesRow = typeof meetingSeries.$inferSelect;

/**
 * Create a series: `input` is the first occurrence (its start and end give the wall-clock times in ORG_TIMEZONE);
 * `count` occurrences at `frequency`, each a meeting with the same invitees and rules.
 */
export async function createSeries(
  db: Db,
  viewer: Viewer,
  input: MeetingInput & { frequency: Frequency; count: number; videoSource?: MeetingRow["videoSource"]; videoMeetingId?: string | null },
): Promise<{ series: SeriesRow; meetingIds: number[] }> {
  const tz = env().ORG_TIMEZONE;
  const first = wallOf(input.startsAt, tz);
  const endTime = wallOf(input.endsAt, tz).time;
  const list = occurrences({ startDate: first.date, frequency: input.frequency, count: input.count, startTime: first.time, endTime }, tz);
  if (list.length < 2) throw new AppError("bad_request", 400, "重复会议至少需要 2 次");
  return db.transaction(async (tx) => {
    const [series] = await tx
      .insert(meetingSeries)
      .values({ title: input.title, organizerId: viewer.employeeId, frequency: input.frequency, startDate: first.date, count: list.length, startTime: first.time, endTime })
      .returning();
    const meetingIds: number[] = [];
    for (const o of list) {
      const m = await createMeeting(tx, viewer, { ...input, startsAt: o.startsAt, endsAt: o.endsAt });
      await tx.update(meetings).set({ seriesId: series.id, seriesIndex: o.index }).where(eq(meetings.id, m.id));
      meetingIds.push(m.id);
    }
    await writeAudit(tx, viewer, "meeting.series.create", { type: "meeting_series", id: series.id }, { frequency: input.frequency, count: list.length });
    return { series, meetingIds };
  });
}

export async function getSeries(db: Db, id: number): Promise<SeriesRow> {
  const [s] = await db.select().from(meetingSeries).where(eq(meetingSeries.id, id));
  if (!s) throw notFound("series not found");
  return s;
}

/** What a series edit may change: the meeting fields, with wall-clock times (HH:mm in ORG_TIMEZONE) instead of instants. */
export type SeriesPatch = Omit<MeetingPatch, "startsAt" | "endsAt"> & { startTime?: string; endTime?: string };

/**
 * Edit the occurrences of a series still to come (starting after `now`, not cancelled): each keeps its date and
 * takes the new times and fields. Past and running occurrences are not touched, so nothing there is recomputed.
 * Answers the meetings changed.
 */
export async function editSeries(db: Db, viewer: Viewer, seriesId: number, patch: SeriesPatch, now = new Date()): Promise<{ updated: number[] }> {
  const tz = env().ORG_TIMEZONE;
  return db.transaction(async (tx) => {
    const s = await getSeries(tx, seriesId);
    if (!(s.organizerId === viewer.employeeId || canSeeEveryone(viewer))) throw forbidden("only the organiser or HR can edit this series");
    const { startTime, endTime, ...fields } = patch;
    const future = await tx
      .select()
      .from(meetings)
      .where(and(eq(meetings.seriesId, seriesId), gt(meetings.startsAt, now), ne(meetings.status, "cancelled")))
      .orderBy(asc(meetings.startsAt));
    const updated: number[] = [];
    for (const m of future) {
      const times: Partial<MeetingPatch> = {};
      if (startTime || endTime) {
        const o = occurrenceAt(wallOf(m.startsAt, tz).date, startTime ?? wallOf(m.startsAt, tz).time, endTime ?? wallOf(m.endsAt, tz).time, tz);
        times.startsAt = o.startsAt;
        times.endsAt = o.endsAt;
      }
      await updateMeeting(tx, viewer, m.id, { ...fields, ...times }, now);
      updated.push(m.id);
    }
    await tx
      .update(meetingSeries)
      .set({
        ...(fields.title ? { title: fields.title } : {}),
        ...(startTime ? { startTime } : {}),
        ...(endTime ? { endTime } : {}),
        updatedAt: now,
      })
      .where(eq(meetingSeries.id, seriesId));
    await writeAudit(tx, viewer, "meeting.series.update", { type: "meeting_series", id: seriesId }, { fields: Object.keys(patch), meetings: updated.length });
    return { updated };
  });
}

/**
 * "Edit the whole series" from one occurrence's edit form: its patch (instants) becomes a series patch (the
 * wall-clock times of the new start and end) applied to the occurrences still to come.
 */
export async function editSeriesFromMeeting(db: Db, viewer: Viewer, meetingId: number, patch: MeetingPatch, now = new Date()) {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!m?.seriesId) throw notFound("meeting is not part of a series");
  if (!canManageMeeting(viewer, m)) throw forbidden("only the organiser or HR can edit this series");
  const tz = env().ORG_TIMEZONE;
  const { startsAt, endsAt, ...fields } = patch;
  return editSeries(db, viewer, m.seriesId, { ...fields, ...(startsAt ? { startTime: wallOf(startsAt, tz).time } : {}), ...(endsAt ? { endTime: wallOf(endsAt, tz).time } : {}) }, now);
}

export interface SeriesReport {
  series: SeriesRow;
  canManage: boolean;
  occurrences: { meetingId: number; index: number | null; title: string; startsAt: Date; endsAt: Date; status: string; figures: MeetingFigures }[];
  /** Over the occurrences that are final (lib/meetings/figures: a rate before that would be a guess). */
  people: {
    employeeId: number;
    employeeNo: string;
    name: string;
    department: string | null;
    invited: number;
    attended: number;
    on_time: number;
    late: number;
    early_leave: number;
    absent: number;
    on_leave: number;
    attendanceRate: number | null;
  }[];
}

/**
 * The series report: each occurrence's figures, and per person over the final occurrences. The organiser and HR
 * see everyone; a manager sees the people of their departments (the department recorded on the attendance row).
 */
export async function seriesReport(db: Db, viewer: Viewer, seriesId: number, now = new Date()): Promise<SeriesReport> {
  const series = await getSeries(db, seriesId);
  const canManage = series.organizerId === viewer.employeeId || canSeeEveryone(viewer);
  const scope = canManage ? undefined : managerScope(viewer);
  if (!canManage && !scope) throw notFound("series not found");
  const subtree = scope ? sql`(${sql.join(viewer.managedPaths.map((p) => sql`d.path like ${p + "%"}`), sql` or `)})` : undefined;
  const rows = await db.select().from(meetings).where(eq(meetings.seriesId, seriesId)).orderBy(asc(meetings.startsAt), asc(meetings.id));
  const occ: SeriesReport["occurrences"] = [];
  for (const m of rows) {
    const [c] = rowsOf<MeetingCounts>(await db.execute(meetingCountsSql(sql`${m.id}`, subtree)));
    occ.push({ meetingId: m.id, index: m.seriesIndex, title: m.title, startsAt: m.startsAt, endsAt: m.endsAt, status: m.status, figures: meetingFigures(meetingPhase(m, now), c) });
  }
  if (!canManage && occ.every((o) => o.figures.people === 0)) throw notFound("series not found");
  type Raw = Omit<SeriesReport["people"][number], "attendanceRate" | "employeeId"> & { employeeId: string };
  const people = rowsOf<Raw>(
    await db.execute(sql`
      select e.id::text as "employeeId", e.employee_no as "employeeNo", e.name, min(d.name) as department,
        count(*)::int as invited,
        count(*) filter (where a.status in ('on_time', 'late', 'early_leave'))::int as attended,
        count(*) filter (where a.status = 'on_time')::int as on_time,
        count(*) filter (where a.status = 'late')::int as late,
        count(*) filter (where a.status = 'early_leave')::int as early_leave,
        count(*) filter (where a.status = 'absent')::int as absent,
        count(*) filter (where a.status = 'on_leave')::int as on_leave
      from meetings m
      join meeting_attendance a on a.meeting_id = m.id
      join employees e on e.id = a.employee_id
      left join departments d on d.id = a.department_id
      where m.series_id = ${seriesId} and m.finalized_at is not null and m.status <> 'cancelled' and a.status <> 'pending'
        and ${subtree ?? sql`true`}
      group by e.id, e.employee_no, e.name
      order by e.employee_no`),
  );
  return {
    series,
    canManage,
    occurrences: occ,
    people: people.map((p) => {
      const expected = p.invited - p.on_leave;
      return { ...p, employeeId: Number(p.employeeId), attendanceRate: expected > 0 ? p.attended / expected : null };
    }),
  };
}
