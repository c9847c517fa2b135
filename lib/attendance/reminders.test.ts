// The attendance.reminders loop over the demo company (real database, the demo seed, the app punch write path) with a
// controllable clock: who is queued which reminder, once per person × business date × kind whatever the number of
// runs or loop instances, the link into the app, per-group settings, the next-morning and period-close messages.
import { and, eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type Db } from "@/db/client";
import { DEMO_PLACES } from "@/db/demo-attendance";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { attendanceGroups, auditLog, employees, leaveSpans, notificationOutbox } from "@/db/schema";
import { DEFAULT_GROUP_REMINDERS } from "@/db/schema/attendance";
import { buildViewer } from "@/lib/auth/build-viewer";
import { appUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { NUDGE_KIND } from "./board";
import { refreshCalendar } from "./calendar";
import { punchInApp } from "./punches/app";
import { groupReminders, reminderSettingsBody, setGroupReminders } from "./reminder-settings";
import { MISSING_KIND, MONTH_SUMMARY_KIND, PUNCH_OUT_KIND, runAttendanceReminders } from "./reminders";

const MON = "2026-12-07"; // a Monday workday
const TUE = "2026-12-08";
const at = (date: string, time: string) => zonedTimeToUtc(date, time, "Asia/Shanghai");
let t: TestDatabase;
let db: Db;
/** A second loop instance: its own pool on PostgreSQL (PGlite has one connection, so the same one there). */
let second: Database;
const org = buildDemoOrg();
const sales = org.employees.filter((e) => !e.isLeader && e.role === "employee" && e.departmentCode === "D311");
const rd = org.employees.filter((e) => !e.isLeader && e.role === "employee" && e.departmentCode.startsWith("D11"));
const nightCrew = org.employees.filter((e) => !e.isLeader && e.role === "employee" && e.departmentCode === "D700");
const idOf = async (no: string) => (await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, no)))[0].id;
const ids = (nos: { employeeNo: string }[]) => Promise.all(nos.map((e) => idOf(e.employeeNo)));
const rowsOf = (kind: string, keyPart: string) =>
  db.select().from(notificationOutbox).where(and(eq(notificationOutbox.kind, kind), like(notificationOutbox.dedupeKey, `%:${keyPart}:%`)));

let notPunched: number; // sales, standard 09:00–18:00, nothing punched
let puncher: number; // sales, punched in 08:55, never out
let onLeave: number; // sales, on leave all Monday

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  second = t.url ? await openDatabase({ url: t.url, poolSize: 2 }) : t.database;
  await refreshCalendar(db, { years: [2026, 2027] });
  await seedDemo(db, { now: at(MON, "07:00") });
  [notPunched, puncher, onLeave] = await ids(sales.slice(0, 3));
  await punchInApp(db, (await buildViewer(db, puncher))!, { clientId: "remind-test-0001", lat: DEMO_PLACES.hqA.lat + 0.0003, lng: DEMO_PLACES.hqA.lng, coord: "gcj02" }, { now: at(MON, "08:55") });
  await db.insert(leaveSpans).values({ employeeId: onLeave, kind: "leave", leaveType: "年假", startsAt: at(MON, "00:00"), endsAt: at(TUE, "00:00"), sourceKey: "remind-test-leave" });
}, 180_000);
afterAll(async () => {
  if (second && second !== t?.database) await second.close();
  await t?.close();
});

describe("attendance.reminders loop", () => {
  it("09:09: nothing due yet (standard shift 09:00 + 10 minutes)", async () => {
    expect(await runAttendanceReminders(db, at(MON, "09:09"))).toBe(0);
    expect(await rowsOf(NUDGE_KIND, MON)).toHaveLength(0);
  });

  it("09:10: a punch-in reminder to the one who has not punched, none to the puncher or the one on leave; a silent-SSO link to /attendance", async () => {
    const queued = await runAttendanceReminders(db, at(MON, "09:10"));
    const rows = await rowsOf(NUDGE_KIND, MON);
    expect(queued).toBe(rows.length);
    const who = new Set(rows.map((r) => r.recipientEmployeeId));
    expect(who.has(notPunched)).toBe(true);
    expect(who.has(puncher)).toBe(false);
    expect(who.has(onLeave)).toBe(false);
    // R&D is flexible (latest arrival 10:00) and the night crew starts at 22:00: not due at 09:10.
    for (const id of [...(await ids(rd)), ...(await ids(nightCrew))]) expect(who.has(id), String(id)).toBe(false);
    const mine = rows.find((r) => r.recipientEmployeeId === notPunched)!;
    expect(mine.dedupeKey).toBe(`${NUDGE_KIND}:${MON}:${notPunched}`);
    expect(mine.payload).toMatchObject({ title: "你还没有打上班卡", url: `${appUrl()}/attendance`, buttonText: "去打卡", businessDate: MON });
    expect(mine.payload.description).toContain("09:05"); // due: start + grace
    expect(mine.channel).toBe("wecom");
  });

  it("run twice at the same minute, and by a second instance after a restart: nothing more is queued", async () => {
    const before = (await rowsOf(NUDGE_KIND, MON)).length;
    expect(await runAttendanceReminders(db, at(MON, "09:10"))).toBe(0);
    // A restarted server: its own connections (PostgreSQL), a later minute still inside the reminder's hour.
    expect(await runAttendanceReminders(second.db, at(MON, "09:25"))).toBe(0);
    const rows = await rowsOf(NUDGE_KIND, MON);
    expect(rows).toHaveLength(before);
    expect(rows.filter((r) => r.recipientEmployeeId === notPunched)).toHaveLength(1);
  });

  it("a group with reminders off gets none: R&D at 10:10", async () => {
    const [g] = await db.select().from(attendanceGroups).where(eq(attendanceGroups.name, "研发弹性考勤组"));
    await db.update(attendanceGroups).set({ reminders: { ...DEFAULT_GROUP_REMINDERS, enabled: false } }).where(eq(attendanceGroups.id, g.id));
    await runAttendanceReminders(db, at(MON, "10:10"));
    const rdIds = await ids(rd);
    expect(await db.select().from(notificationOutbox).where(inArray(notificationOutbox.recipientEmployeeId, rdIds))).toHaveLength(0);
    await db.update(attendanceGroups).set({ reminders: DEFAULT_GROUP_REMINDERS }).where(eq(attendanceGroups.id, g.id));
  });

  it("18:00, two loop instances at once: 记得打下班卡 once, to the one who punched in and not out, only", async () => {
    const [a, b] = await Promise.all([runAttendanceReminders(db, at(MON, "18:00")), runAttendanceReminders(second.db, at(MON, "18:00"))]);
    const rows = await rowsOf(PUNCH_OUT_KIND, MON);
    expect(a + b).toBe(1);
    expect(rows.map((r) => r.recipientEmployeeId)).toEqual([puncher]);
    expect(rows[0]).toMatchObject({ dedupeKey: `${PUNCH_OUT_KIND}:${MON}:${puncher}`, payload: { title: "记得打下班卡", url: `${appUrl()}/attendance` } });
    expect(await runAttendanceReminders(db, at(MON, "18:00"))).toBe(0);
  });

  it("22:10: the night crew's punch-in falls in the default quiet hours: not sent", async () => {
    await runAttendanceReminders(db, at(MON, "22:10"));
    const nightIds = await ids(nightCrew);
    expect(await db.select().from(notificationOutbox).where(inArray(notificationOutbox.recipientEmployeeId, nightIds))).toHaveLength(0);
  });

  it("next morning 09:30: 昨天有缺卡 — 去补卡 to the absent and the half-punched, not to the one on leave; once", async () => {
    await runAttendanceReminders(db, at(TUE, "09:29"));
    expect(await rowsOf(MISSING_KIND, MON)).toHaveLength(0);
    await runAttendanceReminders(db, at(TUE, "09:30"));
    const rows = await rowsOf(MISSING_KIND, MON);
    const who = new Set(rows.map((r) => r.recipientEmployeeId));
    expect(who.has(notPunched)).toBe(true);
    expect(who.has(puncher)).toBe(true);
    expect(who.has(onLeave)).toBe(false);
    expect(rows.find((r) => r.recipientEmployeeId === puncher)!.payload).toMatchObject({
      title: "昨天有缺卡 — 去补卡",
      url: `${appUrl()}/attendance?month=2026-12`,
      buttonText: "去补卡",
      businessDate: MON,
    });
    expect(await runAttendanceReminders(db, at(TUE, "09:31"))).toBe(0);
    expect(await rowsOf(MISSING_KIND, MON)).toHaveLength(rows.length);
  });

  it("period close: the morning after the period's last day, one month summary per person (the HR sheet's totals of the stored person-days), once", async () => {
    const jan1 = "2027-01-01";
    expect((await rowsOf(MONTH_SUMMARY_KIND, "2026-12")).length).toBe(0);
    await runAttendanceReminders(db, at(jan1, "09:30"));
    const rows = await rowsOf(MONTH_SUMMARY_KIND, "2026-12");
    const mine = rows.filter((r) => r.recipientEmployeeId === puncher);
    expect(mine).toHaveLength(1);
    expect(mine[0].payload).toMatchObject({ title: "12月考勤汇总", period: "2026-12", url: `${appUrl()}/attendance?month=2026-12` });
    expect(String(mine[0].payload.description)).toBe("12月1日至12月31日：应出勤 1 天，出勤 1 天，迟到 0 次（0 分钟），早退 0 次，缺卡 1 次，旷工 0 天。");
    expect(await runAttendanceReminders(db, at(jan1, "09:31"))).toBe(0);
    expect((await rowsOf(MONTH_SUMMARY_KIND, "2026-12")).length).toBe(rows.length);
  });
});

describe("HR's reminder settings per group", () => {
  const statusOf = async (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof AppError ? e.status : -1));
  it("HR changes a group's settings (audited with before and after); the same values again change nothing", async () => {
    const hrNo = org.employees.find((e) => e.role === "hr" && !e.isLeader)!.employeeNo;
    const hr = (await buildViewer(db, await idOf(hrNo)))!;
    const [g] = (await groupReminders(db, hr)).filter((x) => x.name === "标准考勤组");
    expect(g.settings).toEqual(DEFAULT_GROUP_REMINDERS);
    const next = reminderSettingsBody.parse({ ...DEFAULT_GROUP_REMINDERS, punchInAfterMinutes: 20, quietStart: "21:00" });
    expect(await setGroupReminders(db, hr, g.id, next)).toEqual({ settings: next, changed: true });
    expect(await setGroupReminders(db, hr, g.id, next)).toEqual({ settings: next, changed: false });
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "attendance.group.reminders"));
    expect(audits).toHaveLength(1);
    expect(audits[0].details).toEqual({ from: DEFAULT_GROUP_REMINDERS, to: next });
    expect((await groupReminders(db, hr)).find((x) => x.id === g.id)!.settings).toEqual(next);
    expect(await statusOf(setGroupReminders(db, hr, 999_999, next))).toBe(404);
    await setGroupReminders(db, hr, g.id, DEFAULT_GROUP_REMINDERS);
  });
  it("an employee or a manager is refused; a bad body is refused before anything is written", async () => {
    const emp = (await buildViewer(db, notPunched))!;
    expect(await statusOf(groupReminders(db, emp))).toBe(403);
    expect(await statusOf(setGroupReminders(db, emp, 1, DEFAULT_GROUP_REMINDERS))).toBe(403);
    const bad: [string, unknown][] = [
      ["a time out of range", { ...DEFAULT_GROUP_REMINDERS, quietStart: "24:00" }],
      ["minutes not whole", { ...DEFAULT_GROUP_REMINDERS, punchInAfterMinutes: 2.5 }],
      ["minutes too many", { ...DEFAULT_GROUP_REMINDERS, punchInAfterMinutes: 241 }],
      ["an unknown field", { ...DEFAULT_GROUP_REMINDERS, extra: true }],
      ["a missing field", { enabled: true }],
    ];
    for (const [name, body] of bad) expect(reminderSettingsBody.safeParse(body).success, name).toBe(false);
  });
});
