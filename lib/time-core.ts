// Business dates, pure: every function takes the time zone. Safe in client components (no lib/env, so no zod in
// the browser, issue 12); the org time zone reaches them from the server (next-intl's useTimeZone() or a prop).
// Server code imports lib/time, which defaults the zone to ORG_TIMEZONE.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(tz, f);
  }
  return f;
}

/** (zone → UTC minute → date): a month's pull or recompute asks about ~1,000,000 punch instants, most in a few
 * thousand minutes. A date cannot change inside a UTC minute (zone offsets are whole minutes). Bounded. */
const datesByMinute = new Map<string, Map<number, string>>();

/** YYYY-MM-DD of `instant` in `tz`. */
export function businessDate(instant: Date, tz: string): string {
  const minute = Math.floor(instant.getTime() / 60_000);
  let byMinute = datesByMinute.get(tz);
  if (!byMinute) datesByMinute.set(tz, (byMinute = new Map()));
  let d = byMinute.get(minute);
  if (d === undefined) {
    d = formatter(tz).format(instant);
    if (byMinute.size >= 100_000) byMinute.clear();
    byMinute.set(minute, d);
  }
  return d;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** (zone, UTC minute) → offset: zone transitions fall on whole minutes, and the engine asks about the same few
 * instants (shift starts, window edges) for every person of a day. Bounded: cleared when it grows large. */
const offsetCache = new Map<string, number>();

/** Offset of `tz` from UTC at `instant`, in minutes (Asia/Shanghai → 480). */
export function tzOffsetMinutes(instant: Date, tz: string): number {
  const key = `${tz}|${Math.floor(instant.getTime() / 60000)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const offset = computeOffset(instant, tz);
  if (offsetCache.size >= 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

function computeOffset(instant: Date, tz: string): number {
  // One formatter per zone: constructing an Intl.DateTimeFormat costs far more than formatting with it (the day
  // engine asks for offsets hundreds of thousands of times in a month's recompute).
  let f = offsetFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormatters.set(tz, f);
  }
  const parts = f.formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The UTC instant of a wall-clock time (date "YYYY-MM-DD", "HH:mm") in `tz`. DST-safe (two passes). */
export function zonedTimeToUtc(date: string, time: string, tz: string): Date {
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
