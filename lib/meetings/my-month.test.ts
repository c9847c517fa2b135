import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { employees, meetingAttendance, meetingInvitees, meetings } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { businessDate } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { myMonth } from "./my-month";

let t: TestDatabase;
let db: Db;
let me: Viewer;
let other: Viewer;

const viewerOf = (p: { id: number; employeeNo: string; name: string }): Viewer => ({
  employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: null, departmentName: null, roles: new Set(["employee"]), managedPaths: [], provider: "wecom",
});

type Status = "on_time" | "late" | "early_leave" | "absent" | "on_leave";
/** A meeting (dates in 2025, far from the demo organisation's own) with `who` invited and, optionally, a status. */
async function meeting(title: string, startsAtUtc: string, invited: Viewer[], statuses: Partial<Record<number, Status>> = {}, opts: { cancelled?: boolean; organiser?: Viewer } = {}) {
  const startsAt = new Date(startsAtUtc);
  const [m] = await db
    .insert(meetings)
    .values({ externalId: `mm-${title}`, title, organizerId: (opts.organiser ?? other).employeeId, startsAt, endsAt: new Date(startsAt.getTime() + 3_600_000), businessDate: businessDate(startsAt), status: opts.cancelled ? "cancelled" : "scheduled" })
    .returning({ id: meetings.id });
  if (invited.length) await db.insert(meetingInvitees).values(invited.map((v) => ({ meetingId: m.id, employeeId: v.employeeId })));
  for (const [employeeId, status] of Object.entries(statuses)) {
    await db.insert(meetingAttendance).values({
      meetingId: m.id, employeeId: Number(employeeId), status: status!, method: status === "on_time" || status === "late" ? "qr" : null,
      checkedInAt: status === "on_time" || status === "late" ? new Date(startsAt.getTime() + (status === "late" ? 8 : -2) * 60_000) : null,
      businessDate: businessDate(startsAt),
    });
  }
  return m.id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  const people = await db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).orderBy(employees.id).limit(2);
  me = viewerOf(people[0]);
  other = viewerOf(people[1]);
  await meeting("准时的会", "2025-03-03T02:00:00Z", [me, other], { [me.employeeId]: "on_time", [other.employeeId]: "absent" });
  await meeting("迟到的会", "2025-03-10T06:00:00Z", [me], { [me.employeeId]: "late" });
  await meeting("缺席的会", "2025-03-12T06:00:00Z", [me], { [me.employeeId]: "absent" });
  await meeting("请假的会", "2025-03-20T06:00:00Z", [me], { [me.employeeId]: "on_leave" });
  await meeting("取消的会", "2025-03-21T06:00:00Z", [me], { [me.employeeId]: "absent" }, { cancelled: true });
  await meeting("只组织不参加", "2025-03-22T06:00:00Z", [other], {}, { organiser: me });
  await meeting("别人的会", "2025-03-23T06:00:00Z", [other], { [other.employeeId]: "late" });
  // 23:30 on 31 March in Shanghai is 15:30 UTC: March. 00:30 on 1 April is 16:30 UTC the same UTC day: April.
  await meeting("月末深夜会", "2025-03-31T15:30:00Z", [me]);
  await meeting("月初凌晨会", "2025-03-31T16:30:00Z", [me], { [me.employeeId]: "early_leave" });
});
afterAll(async () => t?.close());

describe("my month (考勤 tab)", () => {
  it("counts only my final statuses in the month, by business date in the organisation's time zone", async () => {
    const march = await myMonth(db, me, "2025-03", new Date("2026-11-23T03:00:00Z"));
    expect(march.totals).toMatchObject({ on_time: 1, late: 1, early_leave: 0, absent: 1, on_leave: 1, final: 4, notYet: 1 });
    // present 2 of expected 3 (leave is not expected); 1 of 2 present was late
    expect(march.totals.attendanceRate).toBeCloseTo(2 / 3);
    expect(march.totals.latenessRate).toBeCloseTo(1 / 2);
    const titles = march.days.flatMap((d) => d.items.map((i) => i.title));
    expect(titles).toEqual(["月末深夜会", "请假的会", "缺席的会", "迟到的会", "准时的会"]); // newest day first
    expect(titles).not.toContain("取消的会");
    expect(titles).not.toContain("只组织不参加");
    expect(titles).not.toContain("别人的会");
    expect(march.days[0]).toMatchObject({ date: "2025-03-31", items: [expect.objectContaining({ standing: "awaiting", checkedInAt: null })] });
    const late = march.days.flatMap((d) => d.items).find((i) => i.title === "迟到的会")!;
    expect(late).toMatchObject({ standing: "late", method: "qr" });
    expect(late.checkedInAt?.toISOString()).toBe("2025-03-10T06:08:00.000Z");

    const april = await myMonth(db, me, "2025-04", new Date("2026-11-23T03:00:00Z"));
    expect(april.days.flatMap((d) => d.items.map((i) => [d.date, i.title, i.standing]))).toEqual([["2025-04-01", "月初凌晨会", "early_leave"]]);
    expect(april.totals).toMatchObject({ early_leave: 1, final: 1, attendanceRate: 1, latenessRate: 0 });
  });

  it("another employee sees their own month, not mine", async () => {
    const theirs = await myMonth(db, other, "2025-03", new Date("2026-11-23T03:00:00Z"));
    expect(theirs.days.flatMap((d) => d.items.map((i) => i.title)).sort()).toEqual(["别人的会", "只组织不参加", "准时的会"].sort());
    expect(theirs.totals).toMatchObject({ absent: 1, late: 1, final: 2, notYet: 1 });
  });

  it("a meeting without a final status is upcoming, ongoing or awaiting by the clock", async () => {
    const at = (iso: string) => myMonth(db, me, "2025-03", new Date(iso)).then((m) => m.days[0].items[0].standing);
    expect(await at("2025-03-31T15:00:00Z")).toBe("upcoming");
    expect(await at("2025-03-31T16:00:00Z")).toBe("ongoing");
    expect(await at("2025-03-31T17:00:00Z")).toBe("awaiting");
  });

  it("months: default is the current one (no next), across a year boundary, empty months, bad input is a 400", async () => {
    const now = new Date("2025-01-10T03:00:00Z");
    const jan = await myMonth(db, me, undefined, now);
    expect(jan).toMatchObject({ month: "2025-01", prevMonth: "2024-12", nextMonth: null, isCurrent: true, days: [] });
    expect(jan.totals).toMatchObject({ final: 0, notYet: 0, attendanceRate: null, latenessRate: null });
    expect(await myMonth(db, me, "2024-12", now)).toMatchObject({ nextMonth: "2025-01", isCurrent: false });
    // 2025-01-31 20:00 UTC is already 1 February in Shanghai
    expect((await myMonth(db, me, undefined, new Date("2025-01-31T20:00:00Z"))).month).toBe("2025-02");
    for (const bad of ["2025-13", "2025-3", "march", "2025-03-01", "0000-01", "0099-12", "1999-12", "3000-01"]) await expect(myMonth(db, me, bad, now)).rejects.toMatchObject({ status: 400 });
  });
});
