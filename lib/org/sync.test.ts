// Org sync against the simulator (in-process fetch onto the simulator handlers) with a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { seedDemo } from "@/db/seed";
import { departmentLeaders, departments, employeeDepartments, employees, identities, syncRuns } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { applyOrgCommand, addFault } from "@/lib/vendors/sim/control";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { resetSim, simState } from "@/lib/vendors/sim/state";
import { syncOrganisation } from "./run";

const http = { fetch: simulatorFetch, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };

async function count(t: TestDatabase, table: typeof employees | typeof departments | typeof identities) {
  const [r] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return Number(r.n);
}

describe("full sync from WeCom into an empty database", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    resetSim("demo");
  });
  afterAll(async () => t.close());

  it("adds every department and person, links identities by sync, draws no rate-limit code", async () => {
    const dir = simState().directory.wecom;
    const r = await syncOrganisation(t.database.db, "wecom", { http });
    expect(r.status).toBe("succeeded");
    expect(r.details.departmentsAdded).toBe(dir.depts.size);
    expect(r.details.employeesAdded).toBe(dir.users.size);
    expect(r.added).toBe(dir.depts.size + dir.users.size);
    expect(r.removed).toBe(0);
    expect(await count(t, employees)).toBe(dir.users.size);
    const idents = await t.database.db.select().from(identities).where(eq(identities.provider, "wecom"));
    expect(idents).toHaveLength(dir.users.size);
    expect(new Set(idents.map((i) => i.matchedBy))).toEqual(new Set(["sync"]));
    // employee_no comes from the 工号 attribute
    const someone = [...dir.users.values()][5];
    const [row] = await t.database.db.select().from(employees).where(eq(employees.employeeNo, someone.jobNumber));
    expect(row).toMatchObject({ name: someone.name, mobile: someone.mobile, email: someone.email, title: someone.title, status: "active" });
    // leaders and materialised paths
    const leaders = await t.database.db.select().from(departmentLeaders);
    expect(leaders.length).toBe([...dir.depts.values()].reduce((s, d) => s + d.leaders.length, 0));
    const depts = await t.database.db.select().from(departments);
    const byId = new Map(depts.map((d) => [d.id, d]));
    for (const d of depts) {
      if (d.parentId) expect(d.path).toBe(`${byId.get(d.parentId)!.path}${d.id}/`);
      else expect(d.path).toBe(`/${d.id}/`);
    }
    expect([...simState().rateLimited.values()].reduce((a, b) => a + b, 0)).toBe(0);
    const [run] = await t.database.db.select().from(syncRuns).where(eq(syncRuns.id, r.runId));
    expect(run).toMatchObject({ source: "wecom", kind: "org_full", status: "succeeded", added: r.added, changed: 0, removed: 0 });
    expect(run.finishedAt).not.toBeNull();
  });

  it("a second run with no vendor change changes nothing", async () => {
    const before = await t.database.db.select({ id: employees.id, u: employees.updatedAt }).from(employees);
    const r = await syncOrganisation(t.database.db, "wecom", { http });
    expect({ added: r.added, changed: r.changed, removed: r.removed, errors: r.errors }).toEqual({ added: 0, changed: 0, removed: 0, errors: [] });
    const after = await t.database.db.select({ id: employees.id, u: employees.updatedAt }).from(employees);
    expect(after).toEqual(before);
  });

  it("two vendor accounts linked to one employee do not flip the profile between runs", async () => {
    const db = t.database.db;
    const links = await db.select().from(identities).where(eq(identities.provider, "wecom")).orderBy(identities.id).limit(2);
    // HR links the second account to the first account's employee (the conflict queue allows it).
    await db.update(identities).set({ employeeId: links[0].employeeId, matchedBy: "hr_manual" }).where(eq(identities.id, links[1].id));
    const first = await syncOrganisation(db, "wecom", { http });
    // Reported (the job-number guard or the one-employee guard), never silently applied twice.
    expect(first.errors.some((e) => e.includes(links[1].externalId))).toBe(true);
    const second = await syncOrganisation(db, "wecom", { http });
    expect([second.added, second.changed, second.removed]).toEqual([0, 0, 0]);
    expect(second.errors).toEqual(first.errors);
    await db.update(identities).set({ employeeId: links[1].employeeId, matchedBy: "sync" }).where(eq(identities.id, links[1].id));
    const restored = await syncOrganisation(db, "wecom", { http });
    expect(restored.errors).toEqual([]);
  });

  it("reflects renames, moves (people and departments) and departures", async () => {
    const dir = simState().directory.wecom;
    const leaders = new Set([...dir.depts.values()].flatMap((d) => d.leaders));
    const [mover, leaver, renamed] = [...dir.users.values()].filter((u) => !leaders.has(u.userid)).slice(10, 13);
    const qa = [...dir.depts.values()].find((d) => d.name === "质量保障部")!;
    const product = [...dir.depts.values()].find((d) => d.name === "产品中心")!;
    applyOrgCommand({ op: "move_user", vendor: "wecom", userid: mover.userid, departments: [qa.id] });
    applyOrgCommand({ op: "remove_user", vendor: "wecom", userid: leaver.userid });
    applyOrgCommand({ op: "rename_user", vendor: "wecom", userid: renamed.userid, name: "改名测试" });
    applyOrgCommand({ op: "rename_dept", vendor: "wecom", id: product.id, name: "产品与设计中心" });
    applyOrgCommand({ op: "move_dept", vendor: "wecom", id: qa.id, parentId: product.id });

    const syncStarted = Date.now();
    const r = await syncOrganisation(t.database.db, "wecom", { http });
    const syncEnded = Date.now();
    expect(r.added).toBe(0);
    expect(r.removed).toBe(1);
    expect(r.details.employeesDeparted).toBe(1);
    expect(r.details.employeesChanged).toBe(2); // mover (main department) + renamed
    expect(r.details.departmentsChanged).toBe(2); // renamed centre + moved QA (its path too)

    const db = t.database.db;
    const [gone] = await db.select().from(employees).where(eq(employees.employeeNo, leaver.jobNumber));
    expect(gone.status).toBe("departed");
    expect(gone.departedAt!.getTime()).toBeGreaterThanOrEqual(syncStarted); // stamped by this run, not earlier
    expect(gone.departedAt!.getTime()).toBeLessThanOrEqual(syncEnded);
    const [qaRow] = await db.select().from(departments).where(eq(departments.wecomId, String(qa.id)));
    const [prodRow] = await db.select().from(departments).where(eq(departments.wecomId, String(product.id)));
    expect(prodRow.name).toBe("产品与设计中心");
    expect(qaRow.parentId).toBe(prodRow.id);
    expect(qaRow.path).toBe(`${prodRow.path}${qaRow.id}/`);
    const [moved] = await db.select().from(employees).where(eq(employees.employeeNo, mover.jobNumber));
    expect(moved.departmentId).toBe(qaRow.id);
    const memberships = await db.select().from(employeeDepartments).where(eq(employeeDepartments.employeeId, moved.id));
    expect(memberships.map((m) => m.departmentId)).toEqual([qaRow.id]);
    const [ren] = await db.select().from(employees).where(eq(employees.employeeNo, renamed.jobNumber));
    expect(ren.name).toBe("改名测试");

    const again = await syncOrganisation(db, "wecom", { http });
    expect([again.added, again.changed, again.removed]).toEqual([0, 0, 0]);
  });

  it("survives injected 5xx and an early token expiry mid-sync, and records a failed run when the vendor stays down", async () => {
    addFault({ vendor: "wecom", api: "/cgi-bin/user/list", kind: "5xx", count: 2 });
    addFault({ vendor: "wecom", api: "/cgi-bin/user/list", kind: "expired_token", count: 1 });
    const ok = await syncOrganisation(t.database.db, "wecom", { http });
    expect([ok.status, ok.added, ok.changed, ok.removed]).toEqual(["succeeded", 0, 0, 0]);

    addFault({ vendor: "wecom", api: "/cgi-bin/department/list", kind: "5xx", count: null });
    await expect(syncOrganisation(t.database.db, "wecom", { http: { ...http, retries: 1 } })).rejects.toThrow(/department\/list/);
    simState().faults = [];
    const [last] = await t.database.db.select().from(syncRuns).orderBy(sql`id desc`).limit(1);
    expect(last.status).toBe("failed");
    expect(last.errors[0]).toContain("HTTP 502");
  });
});

describe("sync over the seeded demo organisation", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.database.db);
    resetSim("demo");
  });
  afterAll(async () => t.close());

  it("WeCom and DingTalk agree with the seed: zero changes, zero rate-limit errors", async () => {
    const w = await syncOrganisation(t.database.db, "wecom", { http });
    expect([w.added, w.changed, w.removed, w.errors.length]).toEqual([0, 0, 0, 0]);
    const d = await syncOrganisation(t.database.db, "dingtalk", { http });
    expect([d.added, d.changed, d.removed, d.errors.length]).toEqual([0, 0, 0, 0]);
    expect(d.calls["user/list"]).toBeGreaterThanOrEqual(simState().directory.dingtalk.depts.size);
    expect([...simState().rateLimited.values()].reduce((a, b) => a + b, 0)).toBe(0);
  });

  it("DingTalk: a leaver and a job-number change are reflected", async () => {
    const dir = simState().directory.dingtalk;
    const leaders = new Set([...dir.depts.values()].flatMap((d) => d.leaders));
    const [leaver, changed] = [...dir.users.values()].filter((u) => !leaders.has(u.userid)).slice(20, 22);
    applyOrgCommand({ op: "remove_user", vendor: "dingtalk", userid: leaver.userid });
    applyOrgCommand({ op: "update_user", vendor: "dingtalk", userid: changed.userid, fields: { title: "高级架构师", mobile: "13900000000" } });
    const r = await syncOrganisation(t.database.db, "dingtalk", { http });
    expect([r.added, r.changed, r.removed]).toEqual([0, 1, 1]);
    const [row] = await t.database.db.select().from(employees).where(eq(employees.employeeNo, changed.jobNumber));
    expect(row).toMatchObject({ title: "高级架构师", mobile: "13900000000" });
    const [idn] = await t.database.db
      .select()
      .from(identities)
      .where(and(eq(identities.provider, "dingtalk"), eq(identities.externalId, leaver.userid)));
    const [gone] = await t.database.db.select().from(employees).where(eq(employees.id, idn.employeeId));
    expect(gone.status).toBe("departed");
  });
});

describe("a parent cycle in the vendor's directory", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.close());

  it("the departments no root reaches become roots of their own: their leader manages them, not everyone", async () => {
    const { applySnapshot } = await import("./sync");
    const { buildViewer } = await import("@/lib/auth/build-viewer");
    const user = (id: string, dept: string) => ({ externalId: id, unionId: null, name: id, mobile: null, email: null, title: null, jobNumber: `CY-${id}`, departments: [dept], active: true });
    await applySnapshot(t.database.db, {
      source: "wecom", corpId: "wwcycle", calls: {},
      departments: [
        { externalId: "1", name: "总部", parentExternalId: null, order: 0, leaders: ["boss"] },
        { externalId: "2", name: "研发", parentExternalId: "1", order: 0, leaders: [] },
        // 3 and 4 are each other's parent: no root reaches them
        { externalId: "3", name: "环甲", parentExternalId: "4", order: 0, leaders: ["lead3"] },
        { externalId: "4", name: "环乙", parentExternalId: "3", order: 0, leaders: [] },
      ],
      users: [user("lead3", "3"), user("dev", "2"), user("boss", "1")],
    });
    const depts = await t.database.db.select().from(departments);
    for (const d of depts) expect(d.path, d.name).toMatch(new RegExp(`^/(\\d+/)*${d.id}/$`));
    const [lead] = await t.database.db.select().from(employees).where(eq(employees.employeeNo, "CY-lead3"));
    const v = (await buildViewer(t.database.db, lead.id))!;
    const ring = depts.find((d) => d.name === "环甲")!;
    expect(v.managedPaths).toEqual([ring.path]);
    const { canSeeEmployee } = await import("@/lib/auth/scope");
    const [dev] = await t.database.db.select().from(employees).where(eq(employees.employeeNo, "CY-dev"));
    expect(await canSeeEmployee(t.database.db, v, dev.id)).toBe(false);

    // An existing department moved into a cycle (研发 ↔ a new 环丙) leaves its old place: the head of 总部, who
    // managed it through its old path, no longer does.
    const [boss] = await t.database.db.select().from(employees).where(eq(employees.employeeNo, "CY-boss"));
    expect(await canSeeEmployee(t.database.db, (await buildViewer(t.database.db, boss.id))!, dev.id)).toBe(true);
    await applySnapshot(t.database.db, {
      source: "wecom", corpId: "wwcycle", calls: {},
      departments: [
        { externalId: "1", name: "总部", parentExternalId: null, order: 0, leaders: ["boss"] },
        { externalId: "2", name: "研发", parentExternalId: "5", order: 0, leaders: [] },
        { externalId: "5", name: "环丙", parentExternalId: "2", order: 0, leaders: [] },
        { externalId: "3", name: "环甲", parentExternalId: "4", order: 0, leaders: ["lead3"] },
        { externalId: "4", name: "环乙", parentExternalId: "3", order: 0, leaders: [] },
      ],
      users: [user("lead3", "3"), user("dev", "2"), user("boss", "1")],
    });
    for (const d of await t.database.db.select().from(departments)) expect(d.path, d.name).toMatch(new RegExp(`^/(\\d+/)*${d.id}/$`));
    const rd = (await t.database.db.select().from(departments)).find((d) => d.name === "研发")!;
    expect(rd.path).toBe(`/${rd.id}/`);
    expect(await canSeeEmployee(t.database.db, (await buildViewer(t.database.db, boss.id))!, dev.id)).toBe(false);
  });
});
