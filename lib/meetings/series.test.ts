// Recurring meetings on a real database: a weekly series makes one meeting per week at the same Beijing time;
// editing one occurrence changes only it; editing the series changes the occurrences to come and recomputes
// nothing in the past; the series report counts per occurrence and per person.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, meetingAttendance, meetings } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { businessDate, zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { checkIn, finalizeMeeting, qrSecret, updateMeeting } from "./mutations";
import { qrCode } from "./qr";
import { meetingInput } from "./schemas";
import { createSeries, editSeries, editSeriesFromMeeting, seriesReport } from "./series";
import { wallOf } from "./series-rules";

let t: TestDatabase;
let db: Db;
let people: { id: number; employeeNo: string; name: string }[];

const viewerOf = (p: { id: number; employeeNo: string; name: string }, roles: Viewer["roles"] = new Set(["employee"])): Viewer => ({
  employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: null, departmentName: null, roles, managedPaths: [], provider: "wecom",
});

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).orderBy(employees.id).limit(5);
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
const TZ = "Asia/Shanghai";
const occurrencesOf = (seriesId: number) => db.select().from(meetings).where(eq(meetings.seriesId, seriesId)).orderBy(asc(meetings.startsAt));

async function weekly(first: Date, count = 4) {
  return createSeries(
    db,
    viewerOf(people[0]),
    {
      ...meetingInput.parse({
        title: "技术周例会",
        startsAt: first.toISOString(),
        endsAt: new Date(first.getTime() + 3_600_000).toISOString(),
        inviteeIds: [people[1].id, people[2].id, people[3].id],
      }),
      frequency: "weekly",
      count,
    },
  );
}

describe("recurring meetings (周例会)", () => {
  it("a weekly series: one meeting per week, same Beijing wall-clock time, numbered, each with the invitees", async () => {
    const first = new Date("2027-03-01T01:30:00Z"); // Monday 09:30 Beijing
    const { series, meetingIds } = await weekly(first);
    expect(series).toMatchObject({ frequency: "weekly", count: 4, startDate: "2027-03-01", startTime: "09:30", endTime: "10:30" });
    const occ = await occurrencesOf(series.id);
    expect(occ.map((m) => m.id)).toEqual(meetingIds);
    expect(occ.map((m) => [m.seriesIndex, m.businessDate, wallOf(m.startsAt, TZ).time, wallOf(m.endsAt, TZ).time])).toEqual([
      [1, "2027-03-01", "09:30", "10:30"],
      [2, "2027-03-08", "09:30", "10:30"],
      [3, "2027-03-15", "09:30", "10:30"],
      [4, "2027-03-22", "09:30", "10:30"],
    ]);
    const report = await seriesReport(db, viewerOf(people[0]), series.id, new Date("2027-02-01T00:00:00Z"));
    expect(report.occurrences.map((o) => [o.index, o.figures.phase, o.figures.expected])).toEqual([
      [1, "upcoming", 3],
      [2, "upcoming", 3],
      [3, "upcoming", 3],
      [4, "upcoming", 3],
    ]);
  });

  it("edit this one changes only it; edit the series changes the ones to come and recomputes nothing in the past", async () => {
    const now0 = new Date();
    // Started 10 days ago at 09:30 local: #1 and #2 are past. A fixed time of day, not now's: moving #3 five hours
    // later must keep it on its date (from now's time of day after 19:00 it crossed midnight and the test failed).
    const first = zonedTimeToUtc(businessDate(new Date(now0.getTime() - 10 * DAY), TZ), "09:30", TZ);
    const { series } = await weekly(first);
    const organiser = viewerOf(people[0]);
    const [o1, o2, o3, o4] = await occurrencesOf(series.id);
    // #1: A checked in on time; B never came. Settled.
    const secret = await qrSecret(db);
    await checkIn(db, viewerOf(people[1]), { method: "qr", meetingId: o1.id, code: qrCode(secret, o1.id, o1.startsAt).code }, { now: o1.startsAt });
    await finalizeMeeting(db, o1, new Date(o1.endsAt.getTime() + 60_000));
    const before1 = await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, o1.id)).orderBy(meetingAttendance.employeeId);
    expect(before1.map((r) => r.status)).toEqual(["on_time", "absent", "absent"]);

    // Edit this one (#3): a new title and a later start; the others are as they were.
    await updateMeeting(db, organiser, o3.id, { title: "技术周例会（改到下午）", startsAt: new Date(o3.startsAt.getTime() + 5 * 3_600_000), endsAt: new Date(o3.endsAt.getTime() + 5 * 3_600_000) });
    const afterOne = await occurrencesOf(series.id);
    expect(afterOne.map((m) => m.title)).toEqual(["技术周例会", "技术周例会", "技术周例会（改到下午）", "技术周例会"]);
    expect(afterOne[3].startsAt).toEqual(o4.startsAt);

    // Edit the series: the occurrences still to come (#3, #4) take the new title, times and threshold; #1 and #2 keep theirs.
    const { updated } = await editSeries(db, organiser, series.id, { title: "技术周例会 v2", startTime: "14:00", endTime: "15:00", lateAfterMinutes: 0 }, now0);
    expect(updated).toEqual([o3.id, o4.id]);
    const after = await occurrencesOf(series.id);
    expect(after.map((m) => m.title)).toEqual(["技术周例会", "技术周例会", "技术周例会 v2", "技术周例会 v2"]);
    expect(after.map((m) => m.lateAfterMinutes)).toEqual([5, 5, 0, 0]);
    expect(after.slice(2).map((m) => [wallOf(m.startsAt, TZ).time, wallOf(m.endsAt, TZ).time])).toEqual([["14:00", "15:00"], ["14:00", "15:00"]]);
    // each keeps its own date
    expect(after.map((m) => m.businessDate)).toEqual([o1, o2, o3, o4].map((m) => businessDate(m.startsAt)));
    expect([after[0].startsAt, after[1].startsAt]).toEqual([o1.startsAt, o2.startsAt]);
    // …and #1's attendance is exactly as it was (same rows, same versions, not recomputed).
    const after1 = await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, o1.id)).orderBy(meetingAttendance.employeeId);
    expect(after1.map((r) => [r.status, r.version, r.updatedAt.getTime()])).toEqual(before1.map((r) => [r.status, r.version, r.updatedAt.getTime()]));

    // From one occurrence's edit form, "the whole series": the patch's wall-clock times go to the ones to come.
    await editSeriesFromMeeting(db, organiser, o4.id, { startsAt: new Date(after[3].startsAt.getTime() + 30 * 60_000), endsAt: after[3].endsAt }, now0);
    const last = await occurrencesOf(series.id);
    expect(last.slice(2).map((m) => wallOf(m.startsAt, TZ).time)).toEqual(["14:30", "14:30"]);
    expect(last[0].startsAt).toEqual(o1.startsAt);

    // Someone else may not edit the series.
    await expect(editSeries(db, viewerOf(people[1]), series.id, { title: "x" }, now0)).rejects.toBeInstanceOf(AppError);

    // The series report: #1 final (A attended, B and C absent), the rest not final; per person over final ones.
    const report = await seriesReport(db, viewerOf(people[4], new Set(["employee", "hr"])), series.id, now0);
    expect(report.occurrences.map((o) => o.figures.phase)).toEqual(["final", "in_progress", "upcoming", "upcoming"]);
    expect(report.occurrences[0].figures).toMatchObject({ checkedIn: 1, absent: 2, attendanceRate: 1 / 3 });
    const byNo = Object.fromEntries(report.people.map((p) => [p.employeeNo, [p.invited, p.attended, p.absent, p.attendanceRate]]));
    expect(byNo).toEqual({ [people[1].employeeNo]: [1, 1, 0, 1], [people[2].employeeNo]: [1, 0, 1, 0], [people[3].employeeNo]: [1, 0, 1, 0] });
    // An employee who is neither organiser, HR nor a manager of the people: not found.
    await expect(seriesReport(db, viewerOf(people[1]), series.id, now0)).rejects.toMatchObject({ status: 404 });
  });

  it("a monthly series on the 31st lands on month ends, at the same Beijing time", async () => {
    const { series } = await createSeries(db, viewerOf(people[0]), {
      ...meetingInput.parse({ title: "月度复盘", startsAt: "2027-01-31T07:00:00Z", endsAt: "2027-01-31T08:00:00Z", inviteeIds: [people[1].id] }),
      frequency: "monthly",
      count: 3,
    });
    const occ = await occurrencesOf(series.id);
    expect(occ.map((m) => [m.businessDate, wallOf(m.startsAt, TZ).time])).toEqual([["2027-01-31", "15:00"], ["2027-02-28", "15:00"], ["2027-03-31", "15:00"]]);
  });
});
