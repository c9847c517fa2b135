// The org's overtime calculation mode (DingTalk's three): punches only, the approved duration, or punched minutes
// inside the approved window — each split into workday / rest-day / statutory-holiday by the calendar.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { zonedTimeToUtc } from "@/lib/time";
import { packageDayType } from "./calendar";
import { approvedOvertimeMinutes, evaluateDay, resolveShift, type DayResult, type OvertimeMode, type OvertimeWindow, type PersonDayInput, type PunchInput, type ShiftRule } from "./engine";

const TZ = "Asia/Shanghai";
const MON = "2026-03-02";
const SAT = "2026-03-07";
const SUN = "2026-03-08";
const NATIONAL_DAY = "2026-10-01";

const at = (date: string, time: string) => zonedTimeToUtc(date, time, TZ);
const STANDARD: ShiftRule = { id: 1, kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5, workdayOvertimeAfterMinutes: 30 };
let nextId = 1;
const p = (date: string, time: string): PunchInput => ({ id: nextId++, at: at(date, time) });
const ot = (date: string, from: string, to: string, toDate = date): OvertimeWindow => ({ id: nextId++, startsAt: at(date, from), endsAt: at(toDate, to) });

function day(date: string, mode: OvertimeMode, punches: PunchInput[], approvals: OvertimeWindow[] = [], extra: Partial<PersonDayInput> = {}): PersonDayInput {
  const dayType = packageDayType(date).dayType;
  return { employeeId: 7, businessDate: date, tz: TZ, dayType, shift: resolveShift(dayType, undefined, { schedule: "calendar", shift: STANDARD }), punches, spans: [], overtimeMode: mode, overtimeApprovals: approvals, ...extra };
}
const none = { workday: 0, restDay: 0, holiday: 0 };

interface Case {
  name: string;
  input: PersonDayInput;
  expect: Partial<DayResult>;
}
const cases: Case[] = [
  // punches (today's behaviour): approvals change nothing
  { name: "punches: a rest day worked 10:00–15:30 is 330 rest-day minutes, approval or not", input: day(SAT, "punches", [p(SAT, "10:00"), p(SAT, "15:30")], [ot(SAT, "10:00", "12:00")]), expect: { overtime: { ...none, restDay: 330 } } },
  { name: "punches: leaving 20:00 on a workday is 90 workday minutes (after 30)", input: day(MON, "punches", [p(MON, "08:55"), p(MON, "20:00")]), expect: { overtime: { ...none, workday: 90 } } },
  // approval: the approved duration, punches ignored
  { name: "approval: a rest day approved 10:00–14:00 without any punch is 240 rest-day minutes", input: day(SAT, "approval", [], [ot(SAT, "10:00", "14:00")]), expect: { overtime: { ...none, restDay: 240 }, explanation: "休息日，休息日加班 4 小时（按审批时长）" } },
  { name: "approval: a rest day worked without approval counts nothing", input: day(SAT, "approval", [p(SAT, "10:00"), p(SAT, "15:30")]), expect: { overtime: none, workedMinutes: 330, explanation: "休息日，无加班审批，不计加班" } },
  { name: "approval: night overtime Sat 20:00 – Sun 02:00 is 360 rest-day minutes on Saturday", input: day(SAT, "approval", [], [ot(SAT, "20:00", "02:00", SUN)]), expect: { overtime: { ...none, restDay: 360 } } },
  { name: "approval: workday 18:00–21:00 approved is 180 workday minutes whatever the punches", input: day(MON, "approval", [p(MON, "08:55"), p(MON, "18:05")], [ot(MON, "18:00", "21:00")]), expect: { overtime: { ...none, workday: 180 }, statuses: ["normal"] } },
  { name: "approval: the part of a window inside the shift's own hours does not count", input: day(MON, "approval", [p(MON, "08:55"), p(MON, "20:00")], [ot(MON, "17:00", "19:00")]), expect: { overtime: { ...none, workday: 60 } } },
  { name: "approval: two overlapping approvals count their union once", input: day(SAT, "approval", [], [ot(SAT, "09:00", "12:00"), ot(SAT, "11:00", "13:00")]), expect: { overtime: { ...none, restDay: 240 } } },
  { name: "approval: National Day approved 09:00–17:00 is statutory-holiday overtime", input: day(NATIONAL_DAY, "approval", [], [ot(NATIONAL_DAY, "09:00", "17:00")]), expect: { overtime: { ...none, holiday: 480 }, dayType: "statutory_holiday" } },
  // approval_punches: only punched minutes inside the approved window
  { name: "approval_punches: rest day approved 10:00–14:00, punched 10:30–16:00, counts 210", input: day(SAT, "approval_punches", [p(SAT, "10:30"), p(SAT, "16:00")], [ot(SAT, "10:00", "14:00")]), expect: { overtime: { ...none, restDay: 210 }, explanation: "休息日，休息日加班 3 小时 30 分钟（按审批时段内打卡）" } },
  { name: "approval_punches: approved but never punched counts nothing", input: day(SAT, "approval_punches", [], [ot(SAT, "10:00", "14:00")]), expect: { overtime: none, explanation: "休息日，已审批加班，审批时段内无打卡，不计加班" } },
  { name: "approval_punches: punched but not approved counts nothing", input: day(SAT, "approval_punches", [p(SAT, "10:00"), p(SAT, "15:00")]), expect: { overtime: none } },
  { name: "approval_punches: night overtime Sat 20:00 – Sun 02:00 punched 20:30 – 01:30 counts 300 on Saturday", input: day(SAT, "approval_punches", [p(SAT, "20:30")], [ot(SAT, "20:00", "02:00", SUN)], { overtimePunches: [p(SUN, "01:30")] }), expect: { overtime: { ...none, restDay: 300 } } },
  { name: "approval_punches: workday approved 18:00–21:00, left 20:00, counts 120", input: day(MON, "approval_punches", [p(MON, "08:55"), p(MON, "20:00")], [ot(MON, "18:00", "21:00")]), expect: { overtime: { ...none, workday: 120 }, statuses: ["normal"] } },
  { name: "approval_punches: National Day approved 09:00–17:00, punched 10:00–18:00, counts 420 holiday", input: day(NATIONAL_DAY, "approval_punches", [p(NATIONAL_DAY, "10:00"), p(NATIONAL_DAY, "18:00")], [ot(NATIONAL_DAY, "09:00", "17:00")]), expect: { overtime: { ...none, holiday: 420 } } },
];

describe("overtime modes: named cases", () => {
  it("names each case once", () => expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length));
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_n, c) => {
    expect(evaluateDay(c.input)).toMatchObject(c.expect);
  });
});

describe("overtime modes: properties", () => {
  // Minutes after 00:00 of SAT; windows and punches anywhere from Saturday morning to Sunday noon.
  const minute = fc.integer({ min: 0, max: 36 * 60 });
  const instant = (m: number) => new Date(at(SAT, "00:00").getTime() + m * 60_000);
  const windows = fc.array(fc.tuple(minute, fc.integer({ min: 1, max: 24 * 60 })), { minLength: 0, maxLength: 3 });
  const punchMinutes = fc.array(minute, { minLength: 0, maxLength: 5 });
  const input = (w: [number, number][], pm: number[], date = SAT): PersonDayInput =>
    day(date, "approval_punches", pm.map((m, i) => ({ id: i + 1, at: instant(m) })), w.map(([s, len], i) => ({ id: 100 + i, startsAt: instant(s), endsAt: instant(s + len) })));

  it("approval_punches never exceeds the approved minutes nor the punched span", () => {
    fc.assert(
      fc.property(windows, punchMinutes, fc.constantFrom(SAT, MON), (w, pm, date) => {
        const i = input(w, pm, date);
        const both = approvedOvertimeMinutes(i, "approval_punches");
        const approved = approvedOvertimeMinutes(i, "approval");
        const punched = pm.length >= 2 ? Math.max(...pm) - Math.min(...pm) : 0;
        expect(both).toBeLessThanOrEqual(approved);
        expect(both).toBeLessThanOrEqual(punched);
        expect(both).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("a day's overtime lands in one column only, and the approval modes ignore punches without approval", () => {
    fc.assert(
      fc.property(windows, punchMinutes, fc.constantFrom<OvertimeMode>("approval", "approval_punches"), fc.constantFrom(SAT, MON, NATIONAL_DAY), (w, pm, mode, date) => {
        const r = evaluateDay({ ...input(w, pm, date), overtimeMode: mode });
        expect([r.overtime.workday, r.overtime.restDay, r.overtime.holiday].filter((x) => x > 0).length).toBeLessThanOrEqual(1);
        const bare = evaluateDay({ ...input([], pm, date), overtimeMode: mode });
        expect(bare.overtime).toEqual(none);
      }),
    );
  });
});
