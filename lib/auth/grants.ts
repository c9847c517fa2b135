// Role grants (HR / admin) to a person or to a department. Admins change them; HR and admins read them.
import "server-only";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { departments, employees, roleGrants } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { employeeInDepartmentSubtree } from "./scope";
import { canSeeEveryone, type Viewer } from "./viewer";

export interface GrantRow {
  id: number;
  role: "hr" | "admin";
  target: { kind: "employee"; id: number; label: string; sub: string } | { kind: "department"; id: number; label: string; sub: string };
  createdAt: Date;
}

export async function listGrants(db: Db, viewer: Viewer): Promise<GrantRow[]> {
  if (!canSeeEveryone(viewer)) throw forbidden();
  const people = await db
    .select({ id: roleGrants.id, role: roleGrants.role, createdAt: roleGrants.createdAt, eid: employees.id, name: employees.name, no: employees.employeeNo })
    .from(roleGrants)
    .innerJoin(employees, eq(employees.id, roleGrants.employeeId))
    .where(isNotNull(roleGrants.employeeId))
    .orderBy(asc(roleGrants.role), asc(employees.employeeNo));
  const depts = await db
    .select({ id: roleGrants.id, role: roleGrants.role, createdAt: roleGrants.createdAt, did: departments.id, name: departments.name, code: departments.code })
    .from(roleGrants)
    .innerJoin(departments, eq(departments.id, roleGrants.departmentId))
    .where(isNotNull(roleGrants.departmentId))
    .orderBy(asc(roleGrants.role), asc(departments.code));
  return [
    ...depts.map((d) => ({ id: d.id, role: d.role, createdAt: d.createdAt, target: { kind: "department" as const, id: d.did, label: d.name, sub: d.code } })),
    ...people.map((p) => ({ id: p.id, role: p.role, createdAt: p.createdAt, target: { kind: "employee" as const, id: p.eid, label: p.name, sub: p.no } })),
  ];
}

export const addGrantInput = z.object({
  role: z.enum(["hr", "admin"]),
  kind: z.enum(["employee", "department"]),
  key: z.string().trim().min(1).max(64), // employee number or department code
});
export const removeGrantInput = z.object({ grantId: z.coerce.number().int().positive() });

function assertAdmin(viewer: Viewer) {
  if (!viewer.roles.has("admin")) throw forbidden("only admins change role grants");
}

export async function addGrant(db: Db, viewer: Viewer, input: z.infer<typeof addGrantInput>): Promise<void> {
  assertAdmin(viewer);
  if (input.role === "admin" && input.kind === "department") throw new AppError("bad_request", 400, "admin is granted to people only");
  if (input.kind === "employee") {
    const [e] = await db.select({ id: employees.id, status: employees.status }).from(employees).where(eq(employees.employeeNo, input.key));
    if (!e) throw notFound("no employee with that number");
    if (e.status !== "active") throw new AppError("conflict", 409, "employee has departed");
    const added = await db.insert(roleGrants).values({ role: input.role, employeeId: e.id }).onConflictDoNothing().returning({ id: roleGrants.id });
    if (added.length) await writeAudit(db, viewer, "role.grant", { type: "employee", id: e.id }, { role: input.role });
  } else {
    const [d] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.code, input.key), eq(departments.status, "active")));
    if (!d) throw notFound("no department with that code");
    const added = await db.insert(roleGrants).values({ role: input.role, departmentId: d.id }).onConflictDoNothing().returning({ id: roleGrants.id });
    if (added.length) await writeAudit(db, viewer, "role.grant", { type: "department", id: d.id }, { role: input.role });
  }
}

export async function removeGrant(db: Db, viewer: Viewer, input: z.infer<typeof removeGrantInput>): Promise<void> {
  assertAdmin(viewer);
  const [g] = await db.select().from(roleGrants).where(eq(roleGrants.id, input.grantId));
  if (!g) throw notFound("grant not found");
  if (g.role === "admin" && g.employeeId === viewer.employeeId) throw new AppError("conflict", 409, "admins cannot remove their own admin grant");
  await db.delete(roleGrants).where(eq(roleGrants.id, g.id));
  await writeAudit(db, viewer, "role.revoke", { type: g.employeeId ? "employee" : "department", id: (g.employeeId ?? g.departmentId)! }, { role: g.role });
}

/** employees.id holds `role`: granted to them, or to a department they are in or under (the Viewer's rule). */
const holdsRole = (role: "hr" | "admin") =>
  sql`exists (select 1 from ${roleGrants} g where g.role = ${role}
    and (g.employee_id = ${employees.id} or (g.department_id is not null and ${employeeInDepartmentSubtree(employees.id, sql`g.department_id`)})))`;

/**
 * Active employees who hold `role`. For jobs that must reach every admin, e.g. the OA lag alert. Ordered by id,
 * at most `limit`.
 */
export async function employeesWithRole(db: Db, role: "hr" | "admin", limit = 50): Promise<number[]> {
  const rows = await db
    .select({ id: employees.id })
    .from(employees)
    .where(and(eq(employees.status, "active"), holdsRole(role)))
    .orderBy(asc(employees.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Linking a sign-in account (WeCom/DingTalk) to an employee lets that account sign in as them: only an admin may
 * link one to an admin. Used by every path that writes such a link (identity queue, unmatched-participant claim).
 */
export async function assertMayLinkSignInAccountTo(db: Db, viewer: Viewer, employeeId: number): Promise<void> {
  if (viewer.roles.has("admin")) return;
  const [admin] = await db.select({ id: employees.id }).from(employees).where(and(eq(employees.id, employeeId), holdsRole("admin")));
  if (admin) throw forbidden("关联到管理员的账号需由管理员操作");
}
