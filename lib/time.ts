// Business dates: the day an instant counts for, in the organisation's time zone — never the server's clock.
import { env } from "./env";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(tz, f);
  }
  return f;
}

/** YYYY-MM-DD of `instant` in `tz` (default ORG_TIMEZONE). */
export function businessDate(instant: Date, tz: string = env().ORG_TIMEZONE): string {
  return formatter(tz).format(instant);
}

/** Offset of `tz` from UTC at `instant`, in minutes (Asia/Shanghai → 480). */
export function tzOffsetMinutes(instant: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The UTC instant of a wall-clock time (date "YYYY-MM-DD", "HH:mm") in `tz`. DST-safe (two passes). */
export function zonedTimeToUtc(date: string, time: string, tz: string = env().ORG_TIMEZONE): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  let instant = new Date(guess - tzOffsetMinutes(new Date(guess), tz) * 60000);
  instant = new Date(guess - tzOffsetMinutes(instant, tz) * 60000);
  return instant;
}

/** Add whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
