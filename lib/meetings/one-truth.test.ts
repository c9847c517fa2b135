// One truth per meeting: the console list, the console meeting page, the organiser's phone and the period report
// show the same figures (lib/meetings/figures) — during the meeting no rate, after it the final one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { ensureStartupData } from "@/db/startup";
import { businessDate } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { firstPeople, viewerOf, type Person } from "@/tests/people";
import { checkIn, createMeeting, finalizeMeeting, qrSecret } from "./mutations";
import { consoleMeetings, liveView, meetingReport, periodReport } from "./queries";
import { qrCode } from "./qr";
import { meetingInput } from "./schemas";

let t: TestDatabase;
let db: Db;
let people: Person[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await firstPeople(db, 10);
});
afterAll(async () => t?.close());

describe("one set of figures per meeting", () => {
  it("1 of 8 checked in: every view says 8 expected, 1 in, 7 not yet, no rate; once final every view says 1/8", async () => {
    const hr = viewerOf(people[0], new Set(["employee", "hr"]));
    const now = new Date();
    const m = await createMeeting(
      db,
      hr,
      meetingInput.parse({
        title: "一致性周例会",
        startsAt: new Date(now.getTime() - 10 * 60_000).toISOString(),
        endsAt: new Date(now.getTime() + 50 * 60_000).toISOString(),
        inviteeIds: people.slice(1, 9).map((p) => p.id),
      }),
    );
    await checkIn(db, viewerOf(people[1]), { method: "qr", meetingId: m.id, code: qrCode(await qrSecret(db), m.id, now).code }, { now });
    const day = businessDate(m.startsAt);

    // 10 minutes after the start: late.
    const during = { phase: "in_progress", expected: 8, checkedIn: 1, late: 1, notYet: 7, absent: 0, attendanceRate: null, latenessRate: null };
    const listed = (await consoleMeetings(db, hr)).find((r) => r.id === m.id)!;
    expect(listed.figures).toMatchObject(during);
    expect((await meetingReport(db, hr, m.id)).figures).toMatchObject(during);
    expect((await liveView(db, hr, m.id)).figures).toMatchObject(during);
    const periodDuring = await periodReport(db, hr, { from: day, to: day });
    expect(periodDuring.meetings.find((r) => r.key === String(m.id))).toMatchObject({ phase: "in_progress", attendanceRate: null });
    expect(periodDuring.totals.total).toBe(0); // the only meeting of the day is not final: nothing counted yet

    await finalizeMeeting(db, m, new Date(m.endsAt.getTime() + 60_000));
    const final = { phase: "final", expected: 8, checkedIn: 1, notYet: 0, absent: 7, attendanceRate: 1 / 8, latenessRate: 1 };
    expect((await consoleMeetings(db, hr)).find((r) => r.id === m.id)!.figures).toMatchObject(final);
    expect((await meetingReport(db, hr, m.id)).figures).toMatchObject(final);
    expect((await liveView(db, hr, m.id)).figures).toMatchObject(final);
    const periodFinal = await periodReport(db, hr, { from: day, to: day });
    expect(periodFinal.meetings.find((r) => r.key === String(m.id))).toMatchObject({ phase: "final", attendanceRate: 1 / 8 });
    expect(periodFinal.totals).toMatchObject({ total: 8, late: 1, absent: 7, attendanceRate: 1 / 8 });
  });

  it("a meeting next week is 未开始 with its invitees, not 0%", async () => {
    const hr = viewerOf(people[0], new Set(["employee", "hr"]));
    const start = new Date(Date.now() + 7 * 86_400_000);
    const m = await createMeeting(
      db,
      hr,
      meetingInput.parse({ title: "下周的会", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), inviteeIds: [people[2].id, people[3].id] }),
    );
    expect((await meetingReport(db, hr, m.id)).figures).toMatchObject({ phase: "upcoming", expected: 2, checkedIn: 0, attendanceRate: null });
    expect((await consoleMeetings(db, hr)).find((r) => r.id === m.id)!.figures.phase).toBe("upcoming");
  });
});
