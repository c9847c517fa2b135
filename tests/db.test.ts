import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, openDatabase } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { departments, employees, identities, meetingAttendance, meetings } from "@/db/schema";
import { recomputeMeeting } from "@/lib/meetings/mutations";
import { createTestDatabase, type TestDatabase } from "./db";

describe("database and demo seed", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("seeds a believable organisation and a second seed changes nothing", async () => {
    const db = t.database.db;
    const first = await seedDemo(db);
    expect(first.employees).toBe(200);
    const count = async () => {
      const [e] = await db.select({ n: sql<number>`count(*)::int` }).from(employees);
      const [d] = await db.select({ n: sql<number>`count(*)::int` }).from(departments);
      const [i] = await db.select({ n: sql<number>`count(*)::int` }).from(identities);
      const [m] = await db.select({ n: sql<number>`count(*)::int` }).from(meetings);
      return { e: e.n, d: d.n, i: i.n, m: m.n };
    };
    const before = await count();
    expect(before.e).toBe(200);
    expect(before.i).toBe(400);
    expect(before.m).toBeGreaterThanOrEqual(4);
    const deepest = await db.select({ depth: sql<number>`max(depth)::int` }).from(departments);
    expect(deepest[0].depth).toBeGreaterThanOrEqual(2); // root → centre → department → team
    const second = await seedDemo(db);
    expect(second.meetings).toBe(0);
    expect(await count()).toEqual(before);
  });

  it("seeded history carries real evidence: recomputing a past meeting changes nothing", async () => {
    const db = t.database.db;
    const past = (await db.select().from(meetings)).filter((m) => m.endsAt < new Date());
    expect(past.length).toBeGreaterThanOrEqual(3);
    const before = await db.select().from(meetingAttendance);
    const statuses = new Set(before.map((a) => a.status));
    for (const s of ["on_time", "late", "early_leave", "absent"]) expect(statuses).toContain(s);
    let changed = 0;
    for (const m of past) changed += await recomputeMeeting(db, m);
    expect(changed).toBe(0);
  });

  it("builds the same organisation from the same seed", () => {
    expect(buildDemoOrg()).toEqual(buildDemoOrg());
    expect(buildDemoOrg({ seed: 1 }).employees[5].name).not.toBe(undefined);
    const big = buildDemoOrg({ employees: 10_000, departments: 500 });
    expect(big.departments).toHaveLength(500);
    expect(new Set(big.employees.map((e) => e.wecomUserId)).size).toBe(10_000);
  });
});

describe("embedded PGlite directory", () => {
  it("survives a reopen and refuses a second live process", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qd-pglite-"));
    const dataDir = path.join(dir, "pglite");
    const a = await openDatabase({ pgliteDir: dataDir });
    await a.db.insert(employees).values({ employeeNo: "T1", name: "测试" });
    await a.close();
    const b = await openDatabase({ pgliteDir: dataDir });
    const rows = await b.db.select().from(employees);
    expect(rows.map((r) => r.employeeNo)).toEqual(["T1"]);
    await b.close();

    // A lock held by another live process (our parent here) is refused with a clear message.
    fs.writeFileSync(path.join(dir, "pglite.lock"), String(process.ppid));
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dataDir)).toThrow(/already open in process/);
    // A stale lock (dead pid) is taken over.
    fs.writeFileSync(path.join(dir, "pglite.lock"), "999999");
    const release = acquireDataDirLock(dataDir);
    release();
    expect(fs.existsSync(path.join(dir, "pglite.lock"))).toBe(false);
  });
});
