// Scope helpers other domains use to restrict queries to what a viewer may read (STYLE habit 3).
// employee: self · manager: every department under the ones they lead (departments.path prefix, indirect
// reports included) · hr/admin: everyone.
import "server-only";
import { eq, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employeeDepartments, employees } from "@/db/schema";
import { canSeeEveryone, type Viewer } from "./viewer";

const likePrefix = (p: string) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** SQL condition on `departments`: the departments this viewer may read people of (all for HR/admin). */
export function departmentScope(viewer: Viewer): SQL {
  if (canSeeEveryone(viewer)) return sql`true`;
  if (viewer.managedPaths.length === 0) return sql`false`;
  return or(...viewer.managedPaths.map((p) => sql`${departments.path} like ${likePrefix(p)}`))!;
}

/** Ids of departments in the viewer's subtree scope, as a subquery (for `inArray`-style conditions). */
export function scopedDepartmentIds(viewer: Viewer) {
  return sql`(select ${departments.id} from ${departments} where ${departmentScope(viewer)})`;
}

/**
 * SQL condition on `employees`: the people this viewer may read. Self always; a manager also everyone whose
 * primary or secondary department is in a subtree they lead; HR/admin everyone.
 */
export function employeeScope(viewer: Viewer, column = employees.id): SQL {
  if (canSeeEveryone(viewer)) return sql`true`;
  const self = eq(column, viewer.employeeId);
  if (viewer.managedPaths.length === 0) return self;
  const depts = scopedDepartmentIds(viewer);
  return or(
    self,
    sql`${column} in (select ${employees.id} from ${employees} where ${employees.departmentId} in ${depts})`,
    sql`${column} in (select ${employeeDepartments.employeeId} from ${employeeDepartments} where ${employeeDepartments.departmentId} in ${depts})`,
  )!;
}

/**
 * SQL condition: employee `employeeId` belongs (main department or employee_departments) to department
 * `ancestorId` or to any department under it, at any depth. Paths are read live, so a department an org sync
 * moves under `ancestorId` (or out of it) changes the answer on the next query; nothing needs re-granting.
 * Used for grants to a department (HR "configured as people or a department" covers the department's subtree).
 */
export function employeeInDepartmentSubtree(employeeId: AnyColumn | SQL, ancestorId: AnyColumn | SQL): SQL {
  return sql`exists (select 1 from ${departments} sub_anc join ${departments} sub_d on starts_with(sub_d.path, sub_anc.path)
    where sub_anc.id = ${ancestorId}
      and sub_d.id in (select sub_e.department_id from ${employees} sub_e where sub_e.id = ${employeeId}
        union select sub_ed.department_id from ${employeeDepartments} sub_ed where sub_ed.employee_id = ${employeeId}))`;
}

/** One employee: may this viewer read them? */
export async function canSeeEmployee(db: Db, viewer: Viewer, employeeId: number): Promise<boolean> {
  if (employeeId === viewer.employeeId || canSeeEveryone(viewer)) return true;
  if (viewer.managedPaths.length === 0) return false;
  const rows = await db
    .select({ id: employees.id })
    .from(employees)
    .where(sql`${employees.id} = ${employeeId} and ${employeeScope(viewer)}`)
    .limit(1);
  return rows.length > 0;
}

/** The scope as plain data, for jobs and logs: what kind of reader and which subtrees. */
export function describeScope(viewer: Viewer): { kind: "everyone" | "subtrees" | "self"; paths: readonly string[] } {
  if (canSeeEveryone(viewer)) return { kind: "everyone", paths: [] };
  if (viewer.managedPaths.length) return { kind: "subtrees", paths: viewer.managedPaths };
  return { kind: "self", paths: [] };
}
