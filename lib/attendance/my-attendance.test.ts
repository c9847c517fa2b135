// The demo company's attendance setup and the 考勤 tab's queries over it: real database, the demo seed, the app
// punch write path.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { seedDemoAttendance, DEMO_PLACES, SLOT_DAYS_AHEAD } from "@/db/demo-attendance";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { attendanceGroups, employees, expectedSlots } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { refreshCalendar } from "./calendar";
import { myAttendanceMonth, myToday, toneOf } from "./my-attendance";
import { punchInApp } from "./punches/app";

const MON = "2026-12-07"; // a Monday workday
const at = (date: string, time: string) => zonedTimeToUtc(date, time, "Asia/Shanghai");
let t: TestDatabase;
let db: Db;
const org = buildDemoOrg();
const person = (pred: (e: (typeof org.employees)[number]) => boolean) => org.employees.find((e) => !e.isLeader && e.role === "employee" && pred(e))!;
const viewerOf = async (no: string): Promise<Viewer> => {
  const [e] = await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, no));
  return (await buildViewer(db, e.id))!;
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026, 2027] });
  await seedDemo(db, { now: at(MON, "08:00") });
});
afterAll(async () => {
  await t?.close();
});

describe("seedDemoAttendance", () => {
  it("creates the three groups once and expected slots for the coming days", async () => {
    const groups = await db.select().from(attendanceGroups);
    expect(groups.map((g) => g.name).sort()).toEqual(["客户成功夜班组", "标准考勤组", "研发弹性考勤组"]);
    const again = await seedDemoAttendance(db, { now: at(MON, "08:00") });
    expect(again.groups).toBe(3);
    expect((await db.select().from(attendanceGroups)).length).toBe(3); // idempotent
    const [{ n }] = await db.select({ n: sql<number>`count(distinct business_date)::int` }).from(expectedSlots);
    expect(n).toBeGreaterThan(5); // workdays among the next SLOT_DAYS_AHEAD days
    expect(n).toBeLessThanOrEqual(SLOT_DAYS_AHEAD);
  });
});

describe("myToday", () => {
  it("a salesperson on 标准班: 09:00 and 18:00 expected, open in the morning, then done after a punch inside 总部 A 座", async () => {
    const v = await viewerOf(person((e) => e.departmentCode === "D311").employeeNo);
    const before = await myToday(db, v, at(MON, "08:40"));
    expect(before).toMatchObject({ date: MON, dayType: "workday", group: { name: "标准考勤组", fieldAllowed: true }, shift: { name: "标准班", kind: "fixed", start: 540, end: 1080, graceMinutes: 5 }, nextKind: "in" });
    expect(before.slots.map((s) => [s.kind, s.state])).toEqual([["in", "open"], ["out", "upcoming"]]);
    await punchInApp(db, v, { clientId: "test-tap-0001", lat: DEMO_PLACES.hqA.lat + 0.0003, lng: DEMO_PLACES.hqA.lng, coord: "gcj02" }, { now: at(MON, "09:12") });
    const after = await myToday(db, v, at(MON, "09:13"));
    expect(after.slots[0]).toMatchObject({ kind: "in", state: "done", status: "late" });
    expect(after.punches).toHaveLength(1);
    expect(after.punches[0]).toMatchObject({ source: "app", placeName: "总部 A 座" });
    expect(after.statuses).toContain("late");
  });

  it("R&D is on the flexible group; customer success on the night shift, whose 02:00 belongs to the night before", async () => {
    const rd = await myToday(db, await viewerOf(person((e) => e.departmentCode.startsWith("D11")).employeeNo), at(MON, "09:00"));
    expect(rd.group?.name).toBe("研发弹性考勤组");
    expect(rd.shift).toMatchObject({ kind: "flexible", flexEarliest: 480, flexLatest: 600, requiredMinutes: 540 });
    const cs = await myToday(db, await viewerOf(person((e) => e.departmentCode === "D700").employeeNo), at("2026-12-08", "02:00"));
    expect(cs.group?.name).toBe("客户成功夜班组");
    expect(cs.date).toBe(MON);
    expect(cs.shift).toMatchObject({ kind: "night", start: 1320, end: 1800 });
  });

  it("a Saturday is a rest day with no slots", async () => {
    const v = await viewerOf(person((e) => e.departmentCode === "D311").employeeNo);
    const sat = await myToday(db, v, at("2026-12-12", "10:00"));
    expect(sat).toMatchObject({ dayType: "weekend", shift: null, slots: [], nextKind: null });
  });
});

describe("myAttendanceMonth", () => {
  it("every day of the month, toned by its result", async () => {
    const v = await viewerOf(person((e) => e.departmentCode === "D311").employeeNo);
    const m = await myAttendanceMonth(db, v, "2026-12", at(MON, "20:00"));
    expect(m.days).toHaveLength(31);
    const mon = m.days.find((d) => d.date === MON)!;
    expect(mon.tone).toBe("late");
    expect(mon.punches[0]).toMatchObject({ source: "app", placeName: "总部 A 座" });
    expect(mon.shift?.name).toBe("标准班");
    expect(m.days.find((d) => d.date === "2026-12-05")!.tone).toBe("rest"); // Saturday, nothing computed
    expect(m.days.find((d) => d.date === "2026-12-04")!.tone).toBe("none"); // a workday without a record
    expect(m.days.find((d) => d.date === "2026-12-20")!.tone).toBe("future");
  });

  it.each([
    [["normal"], "normal"],
    [["late"], "late"],
    [["missing_out"], "absent"],
    [["leave"], "leave"],
    [["rest"], "rest"],
  ] as const)("%j → %s", (statuses, tone) => {
    expect(toneOf([...statuses], { future: false, today: false, hasShift: true, computed: true })).toBe(tone);
  });
});
