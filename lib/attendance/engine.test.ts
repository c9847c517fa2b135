import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, businessDate as localDateOf, zonedTimeToUtc } from "@/lib/time";
import { coveredYears, packageDayType, type DayType } from "./calendar";
import {
  businessDateOf,
  evaluateDay,
  expectedSlots,
  resolveShift,
  type DayResult,
  type PersonDayInput,
  type PunchInput,
  type ShiftRule,
  type SpanInput,
} from "./engine";

const TZ = "Asia/Shanghai";
const MON = "2026-03-02"; // an ordinary workday (Monday)
const SAT = "2026-03-07";

/** Wall-clock "HH:mm[:ss]" on `date` in `tz` → instant. */
function at(date: string, time: string, tz = TZ): Date {
  const [hh, mm, ss = "0"] = time.split(":");
  return new Date(zonedTimeToUtc(date, `${hh}:${mm}`, tz).getTime() + Number(ss) * 1000);
}

const STANDARD: ShiftRule = {
  id: 1,
  kind: "fixed",
  sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }],
  graceMinutes: 5,
  seriousLateMinutes: 30,
  absentLateMinutes: 120,
  earlyLeaveGraceMinutes: 0,
  halfDayMinutes: 240,
  workdayOvertimeAfterMinutes: 30,
};
const NIGHT: ShiftRule = { id: 2, kind: "night", sections: [{ start: 1320, end: 1800 }], graceMinutes: 5, seriousLateMinutes: 30, absentLateMinutes: 120 };
const FLEX: ShiftRule = {
  id: 3,
  kind: "flexible",
  sections: [{ start: 600, end: 1140, rests: [{ start: 720, end: 780 }] }],
  graceMinutes: 0,
  flexEarliestArrival: 480,
  flexLatestArrival: 600,
  requiredMinutes: 540,
};
const FREE: ShiftRule = { id: 4, kind: "free", sections: [], graceMinutes: 0, dayStartMinutes: 300, requiredMinutes: 480 };
const SPLIT: ShiftRule = { id: 5, kind: "fixed", sections: [{ start: 540, end: 720 }, { start: 780, end: 1080 }], graceMinutes: 5 };
const CALENDAR_GROUP = { schedule: "calendar" as const, shift: STANDARD };

let nextId = 100;
const p = (date: string, time: string, extra: Partial<PunchInput> = {}): PunchInput => ({ id: nextId++, at: at(date, time), ...extra });
const span = (kind: SpanInput["kind"], date: string, from: string, to: string, toDate = date): SpanInput => ({
  id: nextId++,
  kind,
  startsAt: at(date, from),
  endsAt: at(toDate, to),
});
function day(over: Partial<PersonDayInput> & { punches?: PunchInput[] }): PersonDayInput {
  const date = over.businessDate ?? MON;
  const dayType = over.dayType ?? packageDayType(date).dayType;
  return {
    employeeId: 7,
    businessDate: date,
    tz: TZ,
    dayType,
    shift: "shift" in over ? over.shift! : resolveShift(dayType, undefined, CALENDAR_GROUP),
    punches: over.punches ?? [],
    spans: over.spans ?? [],
  };
}

interface Case {
  name: string;
  input: PersonDayInput;
  expect: Partial<DayResult> & { statuses: DayResult["statuses"] };
}

const cases: Case[] = [
  { name: "on time in and out is normal", input: day({ punches: [p(MON, "08:55"), p(MON, "18:01")] }), expect: { statuses: ["normal"], explanation: "正常", workedMinutes: 480, lateMinutes: 0 } },
  { name: "09:05:00 with 5 min grace is normal (grace edge)", input: day({ punches: [p(MON, "09:05:00"), p(MON, "18:00")] }), expect: { statuses: ["normal"], lateMinutes: 0 } },
  { name: "09:05:01 with 5 min grace is late by 6 started minutes", input: day({ punches: [p(MON, "09:05:01"), p(MON, "18:00")] }), expect: { statuses: ["late"], lateMinutes: 6, explanation: "迟到 6 分钟（宽限 5 分钟）" } },
  { name: "09:07 is late 7 minutes", input: day({ punches: [p(MON, "09:07"), p(MON, "18:00")] }), expect: { statuses: ["late"], lateMinutes: 7, explanation: "迟到 7 分钟（宽限 5 分钟）" } },
  { name: "09:30 reaches the serious-late threshold", input: day({ punches: [p(MON, "09:30"), p(MON, "18:00")] }), expect: { statuses: ["serious_late"], lateMinutes: 30, explanation: "严重迟到 30 分钟（宽限 5 分钟）" } },
  { name: "09:29 is still plain late", input: day({ punches: [p(MON, "09:29"), p(MON, "18:00")] }), expect: { statuses: ["late"], lateMinutes: 29 } },
  { name: "11:00 reaches the absent-late threshold", input: day({ punches: [p(MON, "11:00"), p(MON, "18:00")] }), expect: { statuses: ["absent_late"], lateMinutes: 120 } },
  { name: "leaving 17:40 is early leave 20 minutes", input: day({ punches: [p(MON, "08:50"), p(MON, "17:40")] }), expect: { statuses: ["early_leave"], earlyLeaveMinutes: 20, explanation: "早退 20 分钟", workedMinutes: 460 } },
  { name: "leaving 17:59:59 is early leave 1 minute (no early grace)", input: day({ punches: [p(MON, "08:50"), p(MON, "17:59:59")] }), expect: { statuses: ["early_leave"], earlyLeaveMinutes: 1 } },
  { name: "late and early on the same day are both reported", input: day({ punches: [p(MON, "09:10"), p(MON, "17:50")] }), expect: { statuses: ["late", "early_leave"], lateMinutes: 10, earlyLeaveMinutes: 10, explanation: "迟到 10 分钟（宽限 5 分钟），早退 10 分钟" } },
  { name: "only an evening punch is missing in", input: day({ punches: [p(MON, "18:02")] }), expect: { statuses: ["missing_in"], explanation: "上班缺卡", workedMinutes: 0 } },
  { name: "only a morning punch is missing out", input: day({ punches: [p(MON, "08:58")] }), expect: { statuses: ["missing_out"], explanation: "下班缺卡" } },
  { name: "no punch on a workday is absent (旷工)", input: day({}), expect: { statuses: ["absent"], explanation: "旷工（应打卡 2 次，无有效打卡）" } },
  { name: "a punch outside every window on a workday is absent", input: day({ punches: [p(MON, "03:00")] }), expect: { statuses: ["absent"] } },
  { name: "a weekend without work is rest", input: day({ businessDate: SAT }), expect: { statuses: ["rest"], explanation: "休息日", dayType: "weekend" } },
  { name: "a weekend with work is rest-day overtime", input: day({ businessDate: SAT, punches: [p(SAT, "10:00"), p(SAT, "15:30")] }), expect: { statuses: ["rest"], overtime: { workday: 0, restDay: 330, holiday: 0 }, explanation: "休息日，休息日加班 5 小时 30 分钟" } },
  { name: "a weekend with one punch counts no overtime", input: day({ businessDate: SAT, punches: [p(SAT, "10:00")] }), expect: { statuses: ["rest"], overtime: { workday: 0, restDay: 0, holiday: 0 } } },
  { name: "National Day 2026-10-01 worked is statutory-holiday overtime", input: day({ businessDate: "2026-10-01", punches: [p("2026-10-01", "09:00"), p("2026-10-01", "17:00")] }), expect: { statuses: ["rest"], dayType: "statutory_holiday", overtime: { workday: 0, restDay: 0, holiday: 480 } } },
  { name: "make-up Saturday 2026-02-14 without punches is absent", input: day({ businessDate: "2026-02-14" }), expect: { statuses: ["absent"], dayType: "makeup_workday", shiftId: 1 } },
  { name: "make-up Saturday 2026-02-14 punched on time is normal", input: day({ businessDate: "2026-02-14", punches: [p("2026-02-14", "08:59"), p("2026-02-14", "18:00")] }), expect: { statuses: ["normal"], dayType: "makeup_workday" } },
  { name: "2026-02-16 (除夕) is a statutory holiday, rest", input: day({ businessDate: "2026-02-16" }), expect: { statuses: ["rest"], dayType: "statutory_holiday", explanation: "法定节假日", shiftId: null } },
  { name: "2026-02-20 is an in-lieu rest day", input: day({ businessDate: "2026-02-20" }), expect: { statuses: ["rest"], dayType: "in_lieu_rest", explanation: "调休放假" } },
  { name: "in-lieu rest day worked is rest-day overtime, not holiday", input: day({ businessDate: "2026-02-20", punches: [p("2026-02-20", "09:00"), p("2026-02-20", "12:00")] }), expect: { statuses: ["rest"], overtime: { workday: 0, restDay: 180, holiday: 0 } } },
  { name: "night shift 21:58 and 06:03 next morning is one normal day", input: day({ shift: NIGHT, punches: [p(MON, "21:58"), p("2026-03-03", "06:03")] }), expect: { statuses: ["normal"], workedMinutes: 480 } },
  { name: "night shift with no punch-out is missing out", input: day({ shift: NIGHT, punches: [p(MON, "21:58")] }), expect: { statuses: ["missing_out"] } },
  { name: "night shift arriving 22:20 is late 20", input: day({ shift: NIGHT, punches: [p(MON, "22:20"), p("2026-03-03", "06:00")] }), expect: { statuses: ["late"], lateMinutes: 20 } },
  { name: "night shift leaving 05:30 is early leave 30", input: day({ shift: NIGHT, punches: [p(MON, "21:55"), p("2026-03-03", "05:30")] }), expect: { statuses: ["early_leave"], earlyLeaveMinutes: 30 } },
  { name: "flexible arrival 09:50 with 9 hours met is normal", input: day({ shift: FLEX, punches: [p(MON, "09:50"), p(MON, "18:50")] }), expect: { statuses: ["normal"], workedMinutes: 480 } },
  { name: "flexible arrival 09:50 leaving 18:40 is 10 minutes short", input: day({ shift: FLEX, punches: [p(MON, "09:50"), p(MON, "18:40")] }), expect: { statuses: ["early_leave"], earlyLeaveMinutes: 10, explanation: "工作时长不足 10 分钟（弹性，需 9 小时）" } },
  { name: "flexible arrival before the earliest time counts from the earliest", input: day({ shift: FLEX, punches: [p(MON, "07:30"), p(MON, "17:00")] }), expect: { statuses: ["normal"], workedMinutes: 480 } },
  { name: "flexible arrival after the latest time is late", input: day({ shift: FLEX, punches: [p(MON, "10:10"), p(MON, "19:10")] }), expect: { statuses: ["late"], lateMinutes: 10 } },
  { name: "half-day leave in the morning plus an afternoon punch is normal", input: day({ punches: [p(MON, "12:58"), p(MON, "18:05")], spans: [span("leave", MON, "09:00", "13:00")] }), expect: { statuses: ["normal", "leave"], leaveMinutes: 180, workedMinutes: 300, explanation: "正常，请假 3 小时（半天）" } },
  { name: "half-day leave then arriving 13:20 is late from the leave's end", input: day({ punches: [p(MON, "13:20"), p(MON, "18:00")], spans: [span("leave", MON, "09:00", "13:00")] }), expect: { statuses: ["late", "leave"], lateMinutes: 20 } },
  { name: "afternoon leave: leaving at its start is not early", input: day({ punches: [p(MON, "08:59"), p(MON, "14:00")], spans: [span("leave", MON, "14:00", "18:00")] }), expect: { statuses: ["normal", "leave"], leaveMinutes: 240, earlyLeaveMinutes: 0 } },
  { name: "half-day leave and no afternoon punch is absent for the rest", input: day({ spans: [span("leave", MON, "09:00", "13:00")] }), expect: { statuses: ["absent", "leave"] } },
  { name: "a full day of leave covers both slots", input: day({ spans: [span("leave", MON, "09:00", "18:00")] }), expect: { statuses: ["leave"], leaveMinutes: 480, explanation: "请假 8 小时" } },
  { name: "a business trip covers the day", input: day({ spans: [span("trip", "2026-03-01", "00:00", "00:00", "2026-03-05")] }), expect: { statuses: ["trip"], explanation: "出差" } },
  { name: "an HR-entered field span covers the day", input: day({ spans: [span("field", MON, "08:00", "19:00")] }), expect: { statuses: ["field"], explanation: "外出" } },
  { name: "a field punch on time is normal and marked field", input: day({ punches: [p(MON, "08:57", { field: true }), p(MON, "18:00")] }), expect: { statuses: ["normal", "field"], explanation: "正常，外勤打卡" } },
  { name: "free schedule with 9 hours is normal", input: day({ shift: FREE, punches: [p(MON, "10:00"), p(MON, "19:00")] }), expect: { statuses: ["normal"], workedMinutes: 540 } },
  { name: "free schedule with 7 hours is short by an hour", input: day({ shift: FREE, punches: [p(MON, "10:00"), p(MON, "17:00")] }), expect: { statuses: ["early_leave"], earlyLeaveMinutes: 60 } },
  { name: "free schedule without punches is absent", input: day({ shift: FREE }), expect: { statuses: ["absent"] } },
  { name: "a roster rest on a workday is rest", input: day({ shift: resolveShift("workday", { shift: null }, CALENDAR_GROUP) }), expect: { statuses: ["rest"], explanation: "排班休息" } },
  { name: "a rostered shift on a weekend is worked as scheduled", input: day({ businessDate: SAT, shift: resolveShift("weekend", { shift: NIGHT }, CALENDAR_GROUP), punches: [p(SAT, "21:50"), p("2026-03-08", "06:10")] }), expect: { statuses: ["normal"], overtime: { workday: 0, restDay: 0, holiday: 0 } } },
  { name: "a rostered shift on a statutory holiday is holiday overtime", input: day({ businessDate: "2026-10-01", shift: STANDARD, punches: [p("2026-10-01", "08:55"), p("2026-10-01", "18:00")] }), expect: { statuses: ["normal"], overtime: { workday: 0, restDay: 0, holiday: 480 } } },
  { name: "leaving 20:00 is 90 minutes of workday overtime (counted after 30)", input: day({ punches: [p(MON, "08:55"), p(MON, "20:00")] }), expect: { statuses: ["normal"], overtime: { workday: 90, restDay: 0, holiday: 0 }, explanation: "正常，加班 1 小时 30 分钟" } },
  { name: "two sections: the afternoon in-punch missing", input: day({ shift: SPLIT, punches: [p(MON, "08:58"), p(MON, "12:01"), p(MON, "18:00")] }), expect: { statuses: ["missing_in"], explanation: "第 2 段上班缺卡" } },
  { name: "two sections all punched is normal", input: day({ shift: SPLIT, punches: [p(MON, "08:58"), p(MON, "12:01"), p(MON, "12:55"), p(MON, "18:00")] }), expect: { statuses: ["normal"], workedMinutes: 480 } },
  { name: "a device 'out' punch is never taken as the arrival", input: day({ punches: [p(MON, "08:58", { direction: "out" }), p(MON, "18:00")] }), expect: { statuses: ["missing_in"] } },
  { name: "a vendor-flagged suspicious punch is kept as evidence", input: day({ punches: [{ id: 1, at: at(MON, "08:58"), suspicious: true }, { id: 2, at: at(MON, "18:00") }] }), expect: { statuses: ["normal"], evidence: { punchIds: [1, 2], spanIds: [], suspiciousPunchIds: [1] } } },
  { name: "same-second duplicates collapse to the lowest id", input: day({ punches: [{ id: 9, at: at(MON, "08:58:07") }, { id: 3, at: new Date(at(MON, "08:58:07").getTime() + 400) }, { id: 4, at: at(MON, "18:00") }] }), expect: { statuses: ["normal"], evidence: { punchIds: [3, 4], spanIds: [], suspiciousPunchIds: [] } } },
  { name: "an in/out pair within a minute is two punches", input: day({ punches: [{ id: 1, at: at(MON, "09:00:10") }, { id: 2, at: at(MON, "09:00:50") }] }), expect: { statuses: ["missing_out"], evidence: { punchIds: [1, 2], spanIds: [], suspiciousPunchIds: [] } } },
];

describe("day engine: named cases", () => {
  it("has at least 40 cases and names each once", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(evaluateDay(c.input)).toMatchObject(c.expect);
  });
});

describe("calendar facts the cases rely on (from chinese-days, not typed in)", () => {
  it("2026-02-14 is a make-up workday, 2026-02-16 and 2026-10-01 statutory, 2026-02-20 in lieu", () => {
    expect(packageDayType("2026-02-14").dayType).toBe("makeup_workday");
    expect(packageDayType("2026-02-16").dayType).toBe("statutory_holiday");
    expect(packageDayType("2026-10-01").dayType).toBe("statutory_holiday");
    expect(packageDayType("2026-02-20").dayType).toBe("in_lieu_rest");
    expect(packageDayType(MON).dayType).toBe("workday");
    expect(packageDayType(SAT).dayType).toBe("weekend");
  });
});

describe("expected slots and business dates", () => {
  it("anchors a night shift to the date it starts on", () => {
    const slots = expectedSlots(MON, NIGHT, TZ);
    expect(slots.map((s) => [s.kind, s.expectedAt.toISOString()])).toEqual([
      ["in", "2026-03-02T14:00:00.000Z"],
      ["out", "2026-03-02T22:00:00.000Z"],
    ]);
    const plans = [-1, 0, 1].map((d) => ({ businessDate: addDays(MON, d), shift: NIGHT }));
    expect(businessDateOf(at("2026-03-03", "06:03"), plans, TZ)).toBe(MON);
    expect(businessDateOf(at(MON, "21:58"), plans, TZ)).toBe(MON);
  });
  it("a free schedule's 03:00 punch counts for the previous day (day starts 05:00)", () => {
    const plans = [MON, "2026-03-03"].map((d) => ({ businessDate: d, shift: FREE }));
    expect(businessDateOf(at("2026-03-03", "03:00"), plans, TZ)).toBe(MON);
    expect(businessDateOf(at("2026-03-03", "05:00"), plans, TZ)).toBe("2026-03-03");
  });
  it("a rest day's punch counts for its local date", () => {
    expect(businessDateOf(at(SAT, "00:30"), [{ businessDate: SAT, shift: null }], TZ)).toBe(SAT);
  });
});

// ---------- properties ----------

const localHour = (instant: Date, tz: string) =>
  Number(new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", hour: "2-digit" }).format(instant));

describe("properties", () => {
  const zones = ["Asia/Shanghai", "America/New_York", "Europe/London"];
  // Dates around New York's 2026 DST switches and a month end.
  const anchors = ["2026-03-07", "2026-03-08", "2026-10-31", "2026-11-01", "2026-02-28", "2026-12-31"];

  it("every punch under a nightly 22:00–06:00 roster lands on the night it belongs to, in any zone", () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.constantFrom(...anchors), fc.integer({ min: -36 * 3600, max: 36 * 3600 }), (tz, anchor, offset) => {
        const instant = new Date(zonedTimeToUtc(anchor, "00:00", tz).getTime() + offset * 1000);
        const local = localDateOf(instant, tz);
        const plans = [-1, 0, 1].map((d) => ({ businessDate: addDays(local, d), shift: NIGHT }));
        // The previous night's windows run to 12:00; tonight's from 18:00.
        const expected = localHour(instant, tz) < 12 ? addDays(local, -1) : local;
        expect(businessDateOf(instant, plans, tz)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("day-shift punches around midnight land on the local date", () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.constantFrom(...anchors), fc.integer({ min: -6 * 3600, max: 6 * 3600 }), (tz, anchor, offset) => {
        const instant = new Date(zonedTimeToUtc(anchor, "00:00", tz).getTime() + offset * 1000);
        const local = localDateOf(instant, tz);
        const plans = [-1, 0, 1].map((d) => ({ businessDate: addDays(local, d), shift: STANDARD }));
        expect(businessDateOf(instant, plans, tz)).toBe(local);
      }),
      { numRuns: 300 },
    );
  });

  const punchesArb = (date: string, tz: string) =>
    fc.array(
      fc.record({
        second: fc.integer({ min: 4 * 3600, max: 23 * 3600 }),
        ms: fc.integer({ min: 0, max: 999 }),
        direction: fc.constantFrom(null, "in" as const, "out" as const),
        field: fc.boolean(),
      }),
      { maxLength: 8 },
    ).map((rows) => rows.map((r, i) => ({ id: i + 1, at: new Date(zonedTimeToUtc(date, "00:00", tz).getTime() + r.second * 1000 + r.ms), direction: r.direction, field: r.field })));

  const shiftArb = fc.constantFrom(STANDARD, FLEX, SPLIT, NIGHT, FREE, null);

  it("the result does not depend on the order punches arrive in, and recomputing changes nothing", () => {
    fc.assert(
      fc.property(shiftArb, fc.constantFrom(...zones), punchesArb("2026-03-08", "America/New_York"), fc.integer(), (shift, tz, punches, seed) => {
        const input: PersonDayInput = { employeeId: 1, businessDate: "2026-03-08", tz, dayType: "workday", shift, punches, spans: [] };
        const snapshot = JSON.stringify(input);
        const first = evaluateDay(input);
        const shuffled = [...punches].sort((a, b) => ((a.id * 7919 + seed) % 97) - ((b.id * 7919 + seed) % 97));
        expect(evaluateDay({ ...input, punches: shuffled })).toEqual(first);
        expect(evaluateDay(input)).toEqual(first);
        expect(JSON.stringify(input)).toBe(snapshot);
      }),
      { numRuns: 300 },
    );
  });

  it("same-second duplicates collapse; punches a second or more apart do not", () => {
    fc.assert(
      fc.property(shiftArb, punchesArb(MON, TZ), fc.integer({ min: 0, max: 999 }), (shift, punches, ms) => {
        fc.pre(punches.length > 0);
        const input: PersonDayInput = { employeeId: 1, businessDate: MON, tz: TZ, dayType: "workday", shift, punches, spans: [] };
        const base = evaluateDay(input);
        // A copy of each punch inside the same second, with a higher id (and no direction), changes nothing.
        const dupes = punches.map((x, i) => ({ id: 1000 + i, at: new Date(Math.floor(x.at.getTime() / 1000) * 1000 + ms) }));
        // (The oracle is the day without the copies: the generated punches may themselves share a second, with
        // and without a direction, and the engine's rule — a direction wins, then the lowest id — picks among them.)
        expect(evaluateDay({ ...input, punches: [...dupes, ...punches] })).toEqual(base);
        expect(base.evidence.punchIds.length).toBe(new Set(punches.map((x) => Math.floor(x.at.getTime() / 1000))).size);
        // A second punch 1–59 s later is its own punch.
        const first = punches[0];
        const pair = [first, { id: 2000, at: new Date(Math.floor(first.at.getTime() / 1000) * 1000 + 1000 + (ms % 59) * 1000) }];
        expect(evaluateDay({ ...input, punches: pair }).evidence.punchIds).toEqual([first.id, 2000].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it("calendar swaps: a calendar group works exactly on workdays and make-up workdays, in every covered year", () => {
    const years = coveredYears();
    fc.assert(
      fc.property(fc.constantFrom(...years), fc.integer({ min: 0, max: 364 }), fc.constantFrom<DayType>("workday", "weekend", "statutory_holiday", "in_lieu_rest", "makeup_workday"), (year, offset, hrType) => {
        const date = addDays(`${year}-01-01`, offset);
        for (const type of [packageDayType(date).dayType, hrType]) {
          const shift = resolveShift(type, undefined, CALENDAR_GROUP);
          const r = evaluateDay({ employeeId: 1, businessDate: date, tz: TZ, dayType: type, shift, punches: [], spans: [] });
          const working = type === "workday" || type === "makeup_workday";
          expect(r.statuses).toEqual(working ? ["absent"] : ["rest"]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
