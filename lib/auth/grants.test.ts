import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { auditLog, employees } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { buildViewer } from "./build-viewer";
import { addGrant, listGrants, removeGrant } from "./grants";

const org = buildDemoOrg();
let t: TestDatabase;
let db: Db;
const idOf = async (no: string) => (await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, no)))[0].id;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedDemo(db);
});
afterAll(async () => {
  await t?.close();
});

describe("role grants", () => {
  it("admins grant HR to a person or a department (audited); the role applies on the next request; HR cannot change grants", async () => {
    const admin = (await buildViewer(db, await idOf(org.employees.find((e) => e.role === "admin")!.employeeNo)))!;
    const hr = (await buildViewer(db, await idOf(org.employees.find((e) => e.role === "hr")!.employeeNo)))!;
    const finance = org.employees.find((e) => e.departmentCode === "D500")!;
    expect((await buildViewer(db, await idOf(finance.employeeNo)))!.roles.has("hr")).toBe(false);

    await expect(addGrant(db, hr, { role: "hr", kind: "department", key: "D500" })).rejects.toMatchObject({ status: 403 });
    await addGrant(db, admin, { role: "hr", kind: "department", key: "D500" });
    expect((await buildViewer(db, await idOf(finance.employeeNo)))!.roles.has("hr")).toBe(true);
    await addGrant(db, admin, { role: "hr", kind: "department", key: "D500" }); // idempotent
    expect((await listGrants(db, hr)).filter((g) => g.target.kind === "department" && g.target.sub === "D500")).toHaveLength(1);

    await expect(addGrant(db, admin, { role: "admin", kind: "department", key: "D500" })).rejects.toMatchObject({ status: 400 });
    await expect(addGrant(db, admin, { role: "hr", kind: "employee", key: "NOPE" })).rejects.toMatchObject({ status: 404 });

    const grant = (await listGrants(db, admin)).find((g) => g.target.sub === "D500")!;
    await removeGrant(db, admin, { grantId: grant.id });
    expect((await buildViewer(db, await idOf(finance.employeeNo)))!.roles.has("hr")).toBe(false);
    const own = (await listGrants(db, admin)).find((g) => g.role === "admin" && g.target.kind === "employee" && g.target.id === admin.employeeId)!;
    await expect(removeGrant(db, admin, { grantId: own.id })).rejects.toMatchObject({ status: 409 });

    const actions = (await db.select().from(auditLog)).map((a) => a.action);
    expect(actions.filter((a) => a === "role.grant")).toHaveLength(1); // the repeated grant changed nothing
    expect(actions).toContain("role.revoke");
  });

  it("a plain employee may not even read the grants", async () => {
    const plain = (await buildViewer(db, await idOf(org.employees.find((e) => !e.isLeader && e.role === "employee")!.employeeNo)))!;
    await expect(listGrants(db, plain)).rejects.toMatchObject({ status: 403 });
  });
});
