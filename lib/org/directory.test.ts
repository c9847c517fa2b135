// The picker's directory: search by name, 工号 and department, subtree and direct scopes, at most 50, LIKE
// wildcards typed by a person taken literally, and never a phone number or e-mail address.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { firstPeople, viewerOf, type Person } from "@/tests/people";
import { departmentTree, likeLiteral, searchPeople } from "./directory";

let t: TestDatabase;
let db: Db;
let me: Person;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  [me] = await firstPeople(db, 1);
});
afterAll(async () => t?.close());

const dept = async (code: string) => (await db.select().from(departments).where(eq(departments.code, code)))[0];

describe("searchPeople", () => {
  it("finds a person by exact 工号 first, by part of a name, and by department name", async () => {
    const [someone] = await db.select().from(employees).where(eq(employees.status, "active")).orderBy(employees.id).offset(17).limit(1);
    const byNo = await searchPeople(db, viewerOf(me), { q: someone.employeeNo.toLowerCase() });
    expect(byNo[0]).toMatchObject({ id: someone.id, employeeNo: someone.employeeNo, name: someone.name });
    const byName = await searchPeople(db, viewerOf(me), { q: someone.name.slice(0, 2) });
    expect(byName.map((p) => p.id)).toContain(someone.id);
    const infra = await dept("D111");
    const byDept = await searchPeople(db, viewerOf(me), { q: "基础架构" });
    expect(byDept.length).toBeGreaterThan(0);
    expect(byDept.every((p) => p.department?.id === infra.id)).toBe(true);
  });

  it("returns only id, name, 工号 and department — no phone, no e-mail — and at most 50", async () => {
    const all = await searchPeople(db, viewerOf(me), { q: "" });
    expect(all.length).toBe(50);
    for (const p of all) expect(Object.keys(p).sort()).toEqual(["department", "employeeNo", "id", "name"]);
    const many = await searchPeople(db, viewerOf(me), { q: "QD", limit: 500 });
    expect(many.length).toBeLessThanOrEqual(50);
  });

  it("scopes to a department's subtree, or with direct to its own people", async () => {
    const platform = await dept("D110");
    const sub = await searchPeople(db, viewerOf(me), { departmentId: platform.id });
    const direct = await searchPeople(db, viewerOf(me), { departmentId: platform.id, direct: true });
    expect(direct.every((p) => p.department?.id === platform.id)).toBe(true);
    expect(sub.length).toBeGreaterThan(direct.length);
    const infra = await dept("D111");
    expect(sub.some((p) => p.department?.id === infra.id)).toBe(true);
    await expect(searchPeople(db, viewerOf(me), { departmentId: 99_999_999 })).rejects.toMatchObject({ status: 404 });
  });

  it("leaves out people who have left", async () => {
    const [p] = await db.select().from(employees).where(eq(employees.status, "active")).orderBy(employees.id).offset(30).limit(1);
    await db.update(employees).set({ status: "departed" }).where(eq(employees.id, p.id));
    expect(await searchPeople(db, viewerOf(me), { q: p.employeeNo })).toEqual([]);
    await db.update(employees).set({ status: "active" }).where(eq(employees.id, p.id));
  });

  it.each([
    ["percent", "%", "\\%"],
    ["underscore", "a_b", "a\\_b"],
    ["backslash", "a\\b", "a\\\\b"],
    ["plain", "张三", "张三"],
  ])("takes a typed %s literally", async (_name, raw, escaped) => {
    expect(likeLiteral(raw)).toBe(escaped);
  });

  it("a bare % matches nobody (not everyone)", async () => {
    expect(await searchPeople(db, viewerOf(me), { q: "%" })).toEqual([]);
  });
});

describe("departmentTree", () => {
  it("lists parents before children with subtree head counts that add up", async () => {
    const tree = await departmentTree(db, viewerOf(me));
    const pos = new Map(tree.map((d, i) => [d.id, i]));
    for (const d of tree) if (d.parentId != null && pos.has(d.parentId)) expect(pos.get(d.parentId)!).toBeLessThan(pos.get(d.id)!);
    const root = tree.find((d) => d.parentId == null)!;
    const active = await db.select({ id: employees.id }).from(employees).where(eq(employees.status, "active"));
    expect(root.members).toBe(active.length);
    const platform = await dept("D110");
    const node = tree.find((d) => d.id === platform.id)!;
    const kids = tree.filter((d) => d.parentId === platform.id);
    const own = (await searchPeople(db, viewerOf(me), { departmentId: platform.id, direct: true, limit: 50 })).length;
    expect(node.members).toBe(own + kids.reduce((s, k) => s + k.members, 0));
  });
});
