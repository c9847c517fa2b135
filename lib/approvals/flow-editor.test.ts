// HR's flow editor on a real database: the posted form → the flow definition (table-driven, each refusal naming its
// field), saving (a name taken → 409, audited, a change applies to the next application's path).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvalFlows, auditLog, departmentLeaders, departments, employees } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { viewerOf, type Person } from "@/tests/people";
import { definitionOf, saveFlow, type FlowForm } from "./flow-editor";
import { conditionHolds } from "./flows/path";
import { resolvePath } from "./flows/resolve";

let t: TestDatabase;
let db: Db;
const p: Record<string, Person> = {};
let rdId = 0;
const form = (f: Record<string, string>): FlowForm => ({ name: "测试流程", kind: "leave", priority: 10, minDays: "", ...f }) as unknown as FlowForm;
const refusal = async (pr: Promise<unknown>) => {
  try {
    await pr;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  const [co] = await db.insert(departments).values({ code: "co", name: "公司", path: "/" }).returning();
  await db.update(departments).set({ path: `/${co.id}/` }).where(eq(departments.id, co.id));
  const [rd] = await db.insert(departments).values({ code: "rd", name: "研发部", parentId: co.id, path: "/", depth: 1 }).returning();
  await db.update(departments).set({ path: `/${co.id}/${rd.id}/` }).where(eq(departments.id, rd.id));
  rdId = rd.id;
  for (const [no, name] of [["E1", "申请人"], ["L1", "负责人"], ["P1", "财务甲"], ["P2", "财务乙"], ["GONE", "已离职"], ["R1", "研发工程师"]] as const) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name, departmentId: no === "R1" ? rd.id : co.id, status: no === "GONE" ? "departed" : "active" }).returning();
    p[no] = { id: e.id, employeeNo: no, name };
  }
  await db.insert(departmentLeaders).values({ departmentId: co.id, employeeId: p.L1.id });
});
afterAll(async () => {
  await t?.close();
});

describe("definitionOf: the posted form → steps", () => {
  it("leader, then 财务 会签 by 工号 from 3 days, with a 24 h timeout that reminds twice then escalates to HR", async () => {
    const def = await definitionOf(
      db,
      form({ leaveType_婚假: "on", step0_type: "leader", step0_mode: "single", step1_type: "people", step1_people: "P1，P2", step1_mode: "all", step1_minDays: "3", step1_hours: "24", step1_remindMax: "2", step1_escalate_hr: "on", step1_auto: "" }),
    );
    expect(def).toEqual({
      name: "测试流程",
      kind: "leave",
      priority: 10,
      active: false,
      conditions: { leaveTypes: ["婚假"] },
      steps: [
        { mode: "single", approvers: [{ type: "leader" }] },
        { mode: "all", approvers: [{ type: "people", employeeIds: [p.P1.id, p.P2.id] }], when: { minDays: 3 }, timeout: { hours: 24, remindMax: 2, escalateTo: ["hr"] } },
      ],
    });
  });

  it.each<{ name: string; f: Record<string, string>; message: string }>([
    { name: "no step", f: {}, message: "steps: a flow needs at least one step" },
    { name: "an unknown 工号", f: { step0_type: "people", step0_people: "P1 NOPE" }, message: "step0_people: no active employee with number NOPE" },
    { name: "a departed 工号", f: { step0_type: "people", step0_people: "GONE" }, message: "step0_people: no active employee with number GONE" },
    { name: "people without anyone", f: { step0_type: "people", step0_people: " " }, message: "step0_people: name at least one person by employee number" },
    { name: "leader N up without N", f: { step0_type: "leader_up", step0_levels: "" }, message: "step0_levels: how many levels up is required" },
    { name: "a bad days condition", f: { minDays: "abc", step0_type: "leader" }, message: "minDays: must be a number from 1 to 365" },
    { name: "a timeout of 0 hours", f: { step0_type: "hr", step0_hours: "0" }, message: "step0_hours: must be a number from 1 to 720" },
    { name: "too many reminders", f: { step0_type: "hr", step0_hours: "8", step0_remindMax: "99" }, message: "step0_remindMax: must be a whole number from 0 to 10" },
    { name: "an unknown department code", f: { departments: "rd nope", step0_type: "leader" }, message: "departments: no active department with code nope" },
    { name: "leave types on a 补卡 flow", f: { kind: "correction", leaveType_年假: "on", step0_type: "leader" }, message: "leaveTypes: leave types apply to leave flows only" },
  ])("refused: $name", async ({ f, message }) => {
    expect(await refusal(definitionOf(db, form(f)))).toEqual({ status: 422, message });
  });
});

describe("saveFlow", () => {
  const hr = () => viewerOf(p.P1, new Set(["employee", "hr"]));

  it("HR creates a flow that the next 婚假 application follows; the same name again is 409; an edit is audited", async () => {
    expect(await refusal(saveFlow(db, viewerOf(p.E1), null, form({ step0_type: "leader" })))).toEqual({ status: 403, message: "only HR or an admin sets approval rules" });
    const f = form({ name: "婚假审批", priority: "1", active: "on", leaveType_婚假: "on", step0_type: "people", step0_people: "P2", step0_mode: "single" } as Record<string, string>);
    const { id, created } = await saveFlow(db, hr(), null, { ...f, priority: 1 } as FlowForm);
    expect(created).toBe(true);
    expect(await refusal(saveFlow(db, hr(), null, { ...f, priority: 1 } as FlowForm))).toEqual({ status: 409, message: "a leave flow named 婚假审批 exists already" });
    const path = await resolvePath(db, p.E1.id, "leave", { days: 1, leaveType: "婚假" });
    expect(path).toMatchObject({ flow: { id, name: "婚假审批" }, steps: [{ mode: "single", approverIds: [p.P2.id] }] });
    // Switched off: the 婚假 application finds no flow (none other exists here) — 422, nothing written.
    await saveFlow(db, hr(), id, { ...f, priority: 1, active: undefined } as FlowForm);
    expect((await db.select().from(approvalFlows).where(eq(approvalFlows.id, id)))[0].active).toBe(false);
    expect(await refusal(resolvePath(db, p.E1.id, "leave", { days: 1, leaveType: "婚假" }))).toEqual({ status: 422, message: "no approval flow applies to this leave application" });
    expect((await db.select({ action: auditLog.action }).from(auditLog)).map((r) => r.action)).toEqual(["approvals.flow.create", "approvals.flow.update"]);
  });
});

describe("department condition", () => {
  it.each([
    { name: "no condition", cond: {}, path: "/1/2/", want: true },
    { name: "in the department itself", cond: { departmentIds: [2] }, path: "/1/2/", want: true },
    { name: "below it", cond: { departmentIds: [2] }, path: "/1/2/7/", want: true },
    { name: "a sibling", cond: { departmentIds: [2] }, path: "/1/3/", want: false },
    { name: "12 is not 2 (whole ids only)", cond: { departmentIds: [2] }, path: "/1/12/", want: false },
    { name: "no department known", cond: { departmentIds: [2] }, path: null, want: false },
  ])("conditionHolds: $name", ({ cond, path, want }) => {
    expect(conditionHolds(cond, { days: 1, leaveType: null, departmentPath: path })).toBe(want);
  });

  it("a flow for 研发部 applies to its people and not to others", async () => {
    const hr = viewerOf(p.P1, new Set(["employee", "hr"]));
    const f = { ...form({ name: "研发补卡", kind: "correction", active: "on", departments: "rd", step0_type: "people", step0_people: "P1" }), priority: 1 } as FlowForm;
    expect((await definitionOf(db, f)).conditions).toEqual({ departmentIds: [rdId] });
    const { id } = await saveFlow(db, hr, null, f);
    expect((await resolvePath(db, p.R1.id, "correction", { days: null, leaveType: null })).flow.id).toBe(id);
    expect(await refusal(resolvePath(db, p.E1.id, "correction", { days: null, leaveType: null }))).toEqual({ status: 422, message: "no approval flow applies to this correction application" });
  });
});
