// Who gets which attendance reminder when: the engine's person-day (evaluated from punches and spans, as stored by the
// recompute) plus the group's settings and the clock. Table-driven, one named case per rule.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_GROUP_REMINDERS, type GroupReminderSettings } from "@/db/schema/attendance";
import { zonedTimeToUtc } from "@/lib/time-core";
import { evaluateDay, type ShiftRule, type SpanInput } from "./engine";
import { inQuietHours, morningAfter, reminderSettings, remindersDue, type ReminderKind } from "./reminder-rules";

const TZ = "Asia/Shanghai";
const MON = "2026-12-07";
const TUE = "2026-12-08";
const at = (date: string, hhmm: string) => zonedTimeToUtc(date, hhmm, TZ);

const standard: ShiftRule = { id: 1, kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5 };
const early: ShiftRule = { id: 5, kind: "fixed", sections: [{ start: 420, end: 960 }], graceMinutes: 0 };
const night: ShiftRule = { id: 2, kind: "night", sections: [{ start: 1320, end: 1800 }], graceMinutes: 5 };
const flex: ShiftRule = { id: 3, kind: "flexible", sections: [{ start: 600, end: 1140 }], graceMinutes: 0, flexEarliestArrival: 480, flexLatestArrival: 600, requiredMinutes: 540 };
const free: ShiftRule = { id: 4, kind: "free", sections: [], graceMinutes: 0, requiredMinutes: 480 };
const noQuiet: Partial<GroupReminderSettings> = { quietStart: "00:00", quietEnd: "00:00" };

interface Case {
  name: string;
  shift: ShiftRule | null;
  date?: string;
  punches?: Date[];
  spans?: Omit<SpanInput, "id">[];
  settings?: Partial<GroupReminderSettings>;
  now: Date;
  /** Expected reminders as "kind@businessDate". */
  due: `${ReminderKind}@${string}`[];
}

const allDayLeave = [{ kind: "leave" as const, startsAt: at(MON, "00:00"), endsAt: at(TUE, "00:00") }];

const cases: Case[] = [
  // (a) punch-in, N minutes after the start
  { name: "not punched, 09:10 = start + 10 → punch-in reminder", shift: standard, now: at(MON, "09:10"), due: [`punch_in@${MON}`] },
  { name: "not punched, 09:09 → nothing yet", shift: standard, now: at(MON, "09:09"), due: [] },
  { name: "punched already at 08:55 → nothing", shift: standard, punches: [at(MON, "08:55")], now: at(MON, "09:10"), due: [] },
  { name: "punched late at 09:08 → nothing at 09:10", shift: standard, punches: [at(MON, "09:08")], now: at(MON, "09:10"), due: [] },
  { name: "rest day (no shift) → nothing", shift: null, now: at(MON, "09:10"), due: [] },
  { name: "on leave all day → nothing", shift: standard, spans: allDayLeave, now: at(MON, "09:10"), due: [] },
  { name: "on a business trip → nothing", shift: standard, spans: [{ ...allDayLeave[0], kind: "trip" }], now: at(MON, "09:10"), due: [] },
  {
    name: "morning leave until 12:00 → due 12:10, not 09:10",
    shift: standard,
    spans: [{ kind: "leave", startsAt: at(MON, "09:00"), endsAt: at(MON, "12:00") }],
    now: at(MON, "09:10"),
    due: [],
  },
  {
    name: "morning leave until 12:00 → reminded at 12:10",
    shift: standard,
    spans: [{ kind: "leave", startsAt: at(MON, "09:00"), endsAt: at(MON, "12:00") }],
    now: at(MON, "12:10"),
    due: [`punch_in@${MON}`],
  },
  { name: "still inside the hour after it fell due (10:09) → sent", shift: standard, now: at(MON, "10:09"), due: [`punch_in@${MON}`] },
  { name: "more than an hour late (server down) → not sent late", shift: standard, now: at(MON, "10:10"), due: [] },
  { name: "group's reminders off → nothing", shift: standard, settings: { enabled: false }, now: at(MON, "09:10"), due: [] },
  { name: "30 minutes configured: 09:10 → nothing", shift: standard, settings: { punchInAfterMinutes: 30 }, now: at(MON, "09:10"), due: [] },
  { name: "30 minutes configured: 09:30 → reminder", shift: standard, settings: { punchInAfterMinutes: 30 }, now: at(MON, "09:30"), due: [`punch_in@${MON}`] },
  { name: "flexible shift: 09:10 is before the latest arrival 10:00 → nothing", shift: flex, now: at(MON, "09:10"), due: [] },
  { name: "flexible shift: 10:10 = latest arrival + 10 → reminder", shift: flex, now: at(MON, "10:10"), due: [`punch_in@${MON}`] },
  { name: "free schedule: no start, never a punch-in reminder", shift: free, now: at(MON, "11:00"), due: [] },
  // quiet hours
  { name: "quiet hours: 07:00 shift, due 07:10 inside 22:00–08:00 → not sent", shift: early, now: at(MON, "07:10"), due: [] },
  { name: "quiet hours: a reminder due inside them is not sent after they end either", shift: early, now: at(MON, "08:00"), due: [] },
  { name: "quiet hours off: 07:10 → reminder", shift: early, settings: noQuiet, now: at(MON, "07:10"), due: [`punch_in@${MON}`] },
  // night shift crossing midnight
  { name: "night shift 22:00: due 22:10 inside the default quiet hours → nothing", shift: night, now: at(MON, "22:10"), due: [] },
  { name: "night shift 22:00, quiet off: 22:10 → reminder for the night's business date", shift: night, settings: noQuiet, now: at(MON, "22:10"), due: [`punch_in@${MON}`] },
  {
    name: "night shift, quiet off: punched in 21:58, 06:00 next morning → punch-out reminder dated the start day",
    shift: night,
    settings: noQuiet,
    punches: [at(MON, "21:58")],
    now: at(TUE, "06:00"),
    due: [`punch_out@${MON}`],
  },
  // (b) punch-out at the end
  { name: "punched in, not out, 18:00 → punch-out reminder", shift: standard, punches: [at(MON, "08:55")], now: at(MON, "18:00"), due: [`punch_out@${MON}`] },
  { name: "punched in, not out, 17:59 → nothing yet", shift: standard, punches: [at(MON, "08:55")], now: at(MON, "17:59"), due: [] },
  { name: "punched in and out → nothing", shift: standard, punches: [at(MON, "08:55"), at(MON, "18:00")], now: at(MON, "18:01"), due: [] },
  { name: "never punched in → no punch-out reminder", shift: standard, now: at(MON, "18:00"), due: [] },
  { name: "punch-out reminders off", shift: standard, settings: { punchOut: false }, punches: [at(MON, "08:55")], now: at(MON, "18:00"), due: [] },
  // (c) next morning, missing punches
  { name: "missing punch-out → next morning 09:30", shift: standard, punches: [at(MON, "08:55")], now: at(TUE, "09:30"), due: [`missing@${MON}`] },
  { name: "missing punch-out → not before 09:30", shift: standard, punches: [at(MON, "08:55")], now: at(TUE, "09:29"), due: [] },
  { name: "absent all day → next morning reminder", shift: standard, now: at(TUE, "09:30"), due: [`missing@${MON}`] },
  { name: "complete day → nothing next morning", shift: standard, punches: [at(MON, "08:55"), at(MON, "18:02")], now: at(TUE, "09:30"), due: [] },
  { name: "on leave all day → nothing next morning", shift: standard, spans: allDayLeave, now: at(TUE, "09:30"), due: [] },
  { name: "rest day → nothing next morning", shift: null, now: at(TUE, "09:30"), due: [] },
  {
    name: "missing time 07:00 inside quiet hours → sent when they end (08:00), not at 07:00",
    shift: standard,
    settings: { missingAt: "07:00" },
    punches: [at(MON, "08:55")],
    now: at(TUE, "07:00"),
    due: [],
  },
  { name: "missing time 07:00 inside quiet hours → 08:00", shift: standard, settings: { missingAt: "07:00" }, punches: [at(MON, "08:55")], now: at(TUE, "08:00"), due: [`missing@${MON}`] },
  { name: "missing-punch reminders off", shift: standard, settings: { missingNextMorning: false }, now: at(TUE, "09:30"), due: [] },
];

describe("remindersDue", () => {
  it.each(cases)("$name", (c) => {
    const date = c.date ?? MON;
    const r = evaluateDay({
      employeeId: 1,
      businessDate: date,
      tz: TZ,
      dayType: "workday",
      shift: c.shift,
      punches: (c.punches ?? []).map((p, i) => ({ id: i + 1, at: p })),
      spans: (c.spans ?? []).map((s, i) => ({ ...s, id: i + 1 })),
    });
    const due = remindersDue({ businessDate: date, shiftKind: c.shift?.kind ?? null, statuses: r.statuses, slots: r.slots }, { ...DEFAULT_GROUP_REMINDERS, ...c.settings }, c.now, TZ);
    expect(due.map((d) => `${d.kind}@${d.businessDate}`)).toEqual(c.due);
  });
});

describe("quiet hours and settings", () => {
  it.each([
    ["21:59", false],
    ["22:00", true],
    ["23:59", true],
    ["00:00", true],
    ["07:59", true],
    ["08:00", false],
    ["12:00", false],
  ] as const)("22:00–08:00 at %s → %s", (hhmm, quiet) => {
    expect(inQuietHours(at(MON, hhmm), DEFAULT_GROUP_REMINDERS, TZ)).toBe(quiet);
  });
  it("a same-day window (12:00–13:30) and none (equal ends)", () => {
    expect(inQuietHours(at(MON, "12:30"), { quietStart: "12:00", quietEnd: "13:30" }, TZ)).toBe(true);
    expect(inQuietHours(at(MON, "13:30"), { quietStart: "12:00", quietEnd: "13:30" }, TZ)).toBe(false);
    expect(inQuietHours(at(MON, "03:00"), { quietStart: "00:00", quietEnd: "00:00" }, TZ)).toBe(false);
  });
  it("the morning reminder is never inside quiet hours, and is on the next local date", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }), (m, qs, qe) => {
        const hm = (x: number) => `${String(Math.floor(x / 60)).padStart(2, "0")}:${String(x % 60).padStart(2, "0")}`;
        const s = { ...DEFAULT_GROUP_REMINDERS, missingAt: hm(m), quietStart: hm(qs), quietEnd: hm(qe) };
        const due = morningAfter(MON, s, TZ);
        expect(inQuietHours(due, s, TZ)).toBe(false);
        expect(due.getTime()).toBeGreaterThanOrEqual(at(TUE, "00:00").getTime());
        expect(due.getTime()).toBeLessThan(at("2026-12-09", "00:00").getTime());
      }),
    );
  });
  it("stored settings: missing or malformed fields fall back to the defaults", () => {
    expect(reminderSettings(null)).toEqual(DEFAULT_GROUP_REMINDERS);
    expect(reminderSettings({ enabled: false, punchInAfterMinutes: "x", quietStart: "25:00", missingAt: "07:15" })).toEqual({
      ...DEFAULT_GROUP_REMINDERS,
      enabled: false,
      missingAt: "07:15",
    });
  });
});
