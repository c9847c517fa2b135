// The board's buckets: the engine's person-day (evaluated here from punches and spans, as stored by the recompute)
// plus the clock. Table-driven, one named case per rule.
import { describe, expect, it } from "vitest";
import { zonedTimeToUtc } from "@/lib/time";
import { addToCounts, bucketOf, emptyCounts, type Bucket } from "./board-buckets";
import { evaluateDay, type ShiftRule, type SpanInput } from "./engine";

const TZ = "Asia/Shanghai";
const MON = "2026-12-07";
const TUE = "2026-12-08";
const at = (date: string, hhmm: string) => zonedTimeToUtc(date, hhmm, TZ);

const standard: ShiftRule = { id: 1, kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5, seriousLateMinutes: 30, absentLateMinutes: 120 };
const night: ShiftRule = { id: 2, kind: "night", sections: [{ start: 1320, end: 1800 }], graceMinutes: 5 };
const flex: ShiftRule = { id: 3, kind: "flexible", sections: [{ start: 600, end: 1140 }], graceMinutes: 0, flexEarliestArrival: 480, flexLatestArrival: 600, requiredMinutes: 540 };
const free: ShiftRule = { id: 4, kind: "free", sections: [], graceMinutes: 0, requiredMinutes: 480 };

interface Case {
  name: string;
  shift: ShiftRule | null;
  date?: string;
  dayType?: "workday" | "weekend";
  punches?: Date[];
  spans?: Omit<SpanInput, "id">[];
  now: Date;
  bucket: Bucket;
  late?: number;
  away?: string;
  field?: boolean;
}

const cases: Case[] = [
  { name: "on time: punched 08:52 for 09:00", shift: standard, punches: [at(MON, "08:52")], now: at(MON, "10:00"), bucket: "present" },
  { name: "inside the grace: 09:04 with 5 minutes' grace is on time", shift: standard, punches: [at(MON, "09:04")], now: at(MON, "09:10"), bucket: "present" },
  { name: "late: 09:17 is 17 minutes late", shift: standard, punches: [at(MON, "09:17")], now: at(MON, "09:30"), bucket: "late", late: 17 },
  { name: "serious late still counts as late on the board", shift: standard, punches: [at(MON, "09:45")], now: at(MON, "10:00"), bucket: "late", late: 45 },
  { name: "not yet: 08:30, nothing punched, due 09:05", shift: standard, now: at(MON, "08:30"), bucket: "not_yet" },
  { name: "not yet until the grace ends: 09:04:59", shift: standard, now: new Date(at(MON, "09:05").getTime() - 1000), bucket: "not_yet" },
  { name: "absent: 09:05 passed with nothing", shift: standard, now: at(MON, "09:05"), bucket: "absent" },
  { name: "absent: evening, nothing all day", shift: standard, now: at(MON, "20:00"), bucket: "absent" },
  {
    name: "on leave all day: away, never absent",
    shift: standard,
    spans: [{ kind: "leave", startsAt: at(MON, "00:00"), endsAt: at(TUE, "00:00") }],
    now: at(MON, "11:00"),
    bucket: "away",
    away: "leave",
  },
  {
    name: "on a business trip: away (trip)",
    shift: standard,
    spans: [{ kind: "trip", startsAt: at(MON, "00:00"), endsAt: at(TUE, "00:00") }],
    now: at(MON, "11:00"),
    bucket: "away",
    away: "trip",
  },
  {
    name: "morning leave: the punch-in moves to 13:00, not yet at 11:00",
    shift: standard,
    spans: [{ kind: "leave", startsAt: at(MON, "09:00"), endsAt: at(MON, "13:00") }],
    now: at(MON, "11:00"),
    bucket: "not_yet",
  },
  {
    name: "morning leave, in at 12:58: present",
    shift: standard,
    spans: [{ kind: "leave", startsAt: at(MON, "09:00"), endsAt: at(MON, "13:00") }],
    punches: [at(MON, "12:58")],
    now: at(MON, "13:30"),
    bucket: "present",
  },
  { name: "rest day: not expected, whatever the clock", shift: null, dayType: "weekend", now: at(MON, "11:00"), bucket: "rest" },
  { name: "rest day with an overtime punch: still not expected", shift: null, dayType: "weekend", punches: [at(MON, "10:00")], now: at(MON, "11:00"), bucket: "rest" },
  { name: "night shift, afternoon: not yet (starts 22:00)", shift: night, now: at(MON, "15:00"), bucket: "not_yet" },
  { name: "night shift, 21:55 punch: present", shift: night, punches: [at(MON, "21:55")], now: at(MON, "22:30"), bucket: "present" },
  { name: "night shift crossing midnight: 00:20 next day, nothing → absent for the start date", shift: night, now: at(TUE, "00:20"), bucket: "absent" },
  { name: "night shift crossing midnight: punched 00:10 next day → late 130 min on the start date", shift: night, punches: [at(TUE, "00:10")], now: at(TUE, "00:20"), bucket: "late", late: 130 },
  { name: "flexible: 09:40 inside the arrival band is on time", shift: flex, punches: [at(MON, "09:40")], now: at(MON, "09:50"), bucket: "present" },
  { name: "flexible: 09:30 with nothing is not yet (latest arrival 10:00)", shift: flex, now: at(MON, "09:30"), bucket: "not_yet" },
  { name: "flexible: 10:01 with nothing is absent", shift: flex, now: at(MON, "10:01"), bucket: "absent" },
  { name: "free schedule: never overdue during the day", shift: free, now: at(MON, "16:00"), bucket: "not_yet" },
  { name: "free schedule: one punch is present", shift: free, punches: [at(MON, "11:00")], now: at(MON, "16:00"), bucket: "present" },
];

describe("bucketOf", () => {
  it.each(cases)("$name", (c) => {
    const date = c.date ?? MON;
    const day = evaluateDay({
      employeeId: 1,
      businessDate: date,
      tz: TZ,
      dayType: c.dayType ?? "workday",
      shift: c.shift,
      punches: (c.punches ?? []).map((p, i) => ({ id: i + 1, at: p })),
      spans: (c.spans ?? []).map((s, i) => ({ ...s, id: 100 + i })),
    });
    const r = bucketOf({ shift: c.shift, slots: day.slots, statuses: day.statuses, punchCount: c.punches?.length ?? 0, now: c.now });
    expect(r.bucket).toBe(c.bucket);
    if (c.late !== undefined) expect(r.lateMinutes).toBe(c.late);
    if (c.away !== undefined) expect(r.awayKind).toBe(c.away);
    if (c.field !== undefined) expect(r.field).toBe(c.field);
  });

  it("counts: rest days are not expected, every other bucket adds to expected", () => {
    const c = emptyCounts();
    for (const b of ["present", "late", "not_yet", "absent", "away", "rest", "rest"] as Bucket[]) addToCounts(c, b);
    expect(c).toEqual({ expected: 5, present: 1, late: 1, not_yet: 1, absent: 1, away: 1, rest: 2 });
  });

  it("field punch: present, flagged as field work", () => {
    const day = evaluateDay({ employeeId: 1, businessDate: MON, tz: TZ, dayType: "workday", shift: standard, punches: [{ id: 1, at: at(MON, "08:58"), field: true }], spans: [] });
    const r = bucketOf({ shift: standard, slots: day.slots, statuses: day.statuses, punchCount: 1, now: at(MON, "10:00") });
    expect(r).toMatchObject({ bucket: "present", field: true });
  });
});
