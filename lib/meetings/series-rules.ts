// Recurring meetings (周例会), pure: which dates a series falls on, and each occurrence's instants from the
// wall-clock times in the organisation's time zone. No I/O, no clock: tests drive it with any zone.
import { addDays, businessDate, tzOffsetMinutes, zonedTimeToUtc } from "@/lib/time-core";

export const FREQUENCIES = ["weekly", "biweekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
/** A series is at most a year of weekly meetings. */
export const MAX_OCCURRENCES = 52;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate(); // m is 1-based: day 0 of the next month
}

/**
 * The dates (YYYY-MM-DD) of the first `count` occurrences from `startDate`: every 7 or 14 days, or monthly on the
 * start's day of the month — on the last day of a shorter month (31 Jan → 28/29 Feb → 31 Mar).
 */
export function occurrenceDates(startDate: string, frequency: Frequency, count: number): string[] {
  const n = Math.max(0, Math.min(MAX_OCCURRENCES, Math.floor(count)));
  if (frequency !== "monthly") {
    const step = frequency === "weekly" ? 7 : 14;
    return Array.from({ length: n }, (_, k) => addDays(startDate, k * step));
  }
  const [y, m, d] = startDate.split("-").map(Number);
  return Array.from({ length: n }, (_, k) => {
    const month0 = m - 1 + k;
    const yy = y + Math.floor(month0 / 12);
    const mm = (month0 % 12) + 1;
    const dd = Math.min(d, daysInMonth(yy, mm));
    return `${String(yy).padStart(4, "0")}-${String(mm).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
  });
}

function wallTime(instant: Date, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/**
 * The instant of wall-clock `time` on `date` in `tz`. A time that does not exist (a DST gap: 02:30 on the day
 * clocks go 02:00 → 03:00) moves forward by the gap, as calendars do; it stays on `date`.
 */
export function wallInstant(date: string, time: string, tz: string): Date {
  const i = zonedTimeToUtc(date, time, tz);
  if (businessDate(i, tz) === date && wallTime(i, tz) === time) return i;
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  // In a DST gap: read the wall time with the offset from before the gap. The real instant lies within
  // [guess − 14 h, guess + 12 h] (offsets run from −12 to +14), so 26 h before the guess is always before the
  // transition — 12 h was not enough east of +12 (Pacific/Chatham's 02:45 gap came out an hour early).
  return new Date(guess - tzOffsetMinutes(new Date(guess - 26 * 3_600_000), tz) * 60_000);
}

export interface Occurrence {
  index: number; // 1-based
  date: string; // business date in tz
  startsAt: Date;
  endsAt: Date;
}

/** One occurrence's instants: the start at `startTime` on its date, the end at `endTime` (the next day when not after the start). */
export function occurrenceAt(date: string, startTime: string, endTime: string, tz: string, index = 1): Occurrence {
  const startsAt = wallInstant(date, startTime, tz);
  let endsAt = wallInstant(date, endTime, tz);
  if (endsAt <= startsAt) endsAt = wallInstant(addDays(date, 1), endTime, tz);
  return { index, date, startsAt, endsAt };
}

/** Every occurrence of a series. */
export function occurrences(rule: { startDate: string; frequency: Frequency; count: number; startTime: string; endTime: string }, tz: string): Occurrence[] {
  return occurrenceDates(rule.startDate, rule.frequency, rule.count).map((d, k) => occurrenceAt(d, rule.startTime, rule.endTime, tz, k + 1));
}

/** The wall-clock time (HH:mm) and business date of an instant in tz: what a series keeps. */
export function wallOf(instant: Date, tz: string): { date: string; time: string } {
  return { date: businessDate(instant, tz), time: wallTime(instant, tz) };
}
