// Department rates and trends (考勤趋势, issue 14 item 3): per calendar month and per department group, the attendance
// rate, lateness and overtime from the stored person-days. Groups are the departments one level below where the
// viewer's report starts (HR: the company's top departments; a manager: below the departments they lead; a filter:
// below that department), people directly in that department forming its own group. One aggregate query over
// attendance_days (attendance_days_date_idx) joined to the people of the scope (primary department).
import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { badRequest } from "@/lib/errors";
import { reportDepartment, reportRoots, type ReportDepartment } from "@/lib/meetings/report-queries";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { assertCanReadSheet, currentMonth } from "./sheet";

export const MAX_TREND_MONTHS = 24;
const monthRe = /^\d{4}-(0[1-9]|1[0-2])$/;
const month = () => z.string().regex(monthRe, "must be YYYY-MM").refine((m) => m >= "2000-01" && m <= "2100-12", "out of range");

export const trendsQuery = z
  .object({
    from: month().optional(),
    to: month().optional(),
    department: z.string().regex(/^[1-9]\d{0,14}$/, "department must be a department id").transform(Number).optional(),
  })
  .strict();
export type TrendsQuery = z.infer<typeof trendsQuery>;

/** Months from `from` to `to` inclusive ("YYYY-MM"). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split("-").map(Number);
  for (;;) {
    const cur = `${y}-${String(m).padStart(2, "0")}`;
    if (cur > to) return out;
    out.push(cur);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

export const addMonths = (m: string, n: number): string => {
  const [y, mm] = m.split("-").map(Number);
  const d = new Date(Date.UTC(y, mm - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};

export interface TrendPoint {
  month: string;
  expected: number;
  attended: number;
  late: number;
  lateMinutes: number;
  overtimeMinutes: number;
  people: number;
  /** attended / expected, null without expected days. */
  rate: number | null;
  /** late person-days / expected. */
  lateRate: number | null;
  /** overtime hours per person with a person-day that month. */
  overtimeHoursPerPerson: number | null;
}

export interface TrendGroup {
  id: number;
  name: string;
  points: TrendPoint[];
}

export interface Trends {
  from: string;
  to: string;
  months: string[];
  base: { id: number; name: string }[];
  groups: TrendGroup[];
  /** Every group together, per month. */
  total: TrendPoint[];
}

const point = (month: string, r?: { expected: number; attended: number; late: number; late_minutes: number; overtime: number; people: number }): TrendPoint => {
  const expected = Number(r?.expected ?? 0);
  const attended = Number(r?.attended ?? 0);
  const late = Number(r?.late ?? 0);
  const people = Number(r?.people ?? 0);
  const overtime = Number(r?.overtime ?? 0);
  return {
    month,
    expected,
    attended,
    late,
    lateMinutes: Number(r?.late_minutes ?? 0),
    overtimeMinutes: overtime,
    people,
    rate: expected ? attended / expected : null,
    lateRate: expected ? late / expected : null,
    overtimeHoursPerPerson: people ? Math.round((overtime / 60 / people) * 10) / 10 : null,
  };
};

const PRESENT = ["normal", "late", "serious_late", "absent_late", "early_leave", "missing_in", "missing_out", "trip", "field"];

/** The months' rates per department group, for the viewer's scope (or a department inside it: 404 outside). */
export async function departmentTrends(db: Db, viewer: Viewer, q: TrendsQuery, now = new Date()): Promise<Trends> {
  assertCanReadSheet(viewer);
  const to = q.to ?? currentMonth(now);
  const from = q.from ?? addMonths(to, -5);
  if (from > to) throw badRequest("from must not be after to");
  const months = monthsBetween(from, to);
  if (months.length > MAX_TREND_MONTHS) throw badRequest(`at most ${MAX_TREND_MONTHS} months`);
  const roots: ReportDepartment[] = q.department ? [await reportDepartment(db, viewer, q.department)] : await reportRoots(db, viewer);
  const base = roots.map((r) => ({ id: r.id, name: r.name }));
  if (!roots.length) return { from, to, months, base, groups: [], total: months.map((m) => point(m)) };
  const fromDate = `${from}-01`;
  const toDate = `${addMonths(to, 1)}-01`;
  const rootValues = sql.join(roots.map((r) => sql`(${r.id}::bigint, ${r.path}::text, ${r.depth}::int)`), sql`, `);
  const present = `{${PRESENT.join(",")}}`;
  // The group of a person: the department one level below their root, or the root itself for its direct members.
  const rows = rowsOf<{ grp: string; month: string; expected: number; attended: number; late: number; late_minutes: number; overtime: number; people: number }>(
    await db.execute(sql`
      with r(id, path, depth) as (values ${rootValues}),
      pd as (
        select case when d.depth > r.depth then split_part(d.path, '/', r.depth + 3)::bigint else r.id end as grp,
               to_char(a.business_date, 'YYYY-MM') as month, a.employee_id, a.shift_id, a.statuses, a.late_minutes,
               a.overtime_workday_minutes + a.overtime_rest_day_minutes + a.overtime_holiday_minutes as overtime
          from attendance_days a
          join employees e on e.id = a.employee_id and e.status = 'active'
          join departments d on d.id = e.department_id
          join r on starts_with(d.path, r.path)
         where a.business_date >= ${fromDate}::date and a.business_date < ${toDate}::date)
      select grp::text as grp, month,
             count(*) filter (where shift_id is not null and not 'rest' = any(statuses))::int as expected,
             count(*) filter (where shift_id is not null and not 'rest' = any(statuses) and not 'absent' = any(statuses) and statuses && ${present}::text[])::int as attended,
             count(*) filter (where statuses && array['late','serious_late','absent_late'])::int as late,
             coalesce(sum(late_minutes), 0)::int as late_minutes,
             coalesce(sum(overtime), 0)::int as overtime,
             count(distinct employee_id)::int as people
        from pd group by grp, month`),
  );
  const ids = [...new Set(rows.map((r) => Number(r.grp)))];
  const names = new Map<number, string>(
    ids.length
      ? rowsOf<{ id: string; name: string; path: string }>(await db.execute(sql`select id::text, name, path from departments where id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) order by path`)).map((d) => [Number(d.id), d.name])
      : [],
  );
  const by = new Map(rows.map((r) => [`${r.grp}:${r.month}`, r]));
  const groups: TrendGroup[] = [...names.entries()].map(([id, name]) => ({ id, name, points: months.map((m) => point(m, by.get(`${id}:${m}`))) }));
  const total = months.map((m) => {
    const sum = { expected: 0, attended: 0, late: 0, late_minutes: 0, overtime: 0, people: 0 };
    for (const r of rows.filter((x) => x.month === m)) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += Number(r[k]);
    return point(m, sum);
  });
  return { from, to, months, base, groups, total };
}
