import { describe, expect, it } from "vitest";
import { CODE_LABELS, cellOf, cellText, hours, LEAVE_TYPE_CODES, leaveColumns, periodDays, SHEET_LEAVE_TYPES, TOTAL_COLUMNS, totalCells, totalsOf, type SheetDayInput } from "./sheet-codes";

const day = (p: Partial<SheetDayInput>): SheetDayInput => ({
  businessDate: "2026-11-02",
  dayType: "workday",
  shiftId: 1,
  statuses: ["normal"],
  lateMinutes: 0,
  earlyLeaveMinutes: 0,
  workedMinutes: 480,
  leaveMinutes: 0,
  overtimeWorkdayMinutes: 0,
  overtimeRestDayMinutes: 0,
  overtimeHolidayMinutes: 0,
  ...p,
});

describe("cellOf / cellText: person-day → short code", () => {
  const cases: { name: string; day: SheetDayInput | undefined; future?: boolean; zh: string; en: string; tone: string }[] = [
    { name: "normal day", day: day({}), zh: "√", en: "✓", tone: "normal" },
    { name: "late", day: day({ statuses: ["late"], lateMinutes: 12 }), zh: "迟", en: "L", tone: "warn" },
    { name: "serious late + early leave", day: day({ statuses: ["serious_late", "early_leave"] }), zh: "严迟早", en: "SLE", tone: "warn" },
    { name: "missing out punch", day: day({ statuses: ["missing_out"] }), zh: "缺", en: "M", tone: "bad" },
    { name: "late and missing out", day: day({ statuses: ["late", "missing_out"] }), zh: "迟缺", en: "LM", tone: "bad" },
    { name: "absent", day: day({ statuses: ["absent"], workedMinutes: 0 }), zh: "旷", en: "A", tone: "bad" },
    { name: "rest day", day: day({ statuses: ["rest"], shiftId: null, dayType: "weekend", workedMinutes: 0 }), zh: "休", en: "R", tone: "rest" },
    { name: "statutory holiday", day: day({ statuses: ["rest"], shiftId: null, dayType: "statutory_holiday", workedMinutes: 0 }), zh: "节", en: "H", tone: "rest" },
    { name: "overtime on a rest day", day: day({ statuses: ["rest"], shiftId: null, dayType: "weekend", overtimeRestDayMinutes: 240 }), zh: "加休", en: "OTR", tone: "normal" },
    { name: "annual leave by type", day: day({ statuses: ["leave"], leaveMinutes: 480, leaveTypes: ["年假"] }), zh: "年", en: "AnL", tone: "away" },
    { name: "personal leave by type", day: day({ statuses: ["leave"], leaveMinutes: 480, leaveTypes: [null, "事假"] }), zh: "事", en: "P", tone: "away" },
    { name: "untyped leave", day: day({ statuses: ["leave"], leaveMinutes: 480 }), zh: "假", en: "Lv", tone: "away" },
    { name: "trip", day: day({ statuses: ["trip"] }), zh: "差", en: "T", tone: "away" },
    { name: "field next to normal drops normal", day: day({ statuses: ["normal", "field"] }), zh: "外", en: "F", tone: "away" },
    { name: "night shift, normal, with workday overtime", day: day({ businessDate: "2026-11-05", statuses: ["normal"], overtimeWorkdayMinutes: 60 }), zh: "√加", en: "✓OT", tone: "normal" },
    { name: "nothing computed", day: undefined, zh: "", en: "", tone: "none" },
    { name: "future", day: day({}), future: true, zh: "", en: "", tone: "future" },
    { name: "future, nothing computed", day: undefined, future: true, zh: "", en: "", tone: "future" },
    { name: "future with approved annual leave shows the plan", day: day({ statuses: ["leave"], leaveMinutes: 480, leaveTypes: ["年假"] }), future: true, zh: "年", en: "AnL", tone: "away" },
    { name: "future trip shows, a would-be absence does not", day: day({ statuses: ["absent", "trip"] }), future: true, zh: "差", en: "T", tone: "away" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cell = cellOf(c.day, { future: c.future });
      expect(cellText(cell, "zh-CN")).toBe(c.zh);
      expect(cellText(cell, "en")).toBe(c.en);
      expect(cell.tone).toBe(c.tone);
    });
  }
});

describe("totalsOf: a row's totals", () => {
  const cases: { name: string; days: SheetDayInput[]; expect: Partial<ReturnType<typeof totalsOf>> }[] = [
    { name: "empty month", days: [], expect: { expectedDays: 0, attendedDays: 0, lateCount: 0, absentDays: 0, leaveMinutes: {} } },
    {
      name: "late twice, minutes summed",
      days: [day({ statuses: ["late"], lateMinutes: 7 }), day({ statuses: ["serious_late"], lateMinutes: 40 }), day({})],
      expect: { expectedDays: 3, attendedDays: 3, lateCount: 2, lateMinutes: 47 },
    },
    {
      name: "missing punches counted per slot; an absent day is an absence, not two missing punches",
      days: [
        day({ statuses: ["missing_out"], slots: [{ status: "normal" }, { status: "missing_out" }] }),
        day({ statuses: ["missing_in", "missing_out"], slots: [{ status: "missing_in" }, { status: "missing_out" }, { status: "missing_in" }] }),
        day({ statuses: ["absent"], workedMinutes: 0, slots: [{ status: "absent" }, { status: "absent" }] }),
      ],
      expect: { expectedDays: 3, attendedDays: 2, missingPunches: 4, absentDays: 1 },
    },
    {
      name: "rest days are not expected; rest-day and holiday overtime by kind",
      days: [
        day({ statuses: ["rest"], shiftId: null, dayType: "weekend", overtimeRestDayMinutes: 240, workedMinutes: 240 }),
        day({ statuses: ["rest"], shiftId: null, dayType: "statutory_holiday", overtimeHolidayMinutes: 120, workedMinutes: 120 }),
        day({ overtimeWorkdayMinutes: 45 }),
      ],
      expect: { expectedDays: 1, attendedDays: 1, overtime: { workday: 45, restDay: 240, holiday: 120 }, workedMinutes: 840 },
    },
    {
      name: "leave by type, untyped as 其他; a leave day is expected but not attended",
      days: [
        day({ statuses: ["leave"], leaveMinutes: 480, workedMinutes: 0, leaveTypes: ["年假"] }),
        day({ statuses: ["leave"], leaveMinutes: 480, workedMinutes: 0, leaveTypes: ["年假"] }),
        day({ statuses: ["normal", "leave"], leaveMinutes: 240, workedMinutes: 240, leaveTypes: ["病假"] }),
        day({ statuses: ["leave"], leaveMinutes: 480, workedMinutes: 0 }),
      ],
      expect: { expectedDays: 4, attendedDays: 1, leaveMinutes: { 年假: 960, 病假: 240, 其他: 480 } },
    },
    {
      name: "night shift: one person-day on its start date, worked minutes across midnight counted once",
      days: [day({ businessDate: "2026-11-05", statuses: ["normal"], workedMinutes: 480 }), day({ businessDate: "2026-11-06", statuses: ["late"], lateMinutes: 10, workedMinutes: 470 })],
      expect: { expectedDays: 2, attendedDays: 2, lateCount: 1, lateMinutes: 10, workedMinutes: 950 },
    },
    {
      name: "trips and field work count as attended",
      days: [day({ statuses: ["trip"], workedMinutes: 0 }), day({ statuses: ["field"] }), day({ statuses: ["early_leave"], earlyLeaveMinutes: 20 })],
      expect: { attendedDays: 3, tripDays: 1, fieldDays: 1, earlyLeaveCount: 1, earlyLeaveMinutes: 20 },
    },
  ];
  for (const c of cases) it(c.name, () => expect(totalsOf(c.days)).toMatchObject(c.expect));
});

describe("periods and columns", () => {
  it.each([
    { name: "calendar month", month: "2026-11", start: 1, from: "2026-11-01", to: "2026-11-30", n: 30 },
    { name: "February of a non-leap year", month: "2027-02", start: 1, from: "2027-02-01", to: "2027-02-28", n: 28 },
    { name: "payroll 26th → 25th", month: "2026-12", start: 26, from: "2026-11-26", to: "2026-12-25", n: 30 },
    { name: "payroll across the year end", month: "2027-01", start: 26, from: "2026-12-26", to: "2027-01-25", n: 31 },
  ])("$name", ({ month, start, from, to, n }) => {
    const p = periodDays(month, start);
    expect([p.from, p.to, p.dates.length]).toEqual([from, to, n]);
  });
  it("leave columns: known types, then others seen, then 其他", () => {
    expect(leaveColumns(["探亲假", "年假"]).slice(-2)).toEqual(["探亲假", "其他"]);
  });
  it("hours rounds to one decimal", () => expect([hours(90), hours(0), hours(50)]).toEqual([1.5, 0, 0.8]));
});

describe("totalCells", () => {
  it("lays totals out in TOTAL_COLUMNS order with one column per leave type, unknown types under 其他", () => {
    const t = totalsOf([
      day({ statuses: ["leave"], leaveMinutes: 480, leaveTypes: ["年假"] }),
      day({ statuses: ["leave"], leaveMinutes: 240, leaveTypes: ["探亲假"] }),
      day({ statuses: ["late"], lateMinutes: 9, overtimeWorkdayMinutes: 90 }),
    ]);
    const cells = totalCells(t);
    expect(cells).toHaveLength(TOTAL_COLUMNS.length - 1 + SHEET_LEAVE_TYPES.length);
    expect(cells.slice(0, 8)).toEqual([3, 1, 1, 9, 0, 0, 0, 0]);
    expect(cells[8 + SHEET_LEAVE_TYPES.indexOf("年假")]).toBe(8);
    expect(cells[8 + SHEET_LEAVE_TYPES.indexOf("其他")]).toBe(4);
    expect(cells.at(-3)).toBe(1.5);
  });
});

describe("codes are unambiguous", () => {
  it.each(["zh-CN", "en"] as const)("%s: no two legends share a short code", (locale) => {
    const shorts = [...Object.values(CODE_LABELS).map((c) => c[locale].short), ...Object.values(LEAVE_TYPE_CODES).map((c) => c[locale])];
    expect(new Set(shorts).size).toBe(shorts.length);
  });
});
