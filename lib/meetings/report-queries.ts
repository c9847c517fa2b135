// The department report (会议考勤 by department): the departments a viewer may report on, a drill-down from a
// department to its sub-departments, a per-person summary over a period, and one person's meetings. Every
// function takes (db, viewer, args) and is scoped: HR/admin everything; managers the subtrees of the departments
// they lead (their report starts there, not at their parent). A department or person outside the scope is 404.
//
// Counting rule (the same as the period report, lib/meetings/queries.periodReport, and lib/meetings/figures):
// attendance rows of final meetings only (finalized_at set), by business date, counted in the department recorded
// on the row (where the person was at the meeting), never 'pending'.
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { notFound } from "@/lib/errors";
import { env } from "@/lib/env";
import type { PersonSort } from "./report-sorts";

export interface ReportDepartment {
  id: number;
  name: string;
  nameEn: string | null;
  parentId: number | null;
  path: string;
  depth: number;
}

export interface StatusCounts {
  /** attendance rows (person × meeting) = invited, walk-ins included */
  total: number;
  on_time: number;
  late: number;
  early_leave: number;
  absent: number;
  on_leave: number;
}

/** attended = on time + late + early leave; rate = attended / (total − on leave), null with nobody expected. */
export function attendanceRate(c: StatusCounts): number | null {
  const expected = c.total - c.on_leave;
  return expected > 0 ? (c.on_time + c.late + c.early_leave) / expected : null;
}

function rowsOf<T>(r: unknown): T[] {
  return ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
}

const COUNTS = sql`count(*)::int as total,
  count(*) filter (where r.status = 'on_time')::int as on_time,
  count(*) filter (where r.status = 'late')::int as late,
  count(*) filter (where r.status = 'early_leave')::int as early_leave,
  count(*) filter (where r.status = 'absent')::int as absent,
  count(*) filter (where r.status = 'on_leave')::int as on_leave`;

const counts = (r: StatusCounts): StatusCounts => ({
  total: Number(r.total), on_time: Number(r.on_time), late: Number(r.late), early_leave: Number(r.early_leave), absent: Number(r.absent), on_leave: Number(r.on_leave),
});

const DEPT_COLS = sql`id::int as id, name, name_en as "nameEn", parent_id::int as "parentId", path, depth`;

const pathsIn = (col: SQL, paths: readonly string[]): SQL =>
  paths.length ? sql`(${sql.join(paths.map((p) => sql`${col} like ${p + "%"}`), sql` or `)})` : sql`false`;

/** Departments the viewer may report on (active ones, tree order): HR all, managers their subtrees. */
export async function visibleDepartments(db: Db, viewer: Viewer): Promise<ReportDepartment[]> {
  const scope = canSeeEveryone(viewer) ? sql`true` : pathsIn(sql`path`, viewer.managedPaths);
  return rowsOf<ReportDepartment>(await db.execute(sql`select ${DEPT_COLS} from departments where status = 'active' and ${scope} order by path`)).map(normDept);
}

const normDept = (d: ReportDepartment): ReportDepartment => ({ ...d, id: Number(d.id), parentId: d.parentId === null ? null : Number(d.parentId), depth: Number(d.depth) });

/**
 * Where the viewer's report starts: HR the root department(s) (the company); a manager the departments they lead
 * (several if they lead several; one led inside another counts once, as the outer one).
 */
export async function reportRoots(db: Db, viewer: Viewer): Promise<ReportDepartment[]> {
  if (canSeeEveryone(viewer)) {
    return rowsOf<ReportDepartment>(await db.execute(sql`select ${DEPT_COLS} from departments where parent_id is null and status = 'active' order by sort_order, path`)).map(normDept);
  }
  const outer = viewer.managedPaths.filter((p) => !viewer.managedPaths.some((q) => q !== p && p.startsWith(q)));
  if (!outer.length) return [];
  return rowsOf<ReportDepartment>(await db.execute(sql`select ${DEPT_COLS} from departments where path in (${sql.join(outer.map((p) => sql`${p}`), sql`, `)}) order by sort_order, path`)).map(normDept);
}

function canSeePath(viewer: Viewer, path: string): boolean {
  return canSeeEveryone(viewer) || viewer.managedPaths.some((p) => path.startsWith(p));
}

/** A department the viewer may report on, or 404 (not 403: ids of other departments reveal nothing). */
export async function reportDepartment(db: Db, viewer: Viewer, id: number): Promise<ReportDepartment> {
  const [d] = rowsOf<ReportDepartment>(await db.execute(sql`select ${DEPT_COLS} from departments where id = ${id}`)).map(normDept);
  if (!d || !canSeePath(viewer, d.path)) throw notFound("department not found");
  return d;
}

/** Ancestors of a department the viewer may see, from the top of their report down to it (the breadcrumb). */
async function trailOf(db: Db, viewer: Viewer, d: ReportDepartment): Promise<ReportDepartment[]> {
  const ids = d.path.split("/").filter(Boolean).map(Number).filter((n) => Number.isSafeInteger(n));
  if (!ids.length) return [d];
  const rows = rowsOf<ReportDepartment>(await db.execute(sql`select ${DEPT_COLS} from departments where id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) order by depth`)).map(normDept);
  return rows.filter((r) => canSeePath(viewer, r.path));
}

export interface ReportFilter {
  from: string;
  to: string;
  departmentId?: number;
}

/** Attendance rows of final meetings in the period (alias r: employee_id, status, path, department_id). */
function finalRows(f: { from: string; to: string }, where: SQL): SQL {
  return sql`select a.employee_id, a.status, a.department_id, d.path
    from meeting_attendance a join meetings m on m.id = a.meeting_id left join departments d on d.id = a.department_id
    where a.business_date between ${f.from} and ${f.to} and a.status <> 'pending' and m.finalized_at is not null and ${where}`;
}

/**
 * The rows' scope for a filter: a department (checked: 404 outside the viewer's scope) and its subtree; without
 * one, the viewer's whole scope (HR: everything, rows without a department included).
 */
async function scopeOf(db: Db, viewer: Viewer, departmentId: number | undefined): Promise<{ where: SQL; node: ReportDepartment | null }> {
  if (departmentId) {
    const node = await reportDepartment(db, viewer, departmentId);
    return { where: sql`d.path like ${node.path + "%"}`, node };
  }
  return { where: canSeeEveryone(viewer) ? sql`true` : pathsIn(sql`d.path`, viewer.managedPaths), node: null };
}

export interface DepartmentBar extends StatusCounts {
  /** department id, or "none" (rows with no department, HR only) */
  key: string;
  departmentId: number | null;
  label: string;
  labelEn: string | null;
  /** "unit": the department and its subtree; "direct": people directly in the department shown (not in a child) */
  kind: "unit" | "direct" | "none";
  /** can be drilled into further (has sub-departments in scope) */
  hasChildren: boolean;
  /** distinct people counted */
  people: number;
  attendanceRate: number | null;
}

export interface DepartmentBreakdown {
  from: string;
  to: string;
  /** the department shown (null: the manager's several departments side by side) */
  node: ReportDepartment | null;
  /** from the top of the viewer's report down to node */
  trail: ReportDepartment[];
  roots: ReportDepartment[];
  totals: StatusCounts & { people: number; attendanceRate: number | null };
  bars: DepartmentBar[];
}

/**
 * One level of the drill-down: the department asked for (default: where the viewer's report starts) split into
 * its sub-departments (each with its subtree) and its own direct members. A manager who leads several departments
 * sees them side by side. Totals are the sum of the bars.
 */
export async function departmentBreakdown(db: Db, viewer: Viewer, f: ReportFilter): Promise<DepartmentBreakdown> {
  const roots = await reportRoots(db, viewer);
  let node: ReportDepartment | null = null;
  if (f.departmentId) node = await reportDepartment(db, viewer, f.departmentId);
  else if (roots.length === 1) node = roots[0];
  const units: ReportDepartment[] = node
    ? rowsOf<ReportDepartment>(await db.execute(sql`select ${DEPT_COLS} from departments where parent_id = ${node.id} order by sort_order, path`)).map(normDept)
    : roots;
  // With no department picked, HR's view is everything (rows without a department too), so totals match the period report.
  const where = node ? sql`d.path like ${node.path + "%"}` : canSeeEveryone(viewer) ? sql`true` : pathsIn(sql`d.path`, roots.map((r) => r.path));
  const allScope = !f.departmentId && canSeeEveryone(viewer);
  const whereAll = allScope ? sql`true` : where;
  const unitValues = units.length
    ? sql`(values ${sql.join(units.map((u) => sql`(${u.id}::bigint, ${u.path}::text)`), sql`, `)}) as u(id, path)`
    : sql`(select null::bigint as id, null::text as path where false) as u`;
  const res = rowsOf<StatusCounts & { unit: string | null; people: number; inNode: boolean }>(
    await db.execute(sql`
      with r as (${finalRows(f, whereAll)})
      select u.id::text as unit, ${node ? sql`(r.path like ${node.path + "%"})` : sql`(r.path is not null)`} as "inNode",
        count(distinct r.employee_id)::int as people, ${COUNTS}
      from r left join ${unitValues} on r.path like u.path || '%'
      group by 1, 2`),
  );
  const childCounts = units.length
    ? rowsOf<{ parent: string; n: number }>(
        await db.execute(sql`select parent_id::text as parent, count(*)::int as n from departments where status = 'active' and parent_id in (${sql.join(units.map((u) => sql`${u.id}`), sql`, `)}) group by parent_id`),
      )
    : [];
  const hasKids = new Set(childCounts.filter((c) => Number(c.n) > 0).map((c) => c.parent));
  const bars: DepartmentBar[] = [];
  for (const u of units) {
    const r = res.find((x) => x.unit === String(u.id));
    if (!r) continue;
    const c = counts(r);
    bars.push({ key: String(u.id), departmentId: u.id, label: u.name, labelEn: u.nameEn, kind: "unit", hasChildren: hasKids.has(String(u.id)), people: Number(r.people), ...c, attendanceRate: attendanceRate(c) });
  }
  const direct = res.find((x) => x.unit === null && x.inNode && node);
  if (direct && node) {
    const c = counts(direct);
    bars.push({ key: `direct-${node.id}`, departmentId: node.id, label: node.name, labelEn: node.nameEn, kind: "direct", hasChildren: false, people: Number(direct.people), ...c, attendanceRate: attendanceRate(c) });
  }
  // HR's top level: rows outside the root's subtree (no department recorded) are shown, not dropped.
  const outside = allScope ? res.filter((x) => x.unit === null && !(x.inNode && node)) : [];
  if (outside.length) {
    const c = outside.map(counts).reduce(addCounts);
    bars.push({ key: "none", departmentId: null, label: "", labelEn: null, kind: "none", hasChildren: false, people: outside.reduce((s, x) => s + Number(x.people), 0), ...c, attendanceRate: attendanceRate(c) });
  }
  const [tot] = rowsOf<StatusCounts & { people: number }>(await db.execute(sql`with r as (${finalRows(f, whereAll)}) select count(distinct r.employee_id)::int as people, ${COUNTS} from r`));
  const tc = counts(tot);
  return {
    from: f.from,
    to: f.to,
    node,
    trail: node ? await trailOf(db, viewer, node) : [],
    roots,
    totals: { ...tc, people: Number(tot.people), attendanceRate: attendanceRate(tc) },
    bars,
  };
}

const addCounts = (a: StatusCounts, b: StatusCounts): StatusCounts => ({
  total: a.total + b.total, on_time: a.on_time + b.on_time, late: a.late + b.late, early_leave: a.early_leave + b.early_leave, absent: a.absent + b.absent, on_leave: a.on_leave + b.on_leave,
});

/* ---------- per person ---------- */

export interface PersonSummaryRow {
  employeeId: number;
  employeeNo: string;
  name: string;
  /** the person's department today (and its English name, when the directory has one) */
  department: string | null;
  departmentEn: string | null;
  invited: number;
  attended: number;
  late: number;
  earlyLeave: number;
  absent: number;
  onLeave: number;
  /** attended / (invited − on leave); null when every meeting was on leave */
  rate: number | null;
}

export { PERSON_SORTS, type PersonSort } from "./report-sorts";

const SORT_SQL: Record<PersonSort, SQL> = {
  rate: sql`rate`,
  absent: sql`absent`,
  late: sql`late`,
  invited: sql`invited`,
  employeeNo: sql`"employeeNo"`,
};

function personAgg(f: { from: string; to: string }, where: SQL): SQL {
  return sql`
    with r as (${finalRows(f, where)}),
    p as (
      select r.employee_id, count(*)::int as invited,
        count(*) filter (where r.status in ('on_time', 'late', 'early_leave'))::int as attended,
        count(*) filter (where r.status = 'late')::int as late,
        count(*) filter (where r.status = 'early_leave')::int as early_leave,
        count(*) filter (where r.status = 'absent')::int as absent,
        count(*) filter (where r.status = 'on_leave')::int as on_leave
      from r group by r.employee_id
    )
    select e.id::int as "employeeId", e.employee_no as "employeeNo", e.name, ed.name as department, ed.name_en as "departmentEn",
      p.invited, p.attended, p.late, p.early_leave as "earlyLeave", p.absent, p.on_leave as "onLeave",
      case when p.invited - p.on_leave > 0 then p.attended::float8 / (p.invited - p.on_leave) end as rate
    from p join employees e on e.id = p.employee_id left join departments ed on ed.id = e.department_id`;
}

const normPerson = (r: PersonSummaryRow): PersonSummaryRow => ({
  ...r,
  employeeId: Number(r.employeeId), invited: Number(r.invited), attended: Number(r.attended), late: Number(r.late), earlyLeave: Number(r.earlyLeave), absent: Number(r.absent), onLeave: Number(r.onLeave),
  rate: r.rate === null ? null : Number(r.rate),
});

export interface PersonSummaryPage {
  rows: PersonSummaryRow[];
  total: number;
  page: number;
  pageSize: number;
  node: ReportDepartment | null;
}

/** Per person over the period (invited, attended, late, early leave, absent, on leave, rate): one sorted page. */
export async function personSummary(
  db: Db,
  viewer: Viewer,
  q: ReportFilter & { sort?: PersonSort; dir?: "asc" | "desc"; page?: number; pageSize?: number },
): Promise<PersonSummaryPage> {
  const { where, node } = await scopeOf(db, viewer, q.departmentId);
  const pageSize = Math.min(Math.max(q.pageSize ?? 20, 1), 200);
  const page = Math.max(q.page ?? 1, 1);
  const dir = q.dir === "desc" ? sql`desc` : sql`asc`;
  const rows = rowsOf<PersonSummaryRow & { n: number }>(
    await db.execute(sql`select s.*, count(*) over ()::int as n from (${personAgg(q, where)}) s
      order by ${SORT_SQL[q.sort ?? "rate"]} ${dir} nulls last, "employeeNo" asc
      limit ${pageSize} offset ${(page - 1) * pageSize}`),
  );
  let total = rows.length ? Number(rows[0].n) : 0;
  if (!rows.length && page > 1) {
    const [c] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (${personAgg(q, where)}) s`));
    total = Number(c.n);
  }
  return { rows: rows.map(({ n: _n, ...r }) => normPerson(r)), total, page, pageSize, node };
}

/** Every person of the summary in employee-number order, keyset-paged (for the streamed export). */
export async function personSummaryPageAfter(db: Db, viewer: Viewer, q: ReportFilter, after: string | undefined, limit: number): Promise<PersonSummaryRow[]> {
  const { where } = await scopeOf(db, viewer, q.departmentId);
  const rows = rowsOf<PersonSummaryRow>(
    await db.execute(sql`select * from (${personAgg(q, after === undefined ? where : sql`${where} and a.employee_id in (select id from employees where employee_no > ${after})`)}) s
      order by "employeeNo" limit ${limit}`),
  );
  return rows.map(normPerson);
}

/* ---------- per department (every department of the view, with its subtree) ---------- */

export interface DepartmentSummaryRow extends StatusCounts {
  departmentId: number;
  name: string;
  /** "千岛科技 / 技术中心 / 平台研发部" */
  fullName: string;
  depth: number;
  path: string;
  people: number;
  attendanceRate: number | null;
}

/** Departments of the view (the filter's subtree, or the viewer's scope) in tree order, each counting its subtree; keyset by path. */
export async function departmentSummaryPageAfter(db: Db, viewer: Viewer, q: ReportFilter, after: string | undefined, limit: number): Promise<DepartmentSummaryRow[]> {
  const { node } = await scopeOf(db, viewer, q.departmentId);
  const unitScope = node ? sql`u.path like ${node.path + "%"}` : canSeeEveryone(viewer) ? sql`true` : pathsIn(sql`u.path`, viewer.managedPaths);
  const rows = rowsOf<DepartmentSummaryRow>(
    await db.execute(sql`
      with units as (
        select id, name, path, depth from departments u where ${unitScope} ${after === undefined ? sql`` : sql`and u.path > ${after}`}
        order by path limit ${limit}
      ), r as (${finalRows(q, sql`true`)} and d.path >= (select min(path) from units))
      select u.id::int as "departmentId", u.name, u.path, u.depth,
        (select string_agg(x.name, ' / ' order by x.depth) from departments x where u.path like x.path || '%') as "fullName",
        count(distinct r.employee_id)::int as people, ${COUNTS}
      from units u left join r on r.path like u.path || '%'
      group by u.id, u.name, u.path, u.depth
      order by u.path`),
  );
  // count(*) over a left join counts the empty match as one row: a unit without rows has total = 1 and no statuses.
  return rows.map((r) => {
    const empty = Number(r.people) === 0;
    const c = empty ? { total: 0, on_time: 0, late: 0, early_leave: 0, absent: 0, on_leave: 0 } : counts(r);
    return { departmentId: Number(r.departmentId), name: r.name, fullName: r.fullName, depth: Number(r.depth), path: r.path, people: Number(r.people), ...c, attendanceRate: attendanceRate(c) };
  });
}

/* ---------- one person ---------- */

export interface PersonMeetingRow {
  meetingId: number;
  title: string;
  startsAt: string;
  businessDate: string;
  status: string;
  method: string | null;
  checkedInAt: string | null;
  department: string | null;
}

/** One person's meetings of the period within the filter (404 when the person has nothing the viewer may see). */
export async function personMeetings(db: Db, viewer: Viewer, q: ReportFilter & { employeeId: number }) {
  const { where, node } = await scopeOf(db, viewer, q.departmentId);
  const tz = env().ORG_TIMEZONE;
  const [person] = rowsOf<{ id: number; employeeNo: string; name: string; department: string | null; path: string | null }>(
    await db.execute(sql`select e.id::int as id, e.employee_no as "employeeNo", e.name, d.name as department, d.path from employees e left join departments d on d.id = e.department_id where e.id = ${q.employeeId}`),
  );
  if (!person) throw notFound("person not found");
  const rows = rowsOf<PersonMeetingRow>(
    await db.execute(sql`
      select m.id::int as "meetingId", m.title, to_char(m.starts_at at time zone ${tz}, 'YYYY-MM-DD HH24:MI') as "startsAt", a.business_date::text as "businessDate",
        a.status, a.method, to_char(a.checked_in_at at time zone ${tz}, 'YYYY-MM-DD HH24:MI') as "checkedInAt", d.name as department
      from meeting_attendance a join meetings m on m.id = a.meeting_id left join departments d on d.id = a.department_id
      where a.employee_id = ${q.employeeId} and a.business_date between ${q.from} and ${q.to} and a.status <> 'pending' and m.finalized_at is not null and ${where}
      order by m.starts_at desc limit 500`),
  );
  const visibleToday = person.path !== null && (node ? person.path.startsWith(node.path) : canSeePath(viewer, person.path));
  if (!rows.length && !visibleToday) throw notFound("person not found");
  const c: StatusCounts = { total: rows.length, on_time: 0, late: 0, early_leave: 0, absent: 0, on_leave: 0 };
  for (const r of rows) if (r.status in c) c[r.status as keyof StatusCounts]++;
  return { person: { id: Number(person.id), employeeNo: person.employeeNo, name: person.name, department: person.department }, rows: rows.map((r) => ({ ...r, meetingId: Number(r.meetingId) })), totals: { ...c, attendanceRate: attendanceRate(c) }, node };
}
