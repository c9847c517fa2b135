// 会议联动: a check-in to a meeting that counts for attendance is a punch on the person's day, through the one punch
// write path; it follows the check-in (absent mark → vanished) and the meeting's switch (on → backfilled, off → vanished).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceDays, punches } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import { checkIn, createMeeting, manualMark, qrSecret, updateMeeting } from "@/lib/meetings/mutations";
import { qrCode } from "@/lib/meetings/qr";
import { meetingInput } from "@/lib/meetings/schemas";
import { zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { firstPeople, viewerOf, type Person } from "@/tests/people";

let t: TestDatabase;
let db: Db;
let people: Person[];
const TZ = "Asia/Shanghai";
// A Monday far from the demo data, so nothing else punches that day.
const DAY = "2027-03-01";
const at = (hhmm: string) => zonedTimeToUtc(DAY, hhmm, TZ);

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await firstPeople(db, 5);
});
afterAll(async () => t?.close());

async function allHands(counts: boolean) {
  return createMeeting(
    db,
    viewerOf(people[0]),
    meetingInput.parse({
      title: counts ? "全员大会" : "读书会",
      startsAt: at("08:50").toISOString(),
      endsAt: at("09:30").toISOString(),
      inviteeIds: [people[1].id, people[2].id, people[3].id],
      countsForAttendance: counts,
    }),
  );
}
const meetingPunches = (meetingId: number) =>
  db.select().from(punches).where(and(eq(punches.source, "meeting"))).then((rows) => rows.filter((r) => r.recordId.startsWith(`${meetingId}:`)));
const dayOf = async (employeeId: number) =>
  (await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, employeeId), eq(attendanceDays.businessDate, DAY))))[0];

async function qrCheckIn(meetingId: number, who: number, hhmm: string) {
  const now = at(hhmm);
  return checkIn(db, viewerOf(people[who]), { method: "qr", meetingId, code: qrCode(await qrSecret(db), meetingId, now).code }, { now });
}

describe("meetings as attendance evidence", () => {
  it("a check-in to a meeting that counts is one punch at the check-in time on the person's business date, and on their day", async () => {
    const m = await allHands(true);
    await qrCheckIn(m.id, 1, "08:57");
    const [p] = await meetingPunches(m.id);
    expect(p).toMatchObject({ employeeId: people[1].id, recordId: `${m.id}:${people[1].id}`, businessDate: DAY, changeState: "added", placeName: "全员大会" });
    expect(p.punchedAt.toISOString()).toBe(at("08:57").toISOString());
    const day = await dayOf(people[1].id);
    expect(day.evidencePunchIds).toContain(p.id);
    expect(day.statuses).not.toContain("late");
  });

  it("a meeting that does not count leaves attendance alone", async () => {
    const m = await allHands(false);
    await qrCheckIn(m.id, 2, "08:55");
    expect(await meetingPunches(m.id)).toEqual([]);
  });

  it("the organiser's absent mark voids the punch (kept, vanished) and the day is recomputed without it", async () => {
    const m = await allHands(true);
    await qrCheckIn(m.id, 3, "08:58");
    const [before] = await meetingPunches(m.id);
    await manualMark(db, viewerOf(people[0]), m.id, { employeeId: people[3].id, status: "absent", reason: "代签，已核实" }, at("09:40"));
    const [after] = await meetingPunches(m.id);
    expect(after).toMatchObject({ id: before.id, changeState: "vanished" });
    expect((await dayOf(people[3].id))?.evidencePunchIds ?? []).not.toContain(before.id);
  });

  it("switching 计入考勤 on backfills every check-in so far; switching it off voids them; on again restores them", async () => {
    const m = await allHands(false);
    await qrCheckIn(m.id, 1, "08:52");
    await qrCheckIn(m.id, 2, "08:59");
    const hr = viewerOf(people[4], new Set(["hr"]));
    await updateMeeting(db, hr, m.id, { countsForAttendance: true }, at("09:10"));
    let rows = await meetingPunches(m.id);
    expect(rows.map((r) => [r.employeeId, r.changeState]).sort()).toEqual([[people[1].id, "added"], [people[2].id, "added"]].sort());
    await updateMeeting(db, hr, m.id, { countsForAttendance: false }, at("09:11"));
    rows = await meetingPunches(m.id);
    expect(rows.map((r) => r.changeState)).toEqual(["vanished", "vanished"]);
    await updateMeeting(db, hr, m.id, { countsForAttendance: true }, at("09:12"));
    rows = await meetingPunches(m.id);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.changeState)).toEqual(["changed", "changed"]);
    // an edit that does not touch the switch changes no punch
    await updateMeeting(db, hr, m.id, { title: "全员大会（改）" }, at("09:13"));
    expect((await meetingPunches(m.id)).map((r) => r.updatedAt.getTime())).toEqual(rows.map((r) => r.updatedAt.getTime()));
  });
});
