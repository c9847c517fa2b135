// Viewer from an employee id, freshly from the database on every request (indexed lookups): a departed
// employee has no viewer, so their sessions stop working at once.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departmentLeaders, departments, employees, roleGrants } from "@/db/schema";
import { sessionRevokedSql } from "./revocation";
import { employeeInDepartmentSubtree } from "./scope";
import type { Role, Viewer } from "./viewer";

/** `sessionId`: the session the request came with; a signed-out one (lib/auth/revocation) has no viewer. */
export async function buildViewer(db: Db, employeeId: number, provider: Viewer["provider"] = null, sessionId?: string): Promise<Viewer | null> {
  // One round trip (it runs on every request): the person, the active departments they lead, and the roles
  // granted to them or to any department they belong to (main department or employee_departments) or that is
  // above one of those in the tree: a department grant covers its whole subtree, by the live `path`.
  const [emp] = await db
    .select({
      id: employees.id,
      employeeNo: employees.employeeNo,
      name: employees.name,
      status: employees.status,
      departmentId: employees.departmentId,
      departmentName: departments.name,
      led: sql<string[] | null>`(select json_agg(ld.path) from ${departmentLeaders} l join ${departments} ld on ld.id = l.department_id
        where l.employee_id = ${employees.id} and ld.status = 'active')`,
      grants: sql<Role[] | null>`(select json_agg(distinct g.role) from ${roleGrants} g
        where g.employee_id = ${employees.id}
          or (g.department_id is not null and ${employeeInDepartmentSubtree(employees.id, sql`g.department_id`)}))`,
      revoked: sessionId === undefined ? sql<boolean>`false` : sql<boolean>`${sessionRevokedSql(sessionId)}`,
    })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(eq(employees.id, employeeId));
  if (!emp || emp.status !== "active" || emp.revoked === true) return null;
  const led = (typeof emp.led === "string" ? (JSON.parse(emp.led) as string[]) : (emp.led ?? [])).map((path) => ({ path }));
  const grants = (typeof emp.grants === "string" ? (JSON.parse(emp.grants) as Role[]) : (emp.grants ?? [])).map((role) => ({ role }));

  const roles = new Set<Role>(["employee"]);
  // A leader of several nested departments: keep only the top-most paths (the rest are inside them).
  // Only well-formed materialised paths ("/12/34/"): a department whose place in the tree is unknown (path "/"
  // before the first path pass, or cut off by a parent cycle in the vendor's data) would otherwise make its leader
  // the manager of every department ("/" is a prefix of every path).
  const paths = [...new Set(led.map((l) => l.path).filter((p) => /^\/(\d+\/)+$/.test(p)))].sort((a, b) => a.length - b.length);
  const managedPaths = paths.filter((p, i) => !paths.slice(0, i).some((q) => p.startsWith(q)));
  if (managedPaths.length) roles.add("manager");
  for (const g of grants) roles.add(g.role);

  return {
    employeeId: emp.id,
    employeeNo: emp.employeeNo,
    name: emp.name,
    departmentId: emp.departmentId,
    departmentName: emp.departmentName,
    roles,
    managedPaths,
    provider,
  };
}

