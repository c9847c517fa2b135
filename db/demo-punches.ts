// Two months of realistic punches for the demo company, before `now`, deterministic (seeded PRNG): most people on
// time, some late mornings, forgotten punch-outs, a field day (外勤) each, leave spans, a few weekend overtimes.
// Reads the attendance groups / members / shifts that exist (db/demo-attendance.ts), writes through the punch store
// (lib/attendance/punches/store.ts: natural keys, so a re-run changes nothing), then recomputes every person-day.
import { sql } from "drizzle-orm";
import { groupsOf, recomputeMany } from "@/lib/attendance/recompute";
import { dayTypes } from "@/lib/attendance/calendar";
import { writePunches, type PunchWrite } from "@/lib/attendance/punches/store";
import { env } from "@/lib/env";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import type { Db } from "./client";
import { prng } from "./demo-org";
import { employees, leaveSpans, shifts } from "./schema";

const DAYS = 61;
const at = (date: string, minutes: number, tz: string) => new Date(zonedTimeToUtc(date, "00:00", tz).getTime() + minutes * 60_000);

export async function seedDemoPunches(db: Db, now: Date, opts: { seed?: number; days?: number } = {}): Promise<{ punches: number; personDays: number; leaves: number }> {
  const tz = env().ORG_TIMEZONE;
  const r = prng(opts.seed ?? 20261205);
  const today = businessDate(now, tz);
  const dates = Array.from({ length: opts.days ?? DAYS }, (_, i) => addDays(today, -(opts.days ?? DAYS) + i)); // up to yesterday
  const people = await db.select({ id: employees.id, no: employees.employeeNo }).from(employees).where(sql`${employees.status} = 'active'`).orderBy(employees.id);
  const groups = await groupsOf(db, people.map((p) => p.id));
  const shiftRows = new Map((await db.select().from(shifts)).map((s) => [s.id, s]));
  const types = await dayTypes(db, dates);

  const punches: PunchWrite[] = [];
  const leaves: (typeof leaveSpans.$inferInsert)[] = [];
  for (const p of people) {
    const group = groups.get(p.id);
    const shift = group?.defaultShiftId != null ? shiftRows.get(group.defaultShiftId) : undefined;
    if (!shift) continue;
    // One leave span (2–3 workdays) for about one person in six; one field day for about one in four.
    const leaveStart = r() < 0.17 ? Math.floor(r() * (dates.length - 4)) : -1;
    const leaveLen = 2 + Math.floor(r() * 2);
    const fieldDay = r() < 0.25 ? Math.floor(r() * dates.length) : -1;
    const punctual = r(); // some people are habitually later than others
    if (leaveStart >= 0) {
      const from = dates[leaveStart];
      const to = dates[Math.min(dates.length - 1, leaveStart + leaveLen - 1)];
      leaves.push({ employeeId: p.id, kind: "leave", leaveType: r() < 0.5 ? "年假" : "事假", startsAt: zonedTimeToUtc(from, "00:00", tz), endsAt: zonedTimeToUtc(addDays(to, 1), "00:00", tz), source: "demo", sourceKey: `demo:${p.no}:${from}`, reason: "演示数据" });
    }
    dates.forEach((date, i) => {
      const type = types.get(date)!;
      const working = type === "workday" || type === "makeup_workday";
      const onLeave = leaveStart >= 0 && i >= leaveStart && i < leaveStart + leaveLen;
      const key = (dir: string) => `demo:${p.no}:${date}:${dir}`;
      const device = (dir: "in" | "out", minutes: number): PunchWrite => ({ source: "device", deviceId: "demo-gate-1", recordId: key(dir), employeeId: p.id, punchedAt: at(date, minutes, tz), direction: dir });
      if (!working) {
        // a few come in on a rest day (overtime)
        if (shift.kind !== "night" && r() < 0.03) punches.push(device("in", 600 + Math.floor(r() * 60)), device("out", 900 + Math.floor(r() * 120)));
        return;
      }
      if (onLeave) return;
      if (i === fieldDay) {
        punches.push({ source: "app", recordId: key("field"), employeeId: p.id, punchedAt: at(date, 540 + Math.floor(r() * 20) - 15, tz), direction: "in", field: true, remark: "客户现场拜访", location: { lat: 31.1956, lng: 121.4365, coord: "gcj02" }, placeName: "客户现场（徐汇）" });
        punches.push({ source: "app", recordId: key("field-out"), employeeId: p.id, punchedAt: at(date, 1080 + Math.floor(r() * 40), tz), direction: "out", field: true, remark: "客户现场拜访", location: { lat: 31.1956, lng: 121.4365, coord: "gcj02" }, placeName: "客户现场（徐汇）" });
        return;
      }
      const late = r() < 0.04 + punctual * 0.08;
      const forgotOut = r() < 0.04;
      if (shift.kind === "night") {
        punches.push(device("in", late ? 1326 + Math.floor(r() * 30) : 1300 + Math.floor(r() * 22)));
        if (!forgotOut) punches.push(device("out", 1800 + Math.floor(r() * 30)));
      } else if (shift.kind === "flexible") {
        const arrive = late ? 601 + Math.floor(r() * 40) : 480 + Math.floor(r() * 120);
        punches.push(device("in", arrive));
        if (!forgotOut) punches.push(device("out", arrive + 540 + Math.floor(r() * 70) - (r() < 0.05 ? 60 : 0)));
      } else {
        punches.push(device("in", late ? 546 + Math.floor(r() * 40) : 520 + Math.floor(r() * 25)));
        if (!forgotOut) punches.push(device("out", (r() < 0.03 ? 1050 : 1080) + Math.floor(r() * 90)));
      }
    });
  }

  if (leaves.length) await db.insert(leaveSpans).values(leaves).onConflictDoNothing();
  for (let i = 0; i < punches.length; i += 2_000) {
    const chunk = punches.slice(i, i + 2_000);
    await db.transaction((tx) => writePunches(tx, chunk, tz, { recompute: false })); // every person-day recomputes below
  }
  // Every person-day of the two months (rest days, leave and absences included), people in chunks.
  let personDays = 0;
  for (let i = 0; i < people.length; i += 150) {
    const pairs = people.slice(i, i + 150).flatMap((p) => dates.map((date) => ({ employeeId: p.id, date })));
    personDays += (await db.transaction((tx) => recomputeMany(tx, pairs, tz))).length;
  }
  return { punches: punches.length, personDays, leaves: leaves.length };
}
