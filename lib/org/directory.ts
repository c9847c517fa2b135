// The company directory for pickers (invite people to a meeting): find people by name, 工号 or department, and the
// department tree. Any signed-in employee may search the whole company by name — that is how the WeCom and
// DingTalk pickers work — so these reads return only what a picker shows: id, name, 工号 and department. Never a
// phone number or e-mail address.
import "server-only";
import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { notFound } from "@/lib/errors";

export const PEOPLE_SEARCH_LIMIT = 50;

export interface DirectoryPerson {
  id: number;
  name: string;
  employeeNo: string;
  department: { id: number; name: string } | null;
}

export interface DirectoryDepartment {
  id: number;
  name: string;
  nameEn: string | null;
  parentId: number | null;
  depth: number;
  /** active people in this department and every department below it */
  members: number;
}

/** `%`, `_` and `\` typed by a person are literal characters, not LIKE wildcards. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Active people whose name, 工号 or department name contains `q` (case-insensitive), optionally only inside the
 * subtree of `departmentId`; at most 50, exact 工号 and name-prefix matches first. An empty `q` with a department
 * lists that subtree's people (or, with `direct`, only the department's own).
 */
export async function searchPeople(db: Db, _viewer: Viewer, args: { q?: string; departmentId?: number; direct?: boolean; limit?: number }): Promise<DirectoryPerson[]> {
  const q = (args.q ?? "").trim();
  const limit = Math.min(args.limit ?? PEOPLE_SEARCH_LIMIT, PEOPLE_SEARCH_LIMIT);
  const where: (SQL | undefined)[] = [eq(employees.status, "active")];
  if (args.departmentId !== undefined) {
    const [d] = await db.select({ path: departments.path }).from(departments).where(and(eq(departments.id, args.departmentId), eq(departments.status, "active")));
    if (!d) throw notFound("department not found");
    // direct: the department's own people (the picker lists sub-departments separately); otherwise the subtree.
    where.push(args.direct ? eq(employees.departmentId, args.departmentId) : sql`${departments.path} like ${likeLiteral(d.path) + "%"}`);
  }
  if (q) {
    const pat = `%${likeLiteral(q)}%`;
    where.push(or(ilike(employees.name, pat), ilike(employees.employeeNo, pat), ilike(departments.name, pat), ilike(departments.nameEn, pat)));
  }
  const prefix = `${likeLiteral(q)}%`;
  const rank = q
    ? sql`case when lower(${employees.employeeNo}) = lower(${q}) then 0 when ${employees.name} ilike ${prefix} then 1 when ${employees.name} ilike ${"%" + likeLiteral(q) + "%"} then 2 when ${employees.employeeNo} ilike ${"%" + likeLiteral(q) + "%"} then 3 else 4 end`
    : undefined;
  const rows = await db
    .select({ id: employees.id, name: employees.name, employeeNo: employees.employeeNo, deptId: departments.id, deptName: departments.name })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(and(...where))
    .orderBy(...(rank ? [rank] : []), asc(employees.employeeNo))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, name: r.name, employeeNo: r.employeeNo, department: r.deptId != null ? { id: r.deptId, name: r.deptName ?? "" } : null }));
}

/** Every active department, parents before children (by path), with the number of active people in its subtree. */
export async function departmentTree(db: Db, _viewer: Viewer): Promise<DirectoryDepartment[]> {
  const rows = await db
    .select({
      id: departments.id,
      name: departments.name,
      nameEn: departments.nameEn,
      parentId: departments.parentId,
      depth: departments.depth,
      // spelled out: drizzle renders a lone column unqualified, which inside the subquery would mean d2.path
      members: sql<number>`(select count(*) from employees e join departments d2 on d2.id = e.department_id where e.status = 'active' and d2.path like departments.path || '%')::int`,
    })
    .from(departments)
    .where(eq(departments.status, "active"))
    .orderBy(asc(departments.path), asc(departments.sortOrder));
  return rows.map((r) => ({ ...r, members: Number(r.members) }));
}
