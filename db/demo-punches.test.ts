// The demo company's two months of punches: deterministic, fast, and the engine's results show the usual mess.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { refreshCalendar } from "@/lib/attendance/calendar";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { seedDemoAttendance } from "./demo-attendance";
import { seedDemoPunches } from "./demo-punches";
import { seedDemo } from "./seed";

let t: TestDatabase;
let db: Db;
const NOW = new Date("2026-12-05T04:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026] });
  await seedDemo(db, { now: NOW });
  await seedDemoAttendance(db);
});
afterAll(async () => {
  await t?.close();
});

describe("seedDemoPunches", () => {
  it("seeds two months quickly, with late mornings, missing punch-outs, field days, leave and night shifts; a re-run changes nothing", async () => {
    const t0 = Date.now();
    const first = await seedDemoPunches(db, NOW);
    const seconds = (Date.now() - t0) / 1000;
    console.log(`demo punches: ${first.punches} punches, ${first.personDays} person-days, ${first.leaves} leave spans in ${seconds.toFixed(1)} s`);
    // target < 20 s (18.4 s measured on 2 cores at load average 15); the bound leaves room for a loaded CI host
    expect(seconds).toBeLessThan(40);
    expect(first.punches).toBeGreaterThan(10_000);
    const stat = rowsOf<{ code: string; n: number }>(
      await db.execute(sql`SELECT unnest(statuses) AS code, count(*)::int AS n FROM attendance_days GROUP BY 1`),
    );
    const count = new Map(stat.map((s) => [s.code, Number(s.n)]));
    for (const code of ["normal", "late", "missing_out", "rest", "leave", "field"]) expect(count.get(code) ?? 0, code).toBeGreaterThan(0);
    expect(count.get("normal")!).toBeGreaterThan((count.get("late") ?? 0) * 5);
    const [{ n: nights }] = rowsOf<{ n: number }>(
      await db.execute(sql`SELECT count(*)::int AS n FROM punches p WHERE p.business_date < (p.punched_at AT TIME ZONE 'Asia/Shanghai')::date`),
    );
    expect(Number(nights)).toBeGreaterThan(0); // night-shift punch-outs count for the day before
    const [{ max }] = rowsOf<{ max: string }>(await db.execute(sql`SELECT max(business_date)::text AS max FROM attendance_days`));
    expect(max).toBe("2026-12-04");

    const snapshot = async () => rowsOf(await db.execute(sql`SELECT employee_id, business_date::text, statuses, version FROM attendance_days ORDER BY 1, 2`));
    const before = await snapshot();
    const again = await seedDemoPunches(db, NOW);
    expect(again.punches).toBe(first.punches);
    expect(await snapshot()).toEqual(before);
  }, 120_000);
});
