// Direct database access for specs that must make "today" deterministic (a roster row on a shift of their own,
// yesterday's punches gone). Only on our own PostgreSQL (DATABASE_URL, as in CI's e2e run); specs that use it skip
// on the embedded PGlite, which the app process holds open.
export const pgUrl = process.env.DATABASE_URL;

export async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const { Client } = await import("pg");
  const c = new Client({ connectionString: pgUrl });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

/** The wall clock in `tz` now: the local date and minutes since local midnight. */
export function localClock(tz = "Asia/Shanghai"): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date()).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Put `ids` on `shiftId` for `date` and forget what the engine knew of that day (punches, result, expected slots). */
export async function freshRosterDay(ids: number[], date: string, shiftId: number): Promise<void> {
  for (const id of ids) {
    await sql("insert into rosters (employee_id, date, shift_id) values ($1, $2, $3) on conflict (employee_id, date) do update set shift_id = excluded.shift_id, updated_at = now()", [id, date, shiftId]);
  }
  await sql("delete from punches where employee_id = any($1) and business_date = $2", [ids, date]);
  await sql("delete from attendance_days where employee_id = any($1) and business_date = $2", [ids, date]);
  await sql("delete from expected_slots where employee_id = any($1) and business_date = $2", [ids, date]);
}

/** A fixed 8-hour shift of the spec's own named `name`, starting `start` minutes after local midnight (created or moved). */
export async function ownShift(name: string, start: number, graceMinutes: number): Promise<number> {
  const sections = JSON.stringify([{ start, end: start + 480 }]);
  const [shift] = await sql<{ id: string }>("select id from shifts where name = $1", [name]);
  if (shift) {
    await sql("update shifts set sections = $1::jsonb, grace_minutes = $2 where id = $3", [sections, graceMinutes, shift.id]);
    return Number(shift.id);
  }
  const [made] = await sql<{ id: string }>("insert into shifts (name, kind, sections, grace_minutes) values ($1, 'fixed', $2::jsonb, $3) returning id", [name, sections, graceMinutes]);
  return Number(made.id);
}
