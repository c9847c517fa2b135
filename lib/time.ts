// Business dates: the day an instant counts for, in the organisation's time zone — never the server's clock.
// Server-side: the zone defaults to ORG_TIMEZONE (lib/env). Client components import lib/time-core (zone passed in).
import { env } from "./env";
import { businessDate as businessDateIn, zonedTimeToUtc as zonedTimeToUtcIn } from "./time-core";

export { addDays, tzOffsetMinutes } from "./time-core";

/** YYYY-MM-DD of `instant` in `tz` (default ORG_TIMEZONE). */
export function businessDate(instant: Date, tz: string = env().ORG_TIMEZONE): string {
  return businessDateIn(instant, tz);
}

/** The UTC instant of a wall-clock time (date "YYYY-MM-DD", "HH:mm") in `tz` (default ORG_TIMEZONE). DST-safe. */
export function zonedTimeToUtc(date: string, time: string, tz: string = env().ORG_TIMEZONE): Date {
  return zonedTimeToUtcIn(date, time, tz);
}
