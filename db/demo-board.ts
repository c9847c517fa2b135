// Today for the demo company, so the manager's live board (团队考勤 / 考勤看板) has something to show the day the
// demo starts: punch-ins before `now` for most people due today (a few late, some not yet), today's leave and a
// business trip, and — when today is a rest day — a weekend on-call roster (值班) for 客户成功部 and 基础架构组, so a
// Saturday demo is not an empty board. Deterministic (seeded PRNG), idempotent (natural keys), written through the
// punch store; today's person-days are recomputed for everyone due. Runs after seedDemoPunches (db/startup.ts).
import { eq, inArray } from "drizzle-orm";
import { expectedSlots } from "@/lib/attendance/engine";
import { writePunches, type PunchWrite } from "@/lib/attendance/punches/store";
import { plansForMany, recomputeMany } from "@/lib/attendance/recompute";
import { env } from "@/lib/env";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import type { Db } from "./client";
import { prng } from "./demo-org";
import { departments, employees, leaveSpans, rosters, shifts } from "./schema";

const ON_CALL_DEPARTMENTS = ["D700", "D111"];

export async function seedDemoToday(db: Db, now: Date, opts: { seed?: number } = {}): Promise<{ expected: number; punches: number; rostered: number }> {
  const tz = env().ORG_TIMEZONE;
  const today = businessDate(now, tz);
  const r = prng(opts.seed ?? 20261206);
  const people = await db
    .select({ id: employees.id, no: employees.employeeNo, path: departments.path })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(eq(employees.status, "active"))
    .orderBy(employees.id);

  // A rest day: half of the on-call departments work a standard day (roster rows win over the group's calendar).
  let plans = await plansForMany(db, people.map((p) => ({ employeeId: p.id, date: today })));
  let rostered = 0;
  if (![...plans.values()].some((p) => p.shift)) {
    const [standard] = await db.select().from(shifts).where(eq(shifts.name, "标准班"));
    const onCallPaths = (await db.select({ path: departments.path }).from(departments).where(inArray(departments.code, ON_CALL_DEPARTMENTS))).map((d) => d.path);
    const onCall = people.filter((p, i) => p.path && onCallPaths.some((x) => p.path!.startsWith(x)) && i % 2 === 0);
    if (standard && onCall.length) {
      await db
        .insert(rosters)
        .values(onCall.map((p) => ({ employeeId: p.id, date: today, shiftId: standard.id })))
        .onConflictDoNothing();
      rostered = onCall.length;
      plans = await plansForMany(db, people.map((p) => ({ employeeId: p.id, date: today })));
    }
  }

  const due = people.filter((p) => plans.get(`${p.id}:${today}`)?.shift);
  const punches: PunchWrite[] = [];
  const leaves: (typeof leaveSpans.$inferInsert)[] = [];
  due.forEach((p, i) => {
    const shift = plans.get(`${p.id}:${today}`)!.shift!;
    const slots = expectedSlots(today, shift, tz);
    const first = slots.find((s) => s.kind === "in");
    if (!first) return;
    const roll = r();
    const lateRoll = r();
    const jitter = r();
    // about 1 in 14 on leave, 1 in 30 on a business trip: the whole day
    if (i % 14 === 3 || i % 30 === 7) {
      const kind = i % 14 === 3 ? "leave" : "trip";
      leaves.push({
        employeeId: p.id,
        kind,
        leaveType: kind === "leave" ? (roll < 0.5 ? "年假" : "病假") : null,
        startsAt: zonedTimeToUtc(today, "00:00", tz),
        endsAt: zonedTimeToUtc(addDays(today, 1), "00:00", tz),
        source: "demo",
        sourceKey: `demo-today:${p.no}:${today}:${kind}`,
        reason: "演示数据",
      });
      return;
    }
    if (roll < 0.12) return; // not punched (yet)
    const start = first.expectedAt.getTime();
    const late = lateRoll < 0.1;
    const at = new Date(start + (late ? 6 + Math.floor(jitter * 35) : -(3 + Math.floor(jitter * 30))) * 60_000);
    if (at.getTime() > now.getTime()) return; // the future stays empty
    punches.push({ source: "device", deviceId: "demo-gate-1", recordId: `demo-today:${p.no}:${today}:in`, employeeId: p.id, punchedAt: at, direction: "in" });
  });

  if (leaves.length) await db.insert(leaveSpans).values(leaves).onConflictDoNothing();
  if (punches.length) await db.transaction((tx) => writePunches(tx, punches, tz, { recompute: false }));
  // Today's person-day of everyone with a punch or leave (the rest stay open: nothing is final before the day ends).
  const touched = [...new Set([...punches.map((p) => p.employeeId), ...leaves.map((l) => l.employeeId!)])];
  for (let i = 0; i < touched.length; i += 300) {
    const pairs = touched.slice(i, i + 300).map((employeeId) => ({ employeeId, date: today }));
    await db.transaction((tx) => recomputeMany(tx, pairs, tz));
  }
  return { expected: due.length, punches: punches.length, rostered };
}
