// Test people: the first employees of the demo organisation, and a Viewer for any of them with chosen roles
// (built by hand, so a test says exactly which roles it means; lib/auth builds real ones from the database).
import { employees } from "@/db/schema";
import type { Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";

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
