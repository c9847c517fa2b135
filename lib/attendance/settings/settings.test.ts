// 考勤设置 (issue 14 item 3, last bullet): each save's preview equals what the save queues (same function, rolled
// back), the preview writes nothing, bad input is a 400 that writes nothing, managers get 403, and after the inbox
// worker runs the day results follow the new settings. Real PostgreSQL (or PGlite) through tests/db.ts.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceDays, attendanceGroupMembers, attendanceGroups, attendanceLateEvidence, attendancePeriodLocks, auditLog, calendarDays, departments, employees, inboxEvents, rosters, shifts } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, errorResponse } from "@/lib/errors";
import { processInboxBatch } from "@/lib/ingest/worker";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { refreshCalendar } from "../calendar";
import { writePunches } from "../punches/store";
import { recomputePersonDays } from "../recompute";
import { calendarDayBody, calendarMonth, saveCalendarDay } from "./calendar-settings";
import { deleteGroup, groupBody, listGroups, saveGroup, type GroupInput } from "./group-settings";
import { rosterBody, rosterWeek, saveRoster } from "./roster-settings";
import { deleteShift, listShifts, saveShift, shiftBody, type ShiftInput } from "./shift-settings";

let t: TestDatabase;
let db: Db;
let hr: Viewer;
let manager: Viewer;
let deptId: number;
let standardId: number;
let groupId: number;
const emp: number[] = [];
/** 2026-03-10: the current payroll period (calendar months) starts 2026-03-01, so 2026-02-24 is outside the horizon. */
const NOW = new Date("2026-03-10T04:00:00Z");
const LATE_DAY = "2026-03-02"; // everyone in at 09:08 (grace 5: late)
const ABSENT_DAY = "2026-03-04"; // nobody comes
const OLD_DAY = "2026-02-24"; // last period: in at 09:08 (late)
const DATES = [OLD_DAY, LATE_DAY, ABSENT_DAY];

const statusesOn = async (date: string) =>
  (await db.select({ e: attendanceDays.employeeId, s: attendanceDays.statuses }).from(attendanceDays).where(eq(attendanceDays.businessDate, date))).map((r) => r.s).sort();
const drain = async () => {
  while ((await processInboxBatch(db)) > 0);
};
/** The person-days in the recompute inbox rows not yet handled. */
const queuedPairs = async () =>
  (await db.select({ payload: inboxEvents.payload }).from(inboxEvents).where(and(eq(inboxEvents.source, "attendance"), eq(inboxEvents.eventType, "recompute"), sql`${inboxEvents.status} <> 'handled'`)))
    .flatMap((r) => (r.payload as { pairs: { employeeId: number; date: string }[] }).pairs)
    .map((p) => `${p.employeeId}:${p.date}`)
    .sort();
const counts = async () => ({
  inbox: (await db.select({ n: sql<number>`count(*)::int` }).from(inboxEvents))[0].n,
  audit: (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0].n,
  shifts: (await db.select({ n: sql<number>`count(*)::int` }).from(shifts))[0].n,
  groups: (await db.select({ n: sql<number>`count(*)::int` }).from(attendanceGroups))[0].n,
  members: (await db.select({ n: sql<number>`count(*)::int` }).from(attendanceGroupMembers))[0].n,
  rosters: (await db.select({ n: sql<number>`count(*)::int` }).from(rosters))[0].n,
  calendar: JSON.stringify(await db.select().from(calendarDays).where(eq(calendarDays.source, "hr"))),
});
const statusOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 200;
  } catch (e) {
    return errorResponse(e).status;
  }
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026] });
  const [dept] = await db.insert(departments).values({ code: "set", name: "设置部", path: "/" }).returning();
  deptId = dept.id;
  await db.update(departments).set({ path: `/${dept.id}/` }).where(eq(departments.id, dept.id));
  const rows = await db.insert(employees).values([1, 2, 3, 4].map((i) => ({ employeeNo: `SET${i}`, name: `员工${i}`, departmentId: i === 4 ? null : dept.id }))).returning();
  emp.push(...rows.slice(0, 3).map((r) => r.id));
  const viewer = (id: number, roles: string[], managedPaths: string[] = []): Viewer => ({ employeeId: id, employeeNo: `V${id}`, name: "viewer", departmentId: null, departmentName: null, roles: new Set(roles) as Viewer["roles"], managedPaths, provider: null });
  hr = viewer(rows[3].id, ["employee", "hr"]);
  manager = viewer(rows[0].id, ["employee", "manager"], [`/${dept.id}/`]);
  const [standard] = await db.insert(shifts).values({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5 }).returning();
  standardId = standard.id;
  const [group] = await db.insert(attendanceGroups).values({ name: "标准组", defaultShiftId: standard.id }).returning();
  groupId = group.id;
  await db.insert(attendanceGroupMembers).values({ groupId: group.id, departmentId: dept.id });
  await db.transaction((tx) =>
    writePunches(
      tx,
      emp.flatMap((e) =>
        [OLD_DAY, LATE_DAY].flatMap((d) => [
          { source: "device" as const, deviceId: "set", recordId: `${e}-${d}-in`, employeeId: e, punchedAt: new Date(`${d}T09:08:00+08:00`) },
          { source: "device" as const, deviceId: "set", recordId: `${e}-${d}-out`, employeeId: e, punchedAt: new Date(`${d}T18:03:00+08:00`) },
        ]),
      ),
      undefined,
      { recompute: false },
    ),
  );
  await db.transaction((tx) => recomputePersonDays(tx, emp.flatMap((e) => DATES.map((date) => ({ employeeId: e, date })))));
  await db.delete(inboxEvents);
});
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  await drain();
});

describe("calendar edits (日历调整)", () => {
  it("shows a month with the package's types and names", async () => {
    const days = await calendarMonth(db, hr, "2026-10");
    expect(days).toHaveLength(31);
    expect(days[0]).toMatchObject({ date: "2026-10-01", dayType: "statutory_holiday", source: "chinese-days" });
    expect(days.find((d) => d.date === "2026-10-10")!.dayType).toBe("makeup_workday");
  });

  it("previews, then saves, an in-lieu rest day: the preview writes nothing, the save queues exactly the previewed person-days, and the absent day becomes rest", async () => {
    expect(await statusesOn(ABSENT_DAY)).toEqual([["absent"], ["absent"], ["absent"]]);
    const before = await counts();
    const preview = await saveCalendarDay(db, hr, calendarDayBody.parse({ date: ABSENT_DAY, dayType: "in_lieu_rest", name: "公司调休", preview: true }));
    expect(preview).toMatchObject({ preview: true, changed: true, impact: { personDays: 3, held: 0 } });
    expect(await counts()).toEqual(before);

    const saved = await saveCalendarDay(db, hr, calendarDayBody.parse({ date: ABSENT_DAY, dayType: "in_lieu_rest", name: "公司调休" }));
    expect(saved).toMatchObject({ preview: false, changed: true, day: { dayType: "in_lieu_rest", name: "公司调休", source: "hr" } });
    expect(saved.impact).toEqual(preview.impact);
    expect(await queuedPairs()).toEqual(emp.map((e) => `${e}:${ABSENT_DAY}`).sort());
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, "attendance.calendar.day"));
    expect(audit.details).toMatchObject({ personDays: 3, to: { dayType: "in_lieu_rest", source: "hr" } });
    await drain();
    for (const s of await statusesOn(ABSENT_DAY)) expect(s).toEqual(["rest"]);
  });

  it("clears the mark: the package's workday returns and the day is absent again", async () => {
    const preview = await saveCalendarDay(db, hr, calendarDayBody.parse({ date: ABSENT_DAY, dayType: null, preview: true }));
    expect(preview.impact.personDays).toBe(3);
    const saved = await saveCalendarDay(db, hr, calendarDayBody.parse({ date: ABSENT_DAY, dayType: null }));
    expect(saved.impact).toEqual(preview.impact);
    expect(saved.day).toMatchObject({ dayType: "workday", source: "chinese-days" });
    await drain();
    for (const s of await statusesOn(ABSENT_DAY)) expect(s).toEqual(["absent"]);
  });

  it("the same type again recomputes nothing", async () => {
    const r = await saveCalendarDay(db, hr, calendarDayBody.parse({ date: ABSENT_DAY, dayType: "workday", preview: true }));
    expect(r.impact.personDays).toBe(0);
  });

  it("bad input is a 400 naming the field; a manager gets 403; neither writes anything", async () => {
    const before = await counts();
    for (const body of [{ date: "2026-02-30", dayType: "workday" }, { date: ABSENT_DAY, dayType: "holiday" }, { date: ABSENT_DAY, dayType: "workday", extra: 1 }]) {
      const r = errorResponse(calendarDayBody.safeParse(body).error);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { message: string }).message).toMatch(/date|dayType|extra|Unrecognized/);
    }
    expect(await statusOf(saveCalendarDay(db, manager, calendarDayBody.parse({ date: ABSENT_DAY, dayType: "in_lieu_rest" })))).toBe(403);
    expect(await statusOf(calendarMonth(db, manager, "2026-03"))).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

const standardInput = (patch: Partial<ShiftInput> = {}): ShiftInput =>
  shiftBody.parse({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5, earlyLeaveGraceMinutes: 0, ...patch });

describe("shifts (班次)", () => {
  it("an edit previews the stored person-days on the shift from the current period on, saves exactly those, and the late day turns normal", async () => {
    expect(await statusesOn(LATE_DAY)).toEqual([["late"], ["late"], ["late"]]);
    const onShift = (await db.select().from(attendanceDays).where(and(eq(attendanceDays.shiftId, standardId), sql`${attendanceDays.businessDate} >= '2026-03-01'`))).map((r) => `${r.employeeId}:${r.businessDate}`).sort();
    expect(onShift.length).toBe(6); // 03-02 and 03-04 × 3; 02-24 is last period's
    const before = await counts();
    const preview = await saveShift(db, hr, standardId, standardInput({ graceMinutes: 10, preview: true }), { now: NOW });
    expect(preview.impact).toEqual({ personDays: 6, held: 0, from: "2026-03-01" });
    expect(await counts()).toEqual(before);
    expect((await listShifts(db, hr)).find((s) => s.id === standardId)!.graceMinutes).toBe(5);

    const saved = await saveShift(db, hr, standardId, standardInput({ graceMinutes: 10 }), { now: NOW });
    expect(saved.impact).toEqual(preview.impact);
    expect(await queuedPairs()).toEqual(onShift);
    await drain();
    for (const s of await statusesOn(LATE_DAY)) expect(s).toEqual(["normal"]);
    for (const s of await statusesOn(OLD_DAY)) expect(s).toEqual(["late"]); // outside the horizon: untouched
    const same = await saveShift(db, hr, standardId, standardInput({ graceMinutes: 10 }), { now: NOW });
    expect(same).toMatchObject({ changed: false, impact: { personDays: 0 } });
  });

  it("a locked period's days are still queued and counted as held; the gate keeps their results", async () => {
    await db.insert(attendancePeriodLocks).values({ period: "2026-03", fromDate: "2026-03-01", toDate: "2026-03-31", state: "locked" });
    try {
      const saved = await saveShift(db, hr, standardId, standardInput({ graceMinutes: 5 }), { now: NOW });
      expect(saved.impact).toMatchObject({ personDays: 6, held: 6 });
      await drain();
      for (const s of await statusesOn(LATE_DAY)) expect(s).toEqual(["normal"]);
      expect((await db.select().from(attendanceLateEvidence)).length).toBeGreaterThanOrEqual(6);
    } finally {
      await db.delete(attendancePeriodLocks);
    }
  });

  it("creates a night shift; a new shift recomputes nothing", async () => {
    const r = await saveShift(db, hr, null, shiftBody.parse({ name: "夜班", kind: "night", sections: [{ start: 1320, end: 1860 }], graceMinutes: 0, earlyLeaveGraceMinutes: 0 }), { now: NOW });
    expect(r).toMatchObject({ changed: true, impact: { personDays: 0 }, shift: { kind: "night", sections: [{ start: 1320, end: 1860, rests: [] }] } });
  });

  it.each([
    ["overlapping sections", { sections: [{ start: 540, end: 720 }, { start: 700, end: 1080 }] }, "第 2 段与第 1 段时间重叠"],
    ["a rest outside its section", { sections: [{ start: 540, end: 1080, rests: [{ start: 1100, end: 1130 }] }] }, "必须在上下班时间之内"],
    ["end before start", { sections: [{ start: 540, end: 500 }] }, "下班时间必须晚于上班时间"],
    ["a night shift that does not cross midnight", { kind: "night", sections: [{ start: 540, end: 1080 }] }, "夜班必须跨过午夜"],
    ["a fixed shift across midnight", { sections: [{ start: 1320, end: 1860 }] }, "请选择「夜班」"],
    ["a flexible shift without arrival window", { kind: "flexible" }, "最早和最晚上班时间"],
    ["serious late not above grace", { seriousLateMinutes: 3 }, "严重迟到"],
    ["no name", { name: " " }, "请填写班次名称"],
  ])("%s is a 400 with a Chinese reason, nothing written", async (_name, patch, message) => {
    const before = await counts();
    const parsed = shiftBody.safeParse({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080 }], graceMinutes: 5, earlyLeaveGraceMinutes: 0, ...patch });
    expect(parsed.success).toBe(false);
    const r = errorResponse(parsed.error);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it("a manager gets 403 and nothing is written; an unknown shift is 404", async () => {
    const before = await counts();
    expect(await statusOf(saveShift(db, manager, standardId, standardInput({ graceMinutes: 30 }), { now: NOW }))).toBe(403);
    expect(await statusOf(listShifts(db, manager))).toBe(403);
    expect(await statusOf(saveShift(db, hr, 999_999, standardInput(), { now: NOW }))).toBe(404);
    expect(await counts()).toEqual(before);
    expect(AppError).toBeDefined();
  });
});

describe("attendance groups (考勤组)", () => {
  let late: number; // a shift starting 10:00: the 09:08 arrivals are on time
  const groupInput = (patch: Partial<GroupInput> = {}) =>
    groupBody.parse({ name: "标准组", priority: 0, defaultShiftId: standardId, schedule: "calendar", members: [{ departmentId: deptId }], places: [], wifi: [], fieldAllowed: false, ...patch });

  beforeAll(async () => {
    [{ id: late }] = await db.insert(shifts).values({ name: "晚班", kind: "fixed", sections: [{ start: 600, end: 1080 }], graceMinutes: 5 }).returning({ id: shifts.id });
  });

  it("places and Wi-Fi apply to punches to come: saved, audited, nothing recomputes", async () => {
    const r = await saveGroup(db, hr, groupId, groupInput({ places: [{ name: "总部 A 座", lat: 31.2304, lng: 121.4737, radiusMeters: 200 }], wifi: [{ ssid: "QD-Office", bssid: "A4:56:02:1B:7C:E0" }] }), { now: NOW });
    expect(r).toMatchObject({ changed: true, impact: { personDays: 0 }, group: { wifi: [{ ssid: "QD-Office", bssid: "a4:56:02:1b:7c:e0" }] } });
    expect(await queuedPairs()).toEqual([]);
  });

  it("excluding one person previews and queues exactly that person's stored days from the period start", async () => {
    const no = (await db.select({ no: employees.employeeNo }).from(employees).where(eq(employees.id, emp[2])))[0].no;
    const input = groupInput({ members: [{ departmentId: deptId }, { employeeNo: no, excluded: true }], places: [{ name: "总部 A 座", lat: 31.2304, lng: 121.4737, radiusMeters: 200 }], wifi: [{ ssid: "QD-Office", bssid: "a4:56:02:1b:7c:e0" }] });
    const before = await counts();
    const preview = await saveGroup(db, hr, groupId, { ...input, preview: true }, { now: NOW });
    expect(preview.impact).toEqual({ personDays: 2, held: 0, from: "2026-03-01" });
    expect(await counts()).toEqual(before);
    const saved = await saveGroup(db, hr, groupId, input, { now: NOW });
    expect(saved.impact).toEqual(preview.impact);
    expect(await queuedPairs()).toEqual([`${emp[2]}:${LATE_DAY}`, `${emp[2]}:${ABSENT_DAY}`]);
    await drain();
    const third = await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, emp[2]), eq(attendanceDays.businessDate, ABSENT_DAY)));
    expect(third[0].shiftId).toBeNull(); // no group any more: no shift
    const back = await saveGroup(db, hr, groupId, groupInput(), { now: NOW });
    expect(back.impact.personDays).toBe(2);
    expect(back.group.members).toEqual([{ departmentId: deptId, departmentName: "设置部" }]);
  });

  it("a new group with a higher priority and a later default shift takes the department: the late day turns normal after the worker", async () => {
    await db.transaction((tx) => recomputePersonDays(tx, emp.map((e) => ({ employeeId: e, date: LATE_DAY })))); // after the lock test held them
    expect(await statusesOn(LATE_DAY)).toEqual([["late"], ["late"], ["late"]]);
    const input = groupInput({ name: "晚班组", priority: 10, defaultShiftId: late });
    const preview = await saveGroup(db, hr, null, { ...input, preview: true }, { now: NOW });
    expect(preview.impact.personDays).toBe(6);
    expect((await listGroups(db, hr)).map((g) => g.name)).not.toContain("晚班组");
    const saved = await saveGroup(db, hr, null, input, { now: NOW });
    expect(saved.impact).toEqual(preview.impact);
    await drain();
    for (const s of await statusesOn(LATE_DAY)) expect(s).toEqual(["normal"]);
    await db.delete(attendanceGroupMembers).where(eq(attendanceGroupMembers.groupId, saved.group.id));
    await db.delete(attendanceGroups).where(eq(attendanceGroups.id, saved.group.id));
  });

  it.each([
    ["a bad BSSID", { wifi: [{ ssid: "x", bssid: "a4-56-02-1b-7c" }] }, "BSSID 格式"],
    ["a calendar group without a default shift", { defaultShiftId: null }, "固定班制需要选择默认班次"],
    ["a place outside China", { places: [{ name: "x", lat: 0, lng: 0, radiusMeters: 100 }] }, "纬度超出中国范围"],
    ["a tiny radius", { places: [{ name: "x", lat: 31, lng: 121, radiusMeters: 1 }] }, "半径至少 10 米"],
  ])("%s is a 400 with a Chinese reason, nothing written", async (_n, patch, message) => {
    const before = await counts();
    const parsed = groupBody.safeParse({ name: "g", priority: 0, defaultShiftId: standardId, schedule: "calendar", members: [], places: [], wifi: [], fieldAllowed: false, ...patch });
    expect(parsed.success).toBe(false);
    expect(((await errorResponse(parsed.error).json()) as { message: string }).message).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it("an unknown 工号, department or shift is a 400 and writes nothing; a manager gets 403", async () => {
    const before = await counts();
    expect(await statusOf(saveGroup(db, hr, groupId, groupInput({ members: [{ employeeNo: "NOPE", excluded: false }] }), { now: NOW }))).toBe(400);
    expect(await statusOf(saveGroup(db, hr, groupId, groupInput({ members: [{ departmentId: 987654 }] }), { now: NOW }))).toBe(400);
    expect(await statusOf(saveGroup(db, hr, null, groupInput({ defaultShiftId: 987654 }), { now: NOW }))).toBe(400);
    expect(await statusOf(saveGroup(db, manager, groupId, groupInput({ priority: 5 }), { now: NOW }))).toBe(403);
    expect(await statusOf(listGroups(db, manager))).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe("rosters (排班)", () => {
  let rosterGroup: number;
  beforeAll(async () => {
    await drain();
    const r = await saveGroup(db, hr, groupId, groupBody.parse({ name: "标准组", priority: 0, defaultShiftId: standardId, schedule: "roster", members: [{ departmentId: deptId }], places: [], wifi: [], fieldAllowed: false }), { now: NOW });
    rosterGroup = r.group.id;
    await drain();
  });

  it("a roster week lists the group's people; rest on the absent day previews and queues exactly those person-days, and they become rest", async () => {
    const week = await rosterWeek(db, hr, rosterGroup, ABSENT_DAY);
    expect(week.days[0]).toBe(LATE_DAY);
    expect(week.people.map((p) => p.id).sort()).toEqual([...emp].sort());
    const cells = emp.map((e) => ({ employeeId: e, date: ABSENT_DAY, shiftId: null })).concat(emp.map((e) => ({ employeeId: e, date: "2026-03-05", shiftId: standardId as never })));
    const before = await counts();
    const preview = await saveRoster(db, hr, rosterBody.parse({ groupId: rosterGroup, cells, preview: true }));
    expect(preview).toMatchObject({ changed: 6, impact: { personDays: 3 } }); // 03-05 has no stored days yet
    expect(await counts()).toEqual(before);
    const saved = await saveRoster(db, hr, rosterBody.parse({ groupId: rosterGroup, cells }));
    expect(saved.impact).toEqual(preview.impact);
    expect(await queuedPairs()).toEqual(emp.map((e) => `${e}:${ABSENT_DAY}`).sort());
    await drain();
    for (const s of await statusesOn(ABSENT_DAY)) expect(s).toEqual(["rest"]);
    const next = await rosterWeek(db, hr, rosterGroup, "2026-03-09");
    expect(next.lastWeek[`${emp[0]}:2026-03-11`]).toBeNull(); // 复制上周: 03-04 rest lands on 03-11
    expect(next.lastWeek[`${emp[0]}:2026-03-12`]).toBe(standardId);
    expect((await saveRoster(db, hr, rosterBody.parse({ groupId: rosterGroup, cells }))).changed).toBe(0);
  });

  it("a stranger, an unknown shift, a calendar group or a duplicate cell is a 400 writing nothing; a manager gets 403", async () => {
    const before = await counts();
    expect(await statusOf(saveRoster(db, hr, rosterBody.parse({ groupId: rosterGroup, cells: [{ employeeId: hr.employeeId, date: ABSENT_DAY, shiftId: null }] })))).toBe(400);
    expect(await statusOf(saveRoster(db, hr, rosterBody.parse({ groupId: rosterGroup, cells: [{ employeeId: emp[0], date: ABSENT_DAY, shiftId: 987654 }] })))).toBe(400);
    expect(rosterBody.safeParse({ groupId: rosterGroup, cells: [{ employeeId: emp[0], date: ABSENT_DAY, shiftId: null }, { employeeId: emp[0], date: ABSENT_DAY, shiftId: standardId }] }).success).toBe(false);
    expect(await statusOf(saveRoster(db, manager, rosterBody.parse({ groupId: rosterGroup, cells: [{ employeeId: emp[0], date: ABSENT_DAY, shiftId: standardId }] })))).toBe(403);
    expect(await statusOf(rosterWeek(db, manager, rosterGroup, ABSENT_DAY))).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe("deleting shifts and groups (删除)", () => {
  const messageOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return "ok";
    } catch (e) {
      const r = errorResponse(e);
      return `${r.status} ${((await r.json()) as { message: string }).message}`;
    }
  };
  const newShift = async (name: string) => (await db.insert(shifts).values({ name, kind: "fixed", sections: [{ start: 600, end: 1080 }], graceMinutes: 5 }).returning({ id: shifts.id }))[0].id;
  const shiftRow = async (id: number) => (await db.select().from(shifts).where(eq(shifts.id, id)))[0];

  it("a group's default shift, or a shift rostered from today on, is a 409 naming where it is used; nothing changes", async () => {
    const before = await counts();
    expect(await messageOf(deleteShift(db, hr, standardId, { now: NOW }))).toMatch(/^409 班次「标准班」是考勤组「标准组」的默认班次/);
    const rostered = await newShift("早班");
    await db.insert(rosters).values({ employeeId: emp[0], date: "2026-03-12", shiftId: rostered });
    expect(await messageOf(deleteShift(db, hr, rostered, { now: NOW }))).toBe("409 班次「早班」在今天及以后的排班中还有 1 个人天，请先在排班中改掉再删除");
    await db.delete(rosters).where(eq(rosters.shiftId, rostered));
    await db.delete(shifts).where(eq(shifts.id, rostered));
    expect(await counts()).toEqual(before);
  });

  it("a shift never used is removed; one past days were computed with is archived: gone from lists and pickers, kept for history; a preview keeps nothing", async () => {
    const unused = await newShift("试用班");
    const preview = await deleteShift(db, hr, unused, { now: NOW, preview: true });
    expect(preview).toMatchObject({ deleted: true, archived: false, preview: true, impact: { personDays: 0 } });
    expect(await shiftRow(unused)).toBeDefined();
    expect(await deleteShift(db, hr, unused, { now: NOW })).toMatchObject({ archived: false, preview: false });
    expect(await shiftRow(unused)).toBeUndefined();

    const past = await newShift("旧班");
    await db.insert(rosters).values({ employeeId: emp[1], date: "2026-03-03", shiftId: past }); // before today (03-10)
    expect(await deleteShift(db, hr, past, { now: NOW })).toMatchObject({ archived: true });
    expect((await shiftRow(past)).archivedAt).toBeInstanceOf(Date);
    expect((await listShifts(db, hr)).map((x) => x.id)).not.toContain(past);
    expect(await messageOf(deleteShift(db, hr, past, { now: NOW }))).toBe("404 班次不存在或已删除");
    expect(await messageOf(saveShift(db, hr, past, shiftBody.parse({ name: "旧班", kind: "fixed", sections: [{ start: 600, end: 1080 }], graceMinutes: 5, earlyLeaveGraceMinutes: 0 }), { now: NOW }))).toBe("404 班次不存在或已删除");
    expect(await messageOf(saveGroup(db, hr, null, groupBody.parse({ name: "新组", priority: 0, defaultShiftId: past, schedule: "calendar", members: [], places: [], wifi: [], fieldAllowed: false }), { now: NOW }))).toMatch(/^400 .*默认班次不存在或已删除/);
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "attendance.shift.delete"));
    expect(audit.map((a) => (a.details as { archived: boolean }).archived)).toEqual([false, true]);
    await db.delete(rosters).where(eq(rosters.shiftId, past));
  });

  it("deleting a group previews and queues its people's stored days from the period start; they fall to the next group", async () => {
    await drain();
    const [other] = await db.insert(attendanceGroups).values({ name: "备用组", priority: -5, defaultShiftId: standardId }).returning();
    await db.insert(attendanceGroupMembers).values({ groupId: other.id, departmentId: deptId });
    const doomed = await saveGroup(db, hr, null, groupBody.parse({ name: "临时组", priority: 50, defaultShiftId: standardId, schedule: "calendar", members: [{ departmentId: deptId }], places: [], wifi: [], fieldAllowed: false }), { now: NOW });
    await drain();
    const before = await counts();
    const preview = await deleteGroup(db, hr, doomed.group.id, { now: NOW, preview: true });
    expect(preview).toMatchObject({ deleted: true, preview: true, impact: { personDays: 6, from: "2026-03-01" } }); // 3 people × 03-02, 03-04
    expect(await counts()).toEqual(before);
    const done = await deleteGroup(db, hr, doomed.group.id, { now: NOW });
    expect(done.impact).toEqual(preview.impact);
    expect(await queuedPairs()).toEqual(emp.flatMap((e) => [`${e}:${LATE_DAY}`, `${e}:${ABSENT_DAY}`]).sort());
    expect((await listGroups(db, hr)).map((g) => g.name)).not.toContain("临时组");
    expect((await db.select().from(attendanceGroupMembers).where(eq(attendanceGroupMembers.groupId, doomed.group.id))).length).toBe(0);
    expect(await messageOf(deleteGroup(db, hr, doomed.group.id, { now: NOW }))).toBe("404 考勤组不存在或已删除");
    await drain();
    await db.delete(attendanceGroupMembers).where(eq(attendanceGroupMembers.groupId, other.id));
    await db.delete(attendanceGroups).where(eq(attendanceGroups.id, other.id));
  });

  it("a manager gets 403 for both and nothing is written", async () => {
    const before = await counts();
    expect(await statusOf(deleteShift(db, manager, standardId, { now: NOW }))).toBe(403);
    expect(await statusOf(deleteGroup(db, manager, groupId, { now: NOW }))).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
