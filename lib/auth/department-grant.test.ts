// A role granted to a department covers everyone in that department's subtree (by the live `path`), not only its
// direct members; a department moved under (or out of) it by an org sync changes who holds the role at once.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { departments, employeeDepartments, employees } from "@/db/schema";
import { getPerson, listPeople, peopleQuery } from "@/lib/identity/people";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { buildViewer } from "./build-viewer";
import { addGrant } from "./grants";
import { canSeeEmployee, describeScope } from "./scope";
import type { Viewer } from "./viewer";

const org = buildDemoOrg();
let t: TestDatabase;
let db: Db;
let activeTotal = 0;
const idOf = async (no: string) => (await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, no)))[0].id;
const deptId = async (code: string) => (await db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)))[0].id;
const viewerOf = async (no: string) => (await buildViewer(db, await idOf(no)))!;
const plainIn = (code: string) => org.employees.find((e) => e.departmentCode === code && !e.isLeader && e.role === "employee")!;
const seen = async (v: Viewer) => (await listPeople(db, v, peopleQuery.parse({}))).total;

/** What an org sync does when a department's parent changes: new parent_id, then the paths recomputed. */
async function moveDepartment(code: string, newParentCode: string) {
  await db.update(departments).set({ parentId: await deptId(newParentCode) }).where(eq(departments.code, code));
  await db.execute(sql`
    WITH RECURSIVE t AS (
      SELECT id, '/' || id || '/' AS path, 0 AS depth FROM departments WHERE parent_id IS NULL
      UNION ALL
      SELECT d.id, t.path || d.id || '/', t.depth + 1 FROM departments d JOIN t ON d.parent_id = t.id
    )
    UPDATE departments SET path = t.path, depth = t.depth FROM t
    WHERE departments.id = t.id AND (departments.path <> t.path OR departments.depth <> t.depth)`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedDemo(db);
  [{ n: activeTotal }] = await db.select({ n: sql<number>`count(*)::int` }).from(employees).where(eq(employees.status, "active"));
  const admin = await viewerOf(org.employees.find((e) => e.role === "admin")!.employeeNo);
  // D300 销售中心 → D310 华东大区 → D311 上海销售一组 / D312 杭州销售组; D200 产品中心 is a sibling.
  await addGrant(db, admin, { role: "hr", kind: "department", key: "D300" });
});
afterAll(async () => {
  await t?.close();
});

describe("HR granted to a department covers its subtree", () => {
  it("members of the department's sub- and sub-sub-departments are HR and read everyone; a sibling department's are not", async () => {
    for (const code of ["D310", "D311", "D312"]) {
      const v = await viewerOf(plainIn(code).employeeNo);
      expect(v.roles.has("hr"), code).toBe(true);
      expect(describeScope(v).kind).toBe("everyone");
      expect(await seen(v)).toBe(activeTotal);
      const stranger = await idOf(plainIn("D210").employeeNo);
      expect(await canSeeEmployee(db, v, stranger)).toBe(true);
      expect(await getPerson(db, v, stranger)).not.toBeNull();
    }
    const sibling = await viewerOf(plainIn("D210").employeeNo);
    expect(sibling.roles.has("hr")).toBe(false);
    expect(await seen(sibling)).toBe(1); // themselves only
    expect(await canSeeEmployee(db, sibling, await idOf(plainIn("D311").employeeNo))).toBe(false);
  });

  it("a secondary department inside the subtree is enough", async () => {
    const p = plainIn("D220");
    expect((await viewerOf(p.employeeNo)).roles.has("hr")).toBe(false);
    await db.insert(employeeDepartments).values({ employeeId: await idOf(p.employeeNo), departmentId: await deptId("D312") });
    expect((await viewerOf(p.employeeNo)).roles.has("hr")).toBe(true);
    await db.delete(employeeDepartments).where(eq(employeeDepartments.employeeId, await idOf(p.employeeNo)));
    expect((await viewerOf(p.employeeNo)).roles.has("hr")).toBe(false);
  });

  it("a department moved under the granted one brings its members in, and moving it out takes them out, without re-granting", async () => {
    const mobile = plainIn("D120"); // 移动研发部, under D100 技术中心
    expect((await viewerOf(mobile.employeeNo)).roles.has("hr")).toBe(false);
    await moveDepartment("D120", "D311"); // now three levels below D300
    const moved = await viewerOf(mobile.employeeNo);
    expect(moved.roles.has("hr")).toBe(true);
    expect(await seen(moved)).toBe(activeTotal);
    await moveDepartment("D120", "D100");
    const back = await viewerOf(mobile.employeeNo);
    expect(back.roles.has("hr")).toBe(false);
    expect(await seen(back)).toBe(1);
  });

  it("HR granted to a person and the seeded HR department still read everyone", async () => {
    const admin = await viewerOf(org.employees.find((e) => e.role === "admin")!.employeeNo);
    const person = plainIn("D500");
    await addGrant(db, admin, { role: "hr", kind: "employee", key: person.employeeNo });
    const byPerson = await viewerOf(person.employeeNo);
    expect(byPerson.roles.has("hr")).toBe(true);
    expect(await seen(byPerson)).toBe(activeTotal);
    expect((await viewerOf(plainIn("D500").employeeNo)).roles.has("hr")).toBe(true);
    const otherFinance = org.employees.find((e) => e.departmentCode === "D500" && e.employeeNo !== person.employeeNo)!;
    expect((await viewerOf(otherFinance.employeeNo)).roles.has("hr")).toBe(false); // a person grant is not a department grant
    const seededHr = await viewerOf(org.employees.find((e) => e.role === "hr")!.employeeNo);
    expect(seededHr.roles.has("hr")).toBe(true);
    expect(await seen(seededHr)).toBe(activeTotal);
  });

  it("a leader outside the granted subtree keeps a manager's scope only", async () => {
    const lead = org.employees.find((e) => e.departmentCode === "D210" && e.isLeader)!;
    const v = await viewerOf(lead.employeeNo);
    expect(v.roles.has("hr")).toBe(false);
    expect(describeScope(v).kind).toBe("subtrees");
    expect(await seen(v)).toBeLessThan(activeTotal);
  });
});
