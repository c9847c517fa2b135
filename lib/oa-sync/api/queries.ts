// Pull API queries: keyset pagination on (updated_at, id) that neither skips nor repeats rows while writes go on.
//
// Why a plain `(updated_at, id) > cursor` is not enough: updated_at is set when a transaction *starts* writing
// (now()), but the row becomes visible when it *commits*. A transaction that began at 10:00:00 and commits at
// 10:00:03 shows rows stamped 10:00:00 after a reader already paged past 10:00:02 — they would be skipped.
// So every page is cut at a bound, `complete_up_to`, below which no transaction can still commit a row:
//   bound = least(now() - SAFETY_LAG, start of the oldest transaction still open in this database)
// The open transactions come from pg_stat_activity (the app's own role sees its own sessions); the safety lag
// covers what that view cannot see (writers that stamp updated_at from the application clock, clock skew between
// hosts, roles without pg_read_all_stats). Rows at or above the bound are served on a later call, after the cursor.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { badRequest } from "@/lib/errors";
import { rowsOf } from "../dispatcher";
import type { AttendanceDayResource, AttendanceResource, EmployeeResource, MeetingResource, PunchResource } from "./schemas";

export const DEFAULT_SAFETY_LAG_MS = 5_000;

export interface Cursor {
  t: string; // updated_at as PostgreSQL text (microseconds kept)
  i: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

/**
 * A cursor's time is PostgreSQL's text of a timestamptz ("2026-11-23 01:02:03.456789+00"). Well-formed is not
 * enough: "2026-13-45 25:61:61+00" would reach `::timestamptz` and fail there (a 500), so every field is checked.
 */
function cursorTimeValid(t: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?$/.exec(t);
  if (!m) return false;
  const [y, mo, d, h, mi, sec, , , oh, om] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const day = new Date(Date.UTC(y, mo - 1, d));
  return y >= 2000 && y <= 2999 && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && sec < 60 && oh <= 15 && om < 60;
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Cursor;
    if (typeof c.t !== "string" || !Number.isSafeInteger(c.i) || !cursorTimeValid(c.t)) throw new Error("bad cursor");
    return c;
  } catch {
    throw badRequest("invalid cursor");
  }
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  has_more: boolean;
  complete_up_to: string;
}

export interface PageArgs {
  cursor?: string;
  limit: number;
  /** Tests shorten it; production keeps the default. */
  safetyLagMs?: number;
}

function boundSql(lagMs: number): SQL {
  return sql`(SELECT least(
      now() - make_interval(secs => ${lagMs / 1000}),
      coalesce((SELECT min(xact_start) FROM pg_stat_activity
                 WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL), now())))`;
}

function subtree(column: SQL, departmentId: number | undefined): SQL {
  if (!departmentId) return sql`true`;
  return sql`${column} IN (SELECT d.id FROM departments d
      WHERE d.path LIKE (SELECT p.path FROM departments p WHERE p.id = ${departmentId}) || '%')`;
}

export async function page<T>(db: Db, args: PageArgs, build: (bound: SQL, after: SQL) => SQL, map: (r: Record<string, unknown>) => T): Promise<Page<T>> {
  const cursor = decodeCursor(args.cursor);
  // One statement: the bound and the rows come from the same snapshot.
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`WITH b AS (SELECT ${boundSql(args.safetyLagMs ?? DEFAULT_SAFETY_LAG_MS)} AS hi)
      ${build(sql`(SELECT hi FROM b)`, cursor ? sql`(x.updated_at, x.id) > (${cursor.t}::timestamptz, ${cursor.i})` : sql`true`)}`),
  );
  // The bound is returned on every row; with no rows, ask for it alone.
  let hi = rows[0]?.complete_up_to as number | string | undefined;
  if (hi === undefined) {
    hi = rowsOf<Record<string, unknown>>(
      await db.execute(sql`SELECT extract(epoch FROM ${boundSql(args.safetyLagMs ?? DEFAULT_SAFETY_LAG_MS)}) * 1000 AS hi`),
    )[0].hi as number;
  }
  const hasMore = rows.length > args.limit;
  const slice = rows.slice(0, args.limit);
  const last = slice[slice.length - 1];
  const next = last ? encodeCursor({ t: String(last.cursor_t), i: Number(last.id) }) : (args.cursor ?? null);
  return { data: slice.map(map), next_cursor: next, has_more: hasMore, complete_up_to: new Date(Number(hi)).toISOString() };
}

/** A time to the whole second (what the OA's columns hold), or null. */
const toSecond = (v: unknown) => (v ? new Date(Math.floor(new Date(v as string).getTime() / 1000) * 1000).toISOString() : null);

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export async function listMeetingsPage(db: Db, args: PageArgs & { from?: string; to?: string; department_id?: number }): Promise<Page<MeetingResource>> {
  return page(
    db,
    args,
    (bound, after) => sql`
      SELECT x.*, x.updated_at::text AS cursor_t, extract(epoch FROM (SELECT hi FROM b)) * 1000 AS complete_up_to FROM (
        SELECT m.id, m.title, m.source, m.external_id, m.status, m.starts_at, m.ends_at, m.business_date::text AS business_date,
               m.location_name, o.employee_no AS organizer_employee_no, o.department_id AS organizer_department_id,
               m.series_id, m.series_index, m.updated_at
          FROM meetings m LEFT JOIN employees o ON o.id = m.organizer_id
         WHERE ${args.from ? sql`m.business_date >= ${args.from}::date` : sql`true`}
           AND ${args.to ? sql`m.business_date <= ${args.to}::date` : sql`true`}
           AND ${subtree(sql`o.department_id`, args.department_id)}) x
       WHERE x.updated_at < ${bound} AND ${after}
       ORDER BY x.updated_at, x.id LIMIT ${args.limit + 1}`,
    (r) => ({
      id: Number(r.id),
      title: String(r.title),
      source: String(r.source),
      external_id: String(r.external_id),
      status: String(r.status),
      starts_at: iso(r.starts_at)!,
      ends_at: iso(r.ends_at)!,
      business_date: String(r.business_date),
      location_name: (r.location_name as string) ?? null,
      organizer_employee_no: (r.organizer_employee_no as string) ?? null,
      organizer_department_id: r.organizer_department_id === null ? null : Number(r.organizer_department_id),
      series_id: r.series_id === null || r.series_id === undefined ? null : Number(r.series_id),
      series_index: r.series_index === null || r.series_index === undefined ? null : Number(r.series_index),
      updated_at: iso(r.updated_at)!,
    }),
  );
}

export async function listAttendancePage(
  db: Db,
  args: PageArgs & { from?: string; to?: string; department_id?: number; meeting_id?: number },
): Promise<Page<AttendanceResource>> {
  return page(
    db,
    args,
    (bound, after) => sql`
      SELECT x.*, x.updated_at::text AS cursor_t, extract(epoch FROM (SELECT hi FROM b)) * 1000 AS complete_up_to FROM (
        SELECT a.id, a.meeting_id, m.title AS meeting_title, e.employee_no, e.name AS employee_name, e.department_id,
               d.name AS department_name, a.status, a.method, a.checked_in_at, a.checked_out_at, m.series_id, a.device,
               a.business_date::text AS business_date, a.version, a.updated_at
          FROM meeting_attendance a
          JOIN employees e ON e.id = a.employee_id
          JOIN meetings m ON m.id = a.meeting_id
          LEFT JOIN departments d ON d.id = e.department_id
         WHERE ${args.from ? sql`a.business_date >= ${args.from}::date` : sql`true`}
           AND ${args.to ? sql`a.business_date <= ${args.to}::date` : sql`true`}
           AND ${args.meeting_id ? sql`a.meeting_id = ${args.meeting_id}` : sql`true`}
           AND ${subtree(sql`e.department_id`, args.department_id)}) x
       WHERE x.updated_at < ${bound} AND ${after}
       ORDER BY x.updated_at, x.id LIMIT ${args.limit + 1}`,
    (r) => ({
      id: Number(r.id),
      meeting_id: Number(r.meeting_id),
      meeting_title: String(r.meeting_title),
      employee_no: String(r.employee_no),
      employee_name: String(r.employee_name),
      department_id: r.department_id === null ? null : Number(r.department_id),
      department_name: (r.department_name as string) ?? null,
      status: r.status as AttendanceResource["status"],
      method: (r.method as string) ?? null,
      checked_in_at: toSecond(r.checked_in_at),
      checked_out_at: toSecond(r.checked_out_at),
      series_id: r.series_id === null || r.series_id === undefined ? null : Number(r.series_id),
      device: (r.device as string) ?? null,
      business_date: String(r.business_date),
      version: Number(r.version),
      updated_at: iso(r.updated_at)!,
    }),
  );
}

export async function listEmployeesPage(db: Db, args: PageArgs & { department_id?: number; status?: "active" | "departed" }): Promise<Page<EmployeeResource>> {
  return page(
    db,
    args,
    (bound, after) => sql`
      SELECT x.*, x.updated_at::text AS cursor_t, extract(epoch FROM (SELECT hi FROM b)) * 1000 AS complete_up_to FROM (
        SELECT e.id, e.employee_no, e.name, e.title, e.department_id, d.name AS department_name, e.status, e.departed_at, e.updated_at
          FROM employees e LEFT JOIN departments d ON d.id = e.department_id
         WHERE ${args.status ? sql`e.status = ${args.status}` : sql`true`}
           AND ${subtree(sql`e.department_id`, args.department_id)}) x
       WHERE x.updated_at < ${bound} AND ${after}
       ORDER BY x.updated_at, x.id LIMIT ${args.limit + 1}`,
    (r) => ({
      id: Number(r.id),
      employee_no: String(r.employee_no),
      name: String(r.name),
      title: (r.title as string) ?? null,
      department_id: r.department_id === null ? null : Number(r.department_id),
      department_name: (r.department_name as string) ?? null,
      status: r.status as EmployeeResource["status"],
      departed_at: iso(r.departed_at),
      updated_at: iso(r.updated_at)!,
    }),
  );
}

type AttendanceFilter = PageArgs & { from?: string; to?: string; department_id?: number; employee_no?: string };

/** Person-days, paged on (computed_at, id): computed_at moves (database clock) only when the result changes. */
export async function listAttendanceDaysPage(db: Db, args: AttendanceFilter): Promise<Page<AttendanceDayResource>> {
  return page(
    db,
    args,
    (bound, after) => sql`
      SELECT x.*, x.updated_at::text AS cursor_t, extract(epoch FROM (SELECT hi FROM b)) * 1000 AS complete_up_to FROM (
        SELECT a.id, e.employee_no, e.name AS employee_name, e.department_id, a.business_date::text AS business_date, a.day_type,
               a.statuses, a.late_minutes, a.early_leave_minutes, a.worked_minutes, a.leave_minutes, a.overtime_workday_minutes,
               a.overtime_rest_day_minutes, a.overtime_holiday_minutes, a.explanation, a.version, a.computed_at AS updated_at
          FROM attendance_days a JOIN employees e ON e.id = a.employee_id
         WHERE ${args.from ? sql`a.business_date >= ${args.from}::date` : sql`true`}
           AND ${args.to ? sql`a.business_date <= ${args.to}::date` : sql`true`}
           AND ${args.employee_no ? sql`e.employee_no = ${args.employee_no}` : sql`true`}
           AND ${subtree(sql`e.department_id`, args.department_id)}) x
       WHERE x.updated_at < ${bound} AND ${after}
       ORDER BY x.updated_at, x.id LIMIT ${args.limit + 1}`,
    (r) => ({
      id: Number(r.id),
      employee_no: String(r.employee_no),
      employee_name: String(r.employee_name),
      department_id: r.department_id === null ? null : Number(r.department_id),
      business_date: String(r.business_date),
      day_type: r.day_type as AttendanceDayResource["day_type"],
      statuses: pgArray(r.statuses),
      late_minutes: Number(r.late_minutes),
      early_leave_minutes: Number(r.early_leave_minutes),
      worked_minutes: Number(r.worked_minutes),
      leave_minutes: Number(r.leave_minutes),
      overtime_workday_minutes: Number(r.overtime_workday_minutes),
      overtime_rest_day_minutes: Number(r.overtime_rest_day_minutes),
      overtime_holiday_minutes: Number(r.overtime_holiday_minutes),
      explanation: String(r.explanation),
      version: Number(r.version),
      updated_at: iso(r.updated_at)!,
    }),
  );
}

/** Punches of every channel, paged on (updated_at, id); version = 1 + recorded changes. */
export async function listPunchesPage(db: Db, args: AttendanceFilter): Promise<Page<PunchResource>> {
  return page(
    db,
    args,
    (bound, after) => sql`
      SELECT x.*, x.updated_at::text AS cursor_t, extract(epoch FROM (SELECT hi FROM b)) * 1000 AS complete_up_to FROM (
        SELECT p.id, e.employee_no, e.name AS employee_name, e.department_id, p.source, p.device_id, p.record_id, p.punched_at,
               p.business_date::text AS business_date, p.direction, p.latitude, p.longitude, p.place_name, p.field, p.suspicious,
               p.change_state, jsonb_array_length(p.history) + 1 AS version, p.updated_at
          FROM punches p JOIN employees e ON e.id = p.employee_id
         WHERE ${args.from ? sql`p.business_date >= ${args.from}::date` : sql`true`}
           AND ${args.to ? sql`p.business_date <= ${args.to}::date` : sql`true`}
           AND ${args.employee_no ? sql`e.employee_no = ${args.employee_no}` : sql`true`}
           AND ${subtree(sql`e.department_id`, args.department_id)}) x
       WHERE x.updated_at < ${bound} AND ${after}
       ORDER BY x.updated_at, x.id LIMIT ${args.limit + 1}`,
    (r) => ({
      id: Number(r.id),
      employee_no: String(r.employee_no),
      employee_name: String(r.employee_name),
      department_id: r.department_id === null ? null : Number(r.department_id),
      source: r.source as PunchResource["source"],
      device_id: String(r.device_id),
      record_id: String(r.record_id),
      punched_at: iso(r.punched_at)!,
      business_date: String(r.business_date),
      direction: (r.direction as PunchResource["direction"]) ?? null,
      latitude: r.latitude === null ? null : Number(r.latitude),
      longitude: r.longitude === null ? null : Number(r.longitude),
      place_name: (r.place_name as string) ?? null,
      field: Boolean(r.field),
      suspicious: Boolean(r.suspicious),
      change_state: r.change_state as PunchResource["change_state"],
      version: Number(r.version),
      updated_at: iso(r.updated_at)!,
    }),
  );
}

/** A text[] from a raw query: node-postgres parses it; PGlite may hand back the literal ("{late,missing_out}"). */
function pgArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  const s = String(v ?? "{}");
  return s.length <= 2 ? [] : s.slice(1, -1).split(",").map((x) => x.replace(/^"|"$/g, ""));
}
