// Calendar refresh: an amendment (simulated by editing a stored day as an older package would have had it) is
// found, logged in calendar_changes, applied, and exactly the person-days on that date recompute through the inbox.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceDays, attendanceGroupMembers, attendanceGroups, calendarChanges, calendarDays, departments, employees, inboxEvents, shifts } from "@/db/schema";
import { processInboxBatch } from "@/lib/ingest/worker";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { refreshCalendar, type DayType } from "./calendar";
import { editCompanyDay, refreshCalendarAndRecompute, removeCompanyDay } from "./calendar-refresh";
import { writePunches } from "./punches/store";
import { recomputePersonDays } from "./recompute";

let t: TestDatabase;
let db: Db;
const emp: number[] = [];
const DATES = ["2026-02-13", "2026-02-14", "2026-02-16", "2026-03-02", "2026-03-03", "2026-10-01"];

const versions = async () =>
  new Map((await db.select().from(attendanceDays)).map((d) => [`${d.employeeId}:${d.businessDate}`, { version: d.version, statuses: d.statuses, dayType: d.dayType }]));
const drain = async () => {
  while ((await processInboxBatch(db)) > 0);
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026] });
  const [dept] = await db.insert(departments).values({ code: "cal", name: "行政部", path: "/" }).returning();
  await db.update(departments).set({ path: `/${dept.id}/` }).where(eq(departments.id, dept.id));
  const rows = await db.insert(employees).values([1, 2, 3].map((i) => ({ employeeNo: `CAL${i}`, name: `员工${i}`, departmentId: dept.id }))).returning();
  emp.push(...rows.map((r) => r.id));
  const [standard] = await db.insert(shifts).values({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5 }).returning();
  const [group] = await db.insert(attendanceGroups).values({ name: "标准班组", defaultShiftId: standard.id }).returning();
  await db.insert(attendanceGroupMembers).values({ groupId: group.id, departmentId: dept.id });
  // Everyone punches 09:00–18:00 on every test date except the holiday (2026-10-01: nobody comes).
  await db.transaction((tx) =>
    writePunches(
      tx,
      emp.flatMap((e) =>
        DATES.filter((d) => d !== "2026-10-01").flatMap((d) => [
          { source: "device" as const, deviceId: "cal", recordId: `${e}-${d}-in`, employeeId: e, punchedAt: new Date(`${d}T08:58:00+08:00`) },
          { source: "device" as const, deviceId: "cal", recordId: `${e}-${d}-out`, employeeId: e, punchedAt: new Date(`${d}T18:03:00+08:00`) },
        ]),
      ),
    ),
  );
  await db.transaction((tx) => recomputePersonDays(tx, emp.flatMap((e) => DATES.map((date) => ({ employeeId: e, date })))));
});
afterAll(async () => {
  await t?.close();
});

/** An older package's view of a date: the stored row says `storedAs`, and the person-days were computed with it. */
async function simulateOldPackage(date: string, storedAs: DayType) {
  await db.update(calendarDays).set({ dayType: storedAs, source: "chinese-days", sourceVersion: "0.0.1-old" }).where(eq(calendarDays.date, date));
  await db.transaction((tx) => recomputePersonDays(tx, emp.map((e) => ({ employeeId: e, date }))));
  await db.delete(inboxEvents);
}

const cases: { name: string; date: string; storedAs: DayType; packageSays: DayType; before: string; after: string }[] = [
  { name: "make-up Saturday 2026-02-14 had been a weekend", date: "2026-02-14", storedAs: "weekend", packageSays: "makeup_workday", before: "rest", after: "normal" },
  { name: "2026-02-16 (Spring Festival) had been a workday", date: "2026-02-16", storedAs: "workday", packageSays: "statutory_holiday", before: "normal", after: "rest" },
  { name: "National Day 2026-10-01 had been a workday (absent)", date: "2026-10-01", storedAs: "workday", packageSays: "statutory_holiday", before: "absent", after: "rest" },
  { name: "an ordinary Monday 2026-03-02 had been an in-lieu rest day", date: "2026-03-02", storedAs: "in_lieu_rest", packageSays: "workday", before: "rest", after: "normal" },
];

describe("calendar refresh from chinese-days", () => {
  it.each(cases)("$name → logged, applied, exactly its person-days recomputed", async (c) => {
    await simulateOldPackage(c.date, c.storedAs);
    const before = await versions();
    for (const e of emp) expect(before.get(`${e}:${c.date}`)!.statuses).toContain(c.before);

    const r = await refreshCalendarAndRecompute(db, { years: [2026] });
    expect(r.changed).toEqual([{ date: c.date, before: c.storedAs, after: c.packageSays }]);
    expect(r.queued).toBe(emp.length);
    const [row] = await db.select().from(calendarDays).where(eq(calendarDays.date, c.date));
    expect(row.dayType).toBe(c.packageSays);
    const logged = await db.select().from(calendarChanges).where(and(eq(calendarChanges.date, c.date), eq(calendarChanges.after, c.packageSays)));
    expect(logged.at(-1)).toMatchObject({ before: c.storedAs, after: c.packageSays, source: "chinese-days" });

    // A second refresh finds nothing and queues nothing.
    expect(await refreshCalendarAndRecompute(db, { years: [2026] })).toMatchObject({ changed: [], queued: 0 });

    await drain();
    const after = await versions();
    for (const [k, v] of after) {
      if (k.endsWith(`:${c.date}`)) {
        expect(v.statuses, k).toContain(c.after);
        expect(v.dayType).toBe(c.packageSays);
        expect(v.version, k).toBe(before.get(k)!.version + 1);
      } else {
        expect(v.version, k).toBe(before.get(k)!.version); // nothing else moved
      }
    }
    const handled = await db.select({ n: sql<number>`count(*)::int` }).from(inboxEvents).where(and(eq(inboxEvents.source, "attendance"), eq(inboxEvents.status, "handled")));
    expect(handled[0].n).toBe(1);
  });

  it("keeps HR's days, and an HR edit recomputes the person-days on it (and its removal again)", async () => {
    await db.delete(inboxEvents);
    const before = await versions();
    const edit = await editCompanyDay(db, { date: "2026-03-03", dayType: "in_lieu_rest", name: "公司年会调休", editedBy: emp[0] });
    expect(edit).toEqual({ changed: true, queued: emp.length });
    // the package disagrees, but an HR row is never overwritten by a refresh
    expect(await refreshCalendarAndRecompute(db, { years: [2026] })).toMatchObject({ changed: [], queued: 0 });
    await drain();
    const after = await versions();
    for (const e of emp) {
      expect(after.get(`${e}:2026-03-03`)).toMatchObject({ dayType: "in_lieu_rest", version: before.get(`${e}:2026-03-03`)!.version + 1 });
      expect(after.get(`${e}:2026-03-03`)!.statuses).toContain("rest");
      expect(after.get(`${e}:2026-02-13`)!.version).toBe(before.get(`${e}:2026-02-13`)!.version);
    }
    expect(await removeCompanyDay(db, "2026-03-03")).toEqual({ changed: true, queued: emp.length });
    await drain();
    for (const e of emp) expect((await versions()).get(`${e}:2026-03-03`)).toMatchObject({ dayType: "workday", statuses: ["normal"] });
  });
});
