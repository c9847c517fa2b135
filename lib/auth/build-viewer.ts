// Viewer from an employee id, freshly from the database on every request (indexed lookups): a departed
// employee has no viewer, so their sessions stop working at once.
import "server-only";
import { and, eq, or, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departmentLeaders, departments, employeeDepartments, employees, roleGrants } from "@/db/schema";
import type { Role, Viewer } from "./viewer";

export async function buildViewer(db: Db, employeeId: number, provider: Viewer["provider"] = null): Promise<Viewer | null> {
  const [emp] = await db
    .select({
      id: employees.id,
      employeeNo: employees.employeeNo,
      name: employees.name,
      status: employees.status,
      departmentId: employees.departmentId,
      departmentName: departments.name,
    })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(eq(employees.id, employeeId));
  if (!emp || emp.status !== "active") return null;

  const led = await db
    .select({ path: departments.path })
    .from(departmentLeaders)
    .innerJoin(departments, eq(departments.id, departmentLeaders.departmentId))
    .where(and(eq(departmentLeaders.employeeId, employeeId), eq(departments.status, "active")));

  const memberOf = await db
    .select({ departmentId: employeeDepartments.departmentId })
    .from(employeeDepartments)
    .where(eq(employeeDepartments.employeeId, employeeId));
  const deptIds = [...new Set([...(emp.departmentId ? [emp.departmentId] : []), ...memberOf.map((m) => m.departmentId)])];

  const grants = await db
    .select({ role: roleGrants.role })
    .from(roleGrants)
    .where(
      deptIds.length
        ? or(eq(roleGrants.employeeId, employeeId), inArray(roleGrants.departmentId, deptIds))
        : eq(roleGrants.employeeId, employeeId),
    );

  const roles = new Set<Role>(["employee"]);
  // A leader of several nested departments: keep only the top-most paths (the rest are inside them).
  const paths = [...new Set(led.map((l) => l.path))].sort((a, b) => a.length - b.length);
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

/** For tests and scripts: the SQL that says whether an employee is still active (used by the 60 s guarantee). */
export const activeEmployee = (id: number) => sql`exists (select 1 from ${employees} where ${employees.id} = ${id} and ${employees.status} = 'active')`;
