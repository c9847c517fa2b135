// The period lock (封账) against the database: after a lock a punch inside the period changes no person-day and is
// queued once as late evidence (a redelivery queues nothing twice; a queued recompute job is held too); reopening
// with a reason recomputes the queued person-days through the inbox job, marks the queue applied and is audited;
// a reopen without a reason and a lock by an employee or a manager are refused with nothing written.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceDays, attendanceGroupMembers, attendanceGroups, attendanceLateEvidence, attendancePeriodLocks, auditLog, departments, employees, shifts } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { processInboxBatch } from "@/lib/ingest/worker";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { refreshCalendar } from "./calendar";
import { enqueueRecompute } from "./calendar-refresh";
import { lockBody, lockPeriod, payrollStartDay, periodState, reopenBody, reopenPeriod, setPayrollStartDay, startDayBody } from "./period-lock";
import { writePunch } from "./punches/store";

let t: TestDatabase;
let db: Db;
let dept = 0;
const emp: { id: number; no: string }[] = [];
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

const viewer = (e: { id: number; no: string }, roles: Viewer["roles"], managedPaths: string[] = []): Viewer => ({
  employeeId: e.id,
  employeeNo: e.no,
  name: `员工${e.no}`,
  departmentId: dept,
  departmentName: "财务部",
  roles,
  managedPaths,
  provider: null,
});
let hr: Viewer;
let employee: Viewer;
let manager: Viewer;

const dayRows = async () => db.select().from(attendanceDays).orderBy(asc(attendanceDays.employeeId), asc(attendanceDays.businessDate));
const evidence = async () => db.select().from(attendanceLateEvidence).orderBy(asc(attendanceLateEvidence.id));
const audits = async (action: string) => db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(asc(auditLog.id));
const drain = async () => {
  while ((await processInboxBatch(db)) > 0);
};
const statusOf = (e: unknown) => errorResponse(e).status;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026] });
  const [d] = await db.insert(departments).values({ code: "fin", name: "财务部", path: "/" }).returning();
  dept = d.id;
  await db.update(departments).set({ path: `/${d.id}/` }).where(eq(departments.id, d.id));
  const rows = await db.insert(employees).values([1, 2, 3, 4].map((i) => ({ employeeNo: `PL${i}`, name: `员工${i}`, departmentId: d.id }))).returning();
  emp.push(...rows.map((r) => ({ id: r.id, no: r.employeeNo })));
  hr = viewer(emp[2], new Set(["employee", "hr"]));
  employee = viewer(emp[1], new Set(["employee"]));
  manager = viewer(emp[3], new Set(["employee", "manager"]), [`/${d.id}/`]);
  const [standard] = await db.insert(shifts).values({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5 }).returning();
  const [group] = await db.insert(attendanceGroups).values({ name: "标准班组", defaultShiftId: standard.id }).returning();
  await db.insert(attendanceGroupMembers).values({ groupId: group.id, departmentId: d.id });
  // 2026-03-02 (Mon): emp 0 punches in late at 09:20 and out at 18:05 — the day is late.
  await db.transaction(async (tx) => {
    await writePunch(tx, { source: "device", deviceId: "g", recordId: "in-0302", employeeId: emp[0].id, punchedAt: at("2026-03-02", "09:20"), direction: "in" });
    await writePunch(tx, { source: "device", deviceId: "g", recordId: "out-0302", employeeId: emp[0].id, punchedAt: at("2026-03-02", "18:05"), direction: "out" });
  });
});
afterAll(async () => {
  await t?.close();
});

describe("payroll period start day", () => {
  it("defaults to calendar months; HR sets 26 (audited once), the same value again writes nothing; out of range is refused", async () => {
    expect(await payrollStartDay(db)).toBe(1);
    expect(await setPayrollStartDay(db, hr, { startDay: 26 })).toEqual({ startDay: 26, changed: true });
    expect(await setPayrollStartDay(db, hr, { startDay: 26 })).toEqual({ startDay: 26, changed: false });
    expect(await payrollStartDay(db)).toBe(26);
    expect((await audits("attendance.period.start_day")).map((a) => a.details)).toEqual([{ from: 1, to: 26 }]);
    expect(startDayBody.safeParse({ startDay: 29 }).success).toBe(false);
    expect(startDayBody.safeParse({ startDay: 0 }).success).toBe(false);
    expect(startDayBody.safeParse({ startDay: 1.5 }).success).toBe(false);
    await expect(setPayrollStartDay(db, manager, { startDay: 1 })).rejects.toSatisfy((e) => statusOf(e) === 403);
    // Back to calendar months for the lock cases below.
    await setPayrollStartDay(db, hr, { startDay: 1 });
  });
});

describe("period lock (封账)", () => {
  it("an employee or a manager cannot lock or reopen: 403, nothing written", async () => {
    for (const v of [employee, manager]) {
      await expect(lockPeriod(db, v, { month: "2026-03" })).rejects.toSatisfy((e) => statusOf(e) === 403);
      await expect(reopenPeriod(db, v, { month: "2026-03", reason: "x" })).rejects.toSatisfy((e) => statusOf(e) === 403);
    }
    expect(await db.select().from(attendancePeriodLocks)).toEqual([]);
    expect(await audits("attendance.period.lock")).toEqual([]);
  });

  it("locks once: a second lock is a no-op (one audit row)", async () => {
    const a = await lockPeriod(db, hr, { month: "2026-03" });
    expect(a).toMatchObject({ changed: true, lock: { state: "locked", fromDate: "2026-03-01", toDate: "2026-03-31", period: "2026-03", lockedBy: hr.employeeId } });
    const b = await lockPeriod(db, hr, { month: "2026-03" });
    expect(b).toMatchObject({ changed: false, lock: { id: a.lock.id, state: "locked" } });
    expect((await audits("attendance.period.lock")).map((x) => [x.targetId, x.actorEmployeeId, x.details])).toEqual([
      [String(a.lock.id), hr.employeeId, { period: "2026-03", from: "2026-03-01", to: "2026-03-31" }],
    ]);
  });

  it("a punch inside the locked period changes no person-day and is queued once; a redelivery queues nothing more", async () => {
    const before = await dayRows();
    expect(before.find((d) => d.employeeId === emp[0].id && d.businessDate === "2026-03-02")).toMatchObject({ version: 2, lateMinutes: 20 });
    // A correction arrives late: a punch at 08:55 (the day would no longer be late), then the same record again.
    const r1 = await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "late-0302", employeeId: emp[0].id, punchedAt: at("2026-03-02", "08:55"), direction: "in" }));
    const r2 = await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "late-0302", employeeId: emp[0].id, punchedAt: at("2026-03-02", "08:55"), direction: "in" }));
    expect(r1.state).toBe("added");
    expect(r2).toMatchObject({ id: r1.id, state: "unchanged" });
    // The same record with a changed time (a vendor correction) is the same evidence: still one queue row.
    await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "late-0302", employeeId: emp[0].id, punchedAt: at("2026-03-02", "08:54"), direction: "in" }));
    // A punch of the next period (April) recomputes as usual.
    await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "in-0401", employeeId: emp[1].id, punchedAt: at("2026-04-01", "08:59"), direction: "in" }));
    const after = await dayRows();
    expect(after.filter((d) => d.businessDate < "2026-04-01")).toEqual(before);
    expect(after.find((d) => d.employeeId === emp[1].id && d.businessDate === "2026-04-01")).toMatchObject({ version: 1 });
    const q = await evidence();
    expect(q.map((e) => ({ employeeId: e.employeeId, businessDate: e.businessDate, kind: e.kind, ref: e.ref, source: e.source, appliedAt: e.appliedAt }))).toEqual([
      { employeeId: emp[0].id, businessDate: "2026-03-02", kind: "punch", ref: String(r1.id), source: "device", appliedAt: null },
    ]);
  });

  it("a queued recompute job for a locked day is held too (queued as a recompute), not applied", async () => {
    const before = await dayRows();
    await enqueueRecompute(db, [{ employeeId: emp[0].id, date: "2026-03-03" }], "calendar edit", "test-cal-0303");
    await drain();
    expect(await dayRows()).toEqual(before);
    expect((await evidence()).filter((e) => e.kind === "recompute").map((e) => [e.businessDate, e.ref])).toEqual([["2026-03-03", "calendar edit"]]);
  });

  it("the state shows the lock, the queue (count and rows) and the history", async () => {
    const s = await periodState(db, hr, "2026-03", 1);
    expect(s).toMatchObject({ month: "2026-03", from: "2026-03-01", to: "2026-03-31", canManage: true, pending: 2, lock: { state: "locked", reopenReason: null } });
    expect(s.evidence.map((e) => [e.employeeNo, e.businessDate, e.kind])).toEqual([
      ["PL1", "2026-03-03", "recompute"],
      ["PL1", "2026-03-02", "punch"],
    ]);
    expect(s.history.map((h) => h.action)).toEqual(["attendance.period.lock"]);
    // An employee's scope is themselves: PL2 sees none of PL1's evidence.
    expect((await periodState(db, employee, "2026-03", 1)).pending).toBe(0);
  });

  it("reopening without a reason is refused (400 reason), nothing changes", async () => {
    for (const body of [{ month: "2026-03" }, { month: "2026-03", reason: "" }, { month: "2026-03", reason: "   " }]) {
      const r = reopenBody.safeParse(body);
      expect(r.success).toBe(false);
      expect(r.error!.issues[0].path).toEqual(["reason"]);
    }
    expect(lockBody.safeParse({ month: "2026-13" }).success).toBe(false);
    expect((await db.select().from(attendancePeriodLocks))[0].state).toBe("locked");
  });

  it("reopening with a reason recomputes the queued person-days through the job, marks the queue applied, and is audited", async () => {
    const before = await dayRows();
    const r = await reopenPeriod(db, hr, { month: "2026-03", reason: "补录 3 月 2 日门禁记录" });
    expect(r).toMatchObject({ changed: true, queued: 2, lock: { state: "reopened", reopenReason: "补录 3 月 2 日门禁记录", reopenedBy: hr.employeeId } });
    // Nothing recomputed inside the reopen's transaction: the inbox job does it.
    expect(await dayRows()).toEqual(before);
    await drain();
    const day = (await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, emp[0].id), eq(attendanceDays.businessDate, "2026-03-02"))))[0];
    expect(day).toMatchObject({ version: 3, lateMinutes: 0 });
    expect(day.statuses).not.toContain("late");
    expect((await evidence()).every((e) => e.appliedAt !== null)).toBe(true);
    expect((await audits("attendance.period.reopen")).map((a) => a.details)).toEqual([
      { period: "2026-03", from: "2026-03-01", to: "2026-03-31", reason: "补录 3 月 2 日门禁记录", personDays: 2 },
    ]);
    const s = await periodState(db, hr, "2026-03", 1);
    expect(s).toMatchObject({ pending: 0, evidence: [], lock: { state: "reopened", reopenReason: "补录 3 月 2 日门禁记录" } });
    expect(s.history.map((h) => [h.action, h.reason])).toEqual([
      ["attendance.period.reopen", "补录 3 月 2 日门禁记录"],
      ["attendance.period.lock", null],
    ]);
    // Reopening an open period is a no-op; locking again is a new audited lock.
    expect(await reopenPeriod(db, hr, { month: "2026-03", reason: "again" })).toMatchObject({ changed: false, queued: 0 });
    expect(await lockPeriod(db, hr, { month: "2026-03" })).toMatchObject({ changed: true, lock: { state: "locked" } });
    expect(await audits("attendance.period.lock")).toHaveLength(2);
  });

  it("after a reopen and a new lock, the same punch record arriving again queues a new row (the old one is applied)", async () => {
    const [p] = await evidence();
    await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "late-0302", employeeId: emp[0].id, punchedAt: at("2026-03-02", "08:50"), direction: "in" }));
    const q = await evidence();
    expect(q.filter((e) => e.appliedAt === null).map((e) => [e.kind, e.ref])).toEqual([["punch", p.ref]]);
  });

  it("after the start day changes, a period overlapping a locked one says so, and its locked dates stay held", async () => {
    await setPayrollStartDay(db, hr, { startDay: 26 });
    const s = await periodState(db, hr, "2026-04", 26); // 2026-03-26 … 2026-04-25
    expect(s).toMatchObject({ from: "2026-03-26", to: "2026-04-25", lock: null, overlaps: [{ period: "2026-03", from: "2026-03-01", to: "2026-03-31" }] });
    const before = await dayRows();
    await db.transaction((tx) => writePunch(tx, { source: "device", deviceId: "g", recordId: "in-0330", employeeId: emp[1].id, punchedAt: at("2026-03-30", "08:59"), direction: "in" }));
    expect(await dayRows()).toEqual(before);
    expect((await evidence()).filter((e) => e.appliedAt === null && e.businessDate === "2026-03-30")).toHaveLength(1);
    await setPayrollStartDay(db, hr, { startDay: 1 });
  });
});
