// The demo company's attendance setup: three attendance groups (考勤组) with their shifts, offices and Wi-Fi,
// and the expected punches of the coming days, so the 考勤 tab and the manager's board have something real to
// show in the simulator. Idempotent: groups and shifts are found by name, memberships and slots by their keys.
import { and, eq, inArray } from "drizzle-orm";
import { dayTypes } from "@/lib/attendance/calendar";
import { expectedSlots, resolveShift, type ShiftRule } from "@/lib/attendance/engine";
import { env } from "@/lib/env";
import { addDays, businessDate } from "@/lib/time";
import type { Db } from "./client";
import { attendanceGroupMembers, attendanceGroups, departments, employees, expectedSlots as expectedSlotsTable, shifts } from "./schema";

type ShiftInsert = typeof shifts.$inferInsert;
type GroupInsert = typeof attendanceGroups.$inferInsert;

/** Offices in GCJ-02 (as AMap / Tencent Maps show them, and as the WeCom/DingTalk JS-SDKs report positions). */
export const DEMO_PLACES = {
  hqA: { name: "总部 A 座", lat: 31.23966, lng: 121.49972, radiusMeters: 300 }, // 上海 陆家嘴
  hqB: { name: "总部 B 座", lat: 31.23618, lng: 121.50522, radiusMeters: 200 },
  hangzhou: { name: "杭州办公室", lat: 30.27415, lng: 120.15515, radiusMeters: 250 }, // 杭州 武林广场
  beijing: { name: "北京办公室", lat: 39.99612, lng: 116.48075, radiusMeters: 300 }, // 北京 望京
} as const;

export const DEMO_WIFI = [
  { ssid: "Qiandao-Office", bssid: "f4:6d:04:a1:10:01" },
  { ssid: "Qiandao-Office", bssid: "f4:6d:04:a1:10:02" },
];

const SHIFTS: Record<"standard" | "night" | "flex", ShiftInsert> = {
  // 标准班 09:00–18:00, lunch 12:00–13:00, 5 minutes' grace.
  standard: {
    name: "标准班",
    kind: "fixed",
    sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }],
    graceMinutes: 5,
    seriousLateMinutes: 30,
    absentLateMinutes: 120,
    halfDayMinutes: 240,
    workdayOvertimeAfterMinutes: 30,
  },
  // 夜班 22:00–次日 06:00, anchored to the date it starts on.
  night: { name: "夜班", kind: "night", sections: [{ start: 1320, end: 1800 }], graceMinutes: 5, seriousLateMinutes: 30, absentLateMinutes: 120 },
  // 弹性班: arrive 08:00–10:00, 9 hours including lunch.
  flex: {
    name: "弹性班",
    kind: "flexible",
    sections: [{ start: 600, end: 1140, rests: [{ start: 720, end: 780 }] }],
    graceMinutes: 0,
    flexEarliestArrival: 480,
    flexLatestArrival: 600,
    requiredMinutes: 540,
  },
};

const GROUPS: { key: keyof typeof SHIFTS; group: Omit<GroupInsert, "defaultShiftId">; departmentCodes: string[] }[] = [
  {
    key: "standard",
    group: {
      name: "标准考勤组",
      priority: 0,
      places: [DEMO_PLACES.hqA, DEMO_PLACES.hqB, DEMO_PLACES.hangzhou, DEMO_PLACES.beijing],
      wifi: DEMO_WIFI,
      fieldAllowed: true, // sales visit customers: 外勤 punches allowed, marked for the manager
    },
    departmentCodes: ["D000"],
  },
  {
    key: "flex",
    group: { name: "研发弹性考勤组", priority: 10, places: [DEMO_PLACES.hqA, DEMO_PLACES.hqB], wifi: DEMO_WIFI, fieldAllowed: false },
    departmentCodes: ["D100"],
  },
  {
    key: "night",
    group: { name: "客户成功夜班组", priority: 10, places: [DEMO_PLACES.hqB], wifi: DEMO_WIFI, fieldAllowed: false },
    departmentCodes: ["D700"],
  },
];

/** How many days ahead (from today) expected punches are generated for. */
export const SLOT_DAYS_AHEAD = 14;

export async function seedDemoAttendance(db: Db, opts: { now?: Date } = {}): Promise<{ groups: number; slots: number }> {
  const tz = env().ORG_TIMEZONE;
  const shiftByKey = new Map<string, ShiftRule & { name: string }>();
  for (const [key, spec] of Object.entries(SHIFTS)) {
    let [row] = await db.select().from(shifts).where(eq(shifts.name, spec.name));
    if (!row) [row] = await db.insert(shifts).values(spec).returning();
    shiftByKey.set(key, row);
  }

  const codes = GROUPS.flatMap((g) => g.departmentCodes);
  const depts = await db.select({ id: departments.id, code: departments.code, path: departments.path }).from(departments).where(inArray(departments.code, codes));
  const deptByCode = new Map(depts.map((d) => [d.code, d]));
  const groupIds: { id: number; priority: number; shift: ShiftRule; paths: string[] }[] = [];
  for (const g of GROUPS) {
    const shift = shiftByKey.get(g.key)!;
    let [row] = await db.select().from(attendanceGroups).where(eq(attendanceGroups.name, g.group.name!));
    if (!row) [row] = await db.insert(attendanceGroups).values({ ...g.group, defaultShiftId: shift.id }).returning();
    const members = g.departmentCodes.map((c) => deptByCode.get(c)).filter((d) => d !== undefined);
    for (const d of members) {
      const [exists] = await db
        .select({ id: attendanceGroupMembers.id })
        .from(attendanceGroupMembers)
        .where(and(eq(attendanceGroupMembers.groupId, row.id), eq(attendanceGroupMembers.departmentId, d.id)));
      if (!exists) await db.insert(attendanceGroupMembers).values({ groupId: row.id, departmentId: d.id });
    }
    groupIds.push({ id: row.id, priority: row.priority, shift, paths: members.map((d) => d.path) });
  }

  // Expected punches of the coming days: the same rule as recompute's group resolution (department memberships
  // reach the subtree; higher priority wins), done in memory for the whole company at once.
  const today = businessDate(opts.now ?? new Date(), tz);
  const dates = Array.from({ length: SLOT_DAYS_AHEAD }, (_, i) => addDays(today, i));
  const types = await dayTypes(db, dates);
  const people = await db
    .select({ id: employees.id, path: departments.path })
    .from(employees)
    .innerJoin(departments, eq(departments.id, employees.departmentId))
    .where(eq(employees.status, "active"));
  const rows: (typeof expectedSlotsTable.$inferInsert)[] = [];
  for (const p of people) {
    const group = groupIds
      .filter((g) => g.paths.some((path) => p.path.startsWith(path)))
      .sort((a, b) => b.priority - a.priority || a.id - b.id)[0];
    if (!group) continue;
    for (const date of dates) {
      const shift = resolveShift(types.get(date)!, undefined, { schedule: "calendar", shift: group.shift });
      for (const s of expectedSlots(date, shift, tz)) {
        rows.push({ employeeId: p.id, businessDate: date, slot: s.index, kind: s.kind, shiftId: shift?.id ?? null, expectedAt: s.expectedAt, windowStart: s.windowStart, windowEnd: s.windowEnd });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) {
    // A slot already there may carry a computed status: keep it.
    await db.insert(expectedSlotsTable).values(rows.slice(i, i + 500)).onConflictDoNothing();
  }
  return { groups: groupIds.length, slots: rows.length };
}
