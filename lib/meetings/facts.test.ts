// Property-style test of the incremental attendance facts (meeting_attendance_daily + deltas, migration 0007):
// after a seeded random mix of check-ins, manual marks, video joins/leaves, leave, meeting edits (which move
// business dates and recompute), finalisation, folds, department moves and deletes, the facts equal a recount
// from meeting_attendance, and the period report's totals/days/departments/meetings agree with the rows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, meetings } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { addLeave, checkIn, createMeeting, finalizeMeeting, foldAttendanceDeltas, manualMark, qrSecret, recordPresence, updateMeeting, type MeetingRow } from "./mutations";
import { periodReport } from "./queries";
import { qrCode } from "./qr";
import { meetingInput } from "./schemas";

let t: TestDatabase;
let db: Db;
let people: { id: number; employeeNo: string; name: string }[];
let deptIds: number[];

const viewerOf = (p: { id: number; employeeNo: string; name: string }, roles: Viewer["roles"] = new Set(["employee"])): Viewer => ({
  employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: null, departmentName: null, roles, managedPaths: [], provider: "wecom",
});

/** mulberry32: a small seeded PRNG, so a failure replays with the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const rows = <T,>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];

async function recount(): Promise<Map<string, number>> {
  const r = await db.execute(sql`select business_date::text d, coalesce(department_id, 0)::text dep, status s, count(*)::int n
    from meeting_attendance group by 1, 2, 3`);
  return new Map(rows<{ d: string; dep: string; s: string; n: number }>(r).map((x) => [`${x.d}|${x.dep}|${x.s}`, x.n]));
}

async function facts(): Promise<Map<string, number>> {
  const r = await db.execute(sql`select d, dep, s, sum(n)::int n from (
      select business_date::text d, department_id::text dep, status s, n from meeting_attendance_daily
      union all select business_date::text, department_id::text, status, n from meeting_attendance_daily_delta) x
    group by 1, 2, 3 having sum(n) <> 0`);
  return new Map(rows<{ d: string; dep: string; s: string; n: number }>(r).map((x) => [`${x.d}|${x.dep}|${x.s}`, x.n]));
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await db
    .select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name })
    .from(employees)
    .where(eq(employees.status, "active"))
    .orderBy(employees.id)
    .limit(24);
  deptIds = (await db.select({ id: departments.id }).from(departments).limit(8)).map((d) => d.id);
});
afterAll(async () => t?.close());

describe("attendance facts", () => {
  it("equal a recount from meeting_attendance after a random mix of writes (3 seeds)", async () => {
    expect(people.length).toBeGreaterThanOrEqual(12);
    const secret = await qrSecret(db);
    const hr = viewerOf(people[0], new Set(["employee", "hr"]));
    let checks = 0;
    for (const seed of [7, 42, 20261122]) {
      const rnd = prng(seed);
      const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
      const base = new Date(Date.UTC(2026, 0, 5 + seed % 20, 1, 0)); // 09:00 Asia/Shanghai
      const invitees = people.slice(1);
      const ms: MeetingRow[] = [];
      for (let i = 0; i < 3; i++) {
        const startsAt = new Date(base.getTime() + i * 26 * 3_600_000); // different business dates
        ms.push(
          await createMeeting(
            db,
            hr,
            meetingInput.parse({
              title: `例会 ${seed}-${i}`,
              startsAt: startsAt.toISOString(),
              endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
              inviteeIds: invitees.map((p) => p.id),
            }),
          ),
        );
      }
      for (let step = 0; step < 60; step++) {
        const idx = Math.floor(rnd() * ms.length);
        const [m] = await db.select().from(meetings).where(eq(meetings.id, ms[idx].id));
        const person = pick(invitees);
        const at = new Date(m.startsAt.getTime() + Math.floor((rnd() * 80 - 10) * 60_000));
        const op = rnd();
        try {
          if (op < 0.3) {
            await checkIn(db, viewerOf(person), { method: "qr", meetingId: m.id, code: qrCode(secret, m.id, at).code }, { now: at });
          } else if (op < 0.42) {
            await manualMark(db, hr, m.id, { employeeId: person.id, status: pick(["on_time", "late", "early_leave", "absent", "on_leave"] as const), reason: "随机测试" }, at);
          } else if (op < 0.55) {
            await recordPresence(db, m, person.id, { source: "tencent_meeting", participantKey: `p${person.id}`, action: rnd() < 0.6 ? "join" : "leave", at }, at);
          } else if (op < 0.63) {
            // Moves the start by up to ±30 h: business dates change and every row is recomputed.
            const shift = Math.floor((rnd() * 60 - 30) * 3_600_000);
            await updateMeeting(db, hr, m.id, { startsAt: new Date(m.startsAt.getTime() + shift), endsAt: new Date(m.endsAt.getTime() + shift) }, at);
          } else if (op < 0.73) {
            await finalizeMeeting(db, m, new Date(m.endsAt.getTime() + 60_000));
          } else if (op < 0.8) {
            await addLeave(db, hr, { employeeId: person.id, startsAt: new Date(m.startsAt.getTime() - 3_600_000), endsAt: m.endsAt }, at);
          } else if (op < 0.87) {
            await foldAttendanceDeltas(db);
          } else if (op < 0.94) {
            // People move: their recorded rows keep the department they had.
            await db.update(employees).set({ departmentId: pick(deptIds) }).where(eq(employees.id, person.id));
          } else {
            await db.execute(sql`delete from meeting_attendance where meeting_id = ${m.id} and employee_id = ${person.id}`);
          }
        } catch (e) {
          if (!(e instanceof AppError)) throw e; // refusals (already checked in, window closed…) write nothing
        }
        if (step % 15 === 14) {
          expect(await facts()).toEqual(await recount());
          checks++;
        }
      }
      expect(await facts()).toEqual(await recount());
      const n = rows<{ n: number }>(await db.execute(sql`select count(*)::int n from meeting_attendance`))[0].n;
      expect(n).toBeGreaterThan(0);
    }
    expect(checks).toBe(12);
    // The mix really exercised the statuses and the business-date moves.
    const mix = rows<{ s: number; d: number }>(await db.execute(sql`select count(distinct status)::int s, count(distinct business_date)::int d from meeting_attendance`))[0];
    expect(mix.s).toBeGreaterThanOrEqual(4);
    expect(mix.d).toBeGreaterThanOrEqual(4);
    await foldAttendanceDeltas(db);
    expect(rows<{ n: number }>(await db.execute(sql`select count(*)::int n from meeting_attendance_daily_delta`))[0].n).toBe(0);
    expect(await facts()).toEqual(await recount());
  });

  it("period report totals, days, departments and meetings agree with the rows", async () => {
    const hr = viewerOf(people[0], new Set(["employee", "hr"]));
    const r = await periodReport(db, hr, { from: "2025-12-01", to: "2026-03-01" });
    const truth = rows<{ d: string; s: string; n: number }>(
      // only meetings that are final count (lib/meetings/figures)
      await db.execute(sql`select a.business_date::text d, a.status s, count(*)::int n from meeting_attendance a join meetings m on m.id = a.meeting_id
        where m.finalized_at is not null and a.status <> 'pending' and a.business_date between '2025-12-01' and '2026-03-01' group by 1, 2`),
    );
    const total = truth.reduce((a, x) => a + x.n, 0);
    expect(total).toBeGreaterThan(0);
    expect(r.totals.total).toBe(total);
    expect(r.totals.late).toBe(truth.filter((x) => x.s === "late").reduce((a, x) => a + x.n, 0));
    for (const day of r.byDay) {
      expect(day.total).toBe(truth.filter((x) => x.d === day.key).reduce((a, x) => a + x.n, 0));
    }
    expect(r.byDepartment.reduce((a, x) => a + x.total, 0)).toBe(total);
    // Per meeting: exactly the rows of each meeting.
    const perMeeting = rows<{ id: string; n: number; on_time: number }>(
      await db.execute(sql`select meeting_id::text id, count(*)::int n, count(*) filter (where status = 'on_time')::int on_time from meeting_attendance
        where status <> 'pending' and business_date between '2025-12-01' and '2026-03-01' group by 1`),
    );
    expect(r.meetings.map((m) => [m.key, m.total, m.on_time]).sort()).toEqual(perMeeting.map((m) => [m.id, m.n, m.on_time]).sort());
    // A meeting that is not final has counts but no rate; the mix has both kinds.
    for (const m of r.meetings) expect([m.key, m.attendanceRate === null]).toEqual([m.key, m.phase !== "final"]);
    expect(new Set(r.meetings.map((m) => m.phase))).toEqual(new Set(["final", "in_progress"]));
    // A plain employee who organises nothing and leads nothing sees nothing.
    const nobody = await periodReport(db, viewerOf(people[5]), { from: "2025-12-01", to: "2026-03-01" });
    expect(nobody.totals.total).toBe(0);
    expect(nobody.meetings).toEqual([]);
  });
});
