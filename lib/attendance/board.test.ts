// The live board over the demo company (real database, the demo seed, the app punch write path): scope (a manager
// sees only the subtree they lead; a filter outside it is refused), a punch moving someone to present, the week's
// counts, and "提醒未打卡" queuing one nudge per person per day.
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { DEMO_PLACES } from "@/db/demo-attendance";
import { seedDemoToday } from "@/db/demo-board";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { employees, leaveSpans, notificationOutbox } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { departmentIdOf, realViewerOf, refusedWith } from "@/tests/people";
import { attendanceBoard, attendanceBoardWeek, boardVersion, remindNotYet, scopePeople, boardScope } from "./board";
import { refreshCalendar } from "./calendar";
import { punchInApp } from "./punches/app";

const MON = "2026-12-07"; // a Monday workday
const at = (date: string, time: string) => zonedTimeToUtc(date, time, "Asia/Shanghai");
let t: TestDatabase;
let db: Db;
const org = buildDemoOrg();
const leaderOf = (code: string) => org.employees.find((e) => e.isLeader && e.departmentCode === code)!;
const member = (pred: (e: (typeof org.employees)[number]) => boolean) => org.employees.filter((e) => !e.isLeader && e.role === "employee" && pred(e));
const viewerOf = (no: string): Promise<Viewer> => realViewerOf(db, no);
const deptId = (code: string) => departmentIdOf(db, code);
const refused = refusedWith;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026, 2027] });
  await seedDemo(db, { now: at(MON, "07:00") });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("attendance board scope", () => {
  it("a manager sees only the subtree they lead; HR sees everyone", async () => {
    const manager = await viewerOf(leaderOf("D110").employeeNo);
    const board = await attendanceBoard(db, manager, { now: at(MON, "08:30") });
    const listed = Object.values(board.people).flat();
    expect(board.counts.expected).toBeGreaterThan(0);
    const d110 = new Set(org.employees.filter((e) => e.departmentCode.startsWith("D11")).map((e) => e.employeeNo));
    for (const p of listed) expect(d110.has(p.employeeNo), p.employeeNo).toBe(true);
    const hr = await viewerOf(org.employees.find((e) => e.role === "hr" && !e.isLeader)!.employeeNo);
    const all = await attendanceBoard(db, hr, { now: at(MON, "08:30") });
    expect(all.counts.expected).toBeGreaterThan(board.counts.expected);
    expect(board.departments.every((d) => d.name)).toBe(true);
  });

  it("a filter inside the scope narrows it; outside the scope is not found (404); an employee who leads nothing is refused (403)", async () => {
    const manager = await viewerOf(leaderOf("D110").employeeNo);
    const inside = await attendanceBoard(db, manager, { departmentId: await deptId("D111"), now: at(MON, "08:30") });
    expect(inside.department?.name).toBe("基础架构组");
    const d111 = new Set(org.employees.filter((e) => e.departmentCode === "D111").map((e) => e.employeeNo));
    for (const p of Object.values(inside.people).flat()) expect(d111.has(p.employeeNo)).toBe(true);
    expect(await refused(attendanceBoard(db, manager, { departmentId: await deptId("D311") }))).toBe(404);
    expect(await refused(remindNotYet(db, manager, { departmentId: await deptId("D311") }))).toBe(404);
    expect(await refused(attendanceBoardWeek(db, manager, { departmentId: await deptId("D700") }))).toBe(404);
    const employee = await viewerOf(member((e) => e.departmentCode.startsWith("D11"))[0].employeeNo);
    expect(await refused(attendanceBoard(db, employee))).toBe(403);
    expect(await refused(remindNotYet(db, employee))).toBe(403);
  });
});

describe("attendance board buckets over the stored person-days", () => {
  it("before 10:00 (flexible R&D) nobody is overdue; a punch moves the person to present and the version moves", async () => {
    const manager = await viewerOf(leaderOf("D110").employeeNo);
    const scope = await boardScope(db, manager, { departmentId: await deptId("D111"), now: at(MON, "08:30") });
    const ids = (await scopePeople(db, scope)).map((p) => p.id);
    const before = await attendanceBoard(db, manager, { departmentId: await deptId("D111"), now: at(MON, "08:30") });
    expect(before.counts.absent).toBe(0);
    expect(before.counts.not_yet).toBe(before.counts.expected);
    const v0 = await boardVersion(db, ids, MON, at(MON, "08:30"));
    const who = member((e) => e.departmentCode === "D111")[0];
    await punchInApp(db, await viewerOf(who.employeeNo), { clientId: "board-test-0001", lat: DEMO_PLACES.hqA.lat, lng: DEMO_PLACES.hqA.lng, coord: "gcj02" }, { now: at(MON, "08:31") });
    expect(await boardVersion(db, ids, MON, at(MON, "08:30"))).not.toBe(v0);
    const after = await attendanceBoard(db, manager, { departmentId: await deptId("D111"), now: at(MON, "08:32") });
    expect(after.people.present.map((p) => p.employeeNo)).toContain(who.employeeNo);
    expect(after.counts.present).toBe(1);
    expect(after.counts.not_yet).toBe(before.counts.not_yet - 1);
    // 10:01: everyone else in the flexible group is overdue.
    const late = await attendanceBoard(db, manager, { departmentId: await deptId("D111"), now: at(MON, "10:01") });
    expect(late.counts.absent).toBe(before.counts.expected - 1);
    expect(late.remindable).toBe(late.counts.absent);
  });

  it("leave entered for today: away, with the leave type", async () => {
    const who = member((e) => e.departmentCode === "D112")[0];
    const [e] = await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, who.employeeNo));
    await db.insert(leaveSpans).values({ employeeId: e.id, kind: "leave", leaveType: "年假", startsAt: at(MON, "00:00"), endsAt: at("2026-12-08", "00:00"), sourceKey: "board-test-leave" });
    const board = await attendanceBoard(db, await viewerOf(leaderOf("D110").employeeNo), { now: at(MON, "11:00") });
    expect(board.people.away.find((p) => p.employeeNo === who.employeeNo)).toMatchObject({ awayKind: "leave", leaveType: "年假" });
  });

  it("the week: seven dates up to today, the weekend not expected", async () => {
    const week = await attendanceBoardWeek(db, await viewerOf(leaderOf("D110").employeeNo), { now: at(MON, "11:00") });
    expect(week.map((d) => d.date)).toEqual(["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06", MON]);
    expect(week.find((d) => d.date === "2026-12-05")!.counts.expected).toBe(0);
    expect(week.find((d) => d.date === "2026-12-04")!.counts.expected).toBeGreaterThan(0);
    // Nothing was punched on the past workdays of this fresh database: all absent.
    const fri = week.find((d) => d.date === "2026-12-04")!.counts;
    expect(fri.absent + fri.away).toBe(fri.expected);
  });
});

describe("提醒未打卡", () => {
  it("queues one nudge per person who has not punched in, and nothing the second time", async () => {
    const manager = await viewerOf(leaderOf("D110").employeeNo);
    const d = await deptId("D111");
    const board = await attendanceBoard(db, manager, { departmentId: d, now: at(MON, "09:00") });
    const first = await remindNotYet(db, manager, { departmentId: d, now: at(MON, "09:00") });
    expect(first.total).toBe(board.remindable);
    expect(first.queued + first.noAccount).toBe(first.total);
    expect(first.queued).toBeGreaterThan(0);
    const second = await remindNotYet(db, manager, { departmentId: d, now: at(MON, "09:05") });
    expect(second).toMatchObject({ total: first.total, queued: 0, skipped: first.total });
    const rows = await db.select().from(notificationOutbox).where(and(eq(notificationOutbox.kind, "attendance_punch_nudge"), like(notificationOutbox.dedupeKey, `%:${MON}:%`)));
    expect(rows).toHaveLength(first.queued);
    expect(new Set(rows.map((r) => r.recipientEmployeeId)).size).toBe(rows.length);
    expect(rows[0].payload).toMatchObject({ title: "你还没有打上班卡", buttonText: "去打卡" });
    // the one who punched is not reminded
    const puncher = member((e) => e.departmentCode === "D111")[0];
    const [p] = await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, puncher.employeeNo));
    expect(rows.some((r) => r.recipientEmployeeId === p.id)).toBe(false);
  });
});

describe("seedDemoToday", () => {
  it("gives today's board punches, late people, not-yet people and leave; a re-run changes nothing", async () => {
    const now = at(MON, "09:40");
    const first = await seedDemoToday(db, now);
    expect(first.expected).toBeGreaterThan(50);
    const hr = await viewerOf(org.employees.find((e) => e.role === "hr" && !e.isLeader)!.employeeNo);
    const board = await attendanceBoard(db, hr, { now });
    for (const b of ["present", "late", "away"] as const) expect(board.counts[b], b).toBeGreaterThan(0);
    expect(board.counts.not_yet + board.counts.absent).toBeGreaterThan(0);
    const again = await seedDemoToday(db, now);
    expect(again.punches).toBe(first.punches);
    const board2 = await attendanceBoard(db, hr, { now });
    expect(board2.counts).toEqual(board.counts);
  }, 60_000);
});
