// Test people: the first employees of the demo organisation, and a Viewer for any of them with chosen roles
// (built by hand, so a test says exactly which roles it means; lib/auth builds real ones from the database).
import { eq, inArray } from "drizzle-orm";
import { departments, employees } from "@/db/schema";
import type { Db } from "@/db/client";
import { buildViewer } from "@/lib/auth/build-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";

export interface Person {
  id: number;
  employeeNo: string;
  name: string;
}

/** The first `n` employees by id (the demo organisation seeds them deterministically). */
export async function firstPeople(db: Db, n: number): Promise<Person[]> {
  return db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).orderBy(employees.id).limit(n);
}

/** A viewer for `p` with `roles` (default: a plain employee), no department, no managed subtree. */
export function viewerOf(p: Person, roles: Viewer["roles"] = new Set(["employee"])): Viewer {
  return { employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: null, departmentName: null, roles, managedPaths: [], provider: "wecom" };
}

/** The real viewer (roles and managed subtrees from the database, as sign-in builds it) of employee number `no`. */
export async function realViewerOf(db: Db, no: string): Promise<Viewer> {
  const [e] = await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, no));
  if (!e) throw new Error(`no employee ${no}`);
  return (await buildViewer(db, e.id))!;
}

/** The id of the department with `code`. */
export async function departmentIdOf(db: Db, code: string): Promise<number> {
  const [d] = await db.select({ id: departments.id }).from(departments).where(eq(departments.code, code));
  if (!d) throw new Error(`no department ${code}`);
  return d.id;
}

/** The HTTP status of the AppError `p` rejects with; null when it resolves, -1 for any other error. */
export async function refusedWith(p: Promise<unknown>): Promise<number | null> {
  try {
    await p;
    return null;
  } catch (e) {
    return e instanceof AppError ? e.status : -1;
  }
}

/** How `p` was refused: the AppError's status, message and reason code. Throws when it resolves or fails otherwise. */
export async function refusalOf(p: Promise<unknown>): Promise<{ status: number; message: string; reason?: unknown }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, message: e.message, reason: e.details.reason };
    throw e;
  }
  throw new Error("expected a refusal");
}

/** The ids and employee numbers of everyone whose department has one of `codes` (not their subtrees). */
export async function peopleInDepartments(db: Db, codes: string[]): Promise<{ id: number; no: string }[]> {
  return db
    .select({ id: employees.id, no: employees.employeeNo })
    .from(employees)
    .innerJoin(departments, eq(departments.id, employees.departmentId))
    .where(inArray(departments.code, codes));
}
