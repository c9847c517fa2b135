// Payroll period arithmetic (pure): a period is named after the month it ends in. Start day 1 is the calendar
// month; start day 26 makes "2026-12" run 2026-11-26 … 2026-12-25. Start days stop at 28 so every month has one.
import { periodDays } from "./sheet-codes";

export const MIN_START_DAY = 1;
export const MAX_START_DAY = 28;
export const DEFAULT_START_DAY = 1;

/** The period (its "YYYY-MM" name) a business date belongs to. */
export function periodOf(date: string, startDay: number): string {
  const [y, m, d] = date.slice(0, 10).split("-").map(Number);
  if (startDay <= 1 || d < startDay) return date.slice(0, 7);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7); // on or after the start day: next month's period
}

/** [from, to] of the period named `month` (both inclusive). */
export function periodRange(month: string, startDay: number): { from: string; to: string } {
  const { from, to } = periodDays(month, startDay);
  return { from, to };
}

/** The period after / before `month` (names step by calendar month whatever the start day). */
export function shiftPeriod(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}
