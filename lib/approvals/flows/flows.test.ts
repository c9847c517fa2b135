// Our own approval flows on a real database: paths resolved at submit time from the org (leader, leader's
// leader, HR by role, named people; asked once), the default flows seeded idempotently, sequential steps, 会签
// with one refusal, 或签 with two simultaneous agrees, withdraw racing a decision (two transactions each), only
// the active step's approvers deciding, 转交 and 外出代理 (each with the exact resulting state), and the audit trail
// of every act.
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvalDecisions, approvalEvents, approvalFlows, approvalItems, approvalItemSteps, approvalStepDecisions, departmentLeaders, departments, employees, roleGrants } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { viewerOf, type Person } from "@/tests/people";
import { decideApproval } from "../decide";
import { approvalItemForViewer, approvalTodoList, listApprovalsPage, myApprovalTodos } from "../queries";
import { businessDate, addDays } from "@/lib/time";
import { transferStep, withdrawApplication } from "./decide";
import { endDelegation, myDelegations, setDelegation } from "./delegates";
import { resolvePath } from "./resolve";
import type { ApplicationRequest } from "./schemas";
import { ensureDefaultFlows } from "./seed";
import { submitApplication } from "./submit";

let t: TestDatabase;
let db: Db;
const p: Record<string, Person> = {};
const v = (no: string): Viewer => viewerOf(p[no]);
const leave = (days: number, extra: Partial<Extract<ApplicationRequest, { kind: "leave" }>> = {}): ApplicationRequest => ({
  kind: "leave",
  leave_type: "年假",
  start_date: "2026-12-14",
  end_date: `2026-12-${String(13 + days).padStart(2, "0")}`,
  reason: "家中有事",
  ...extra,
});
const submit = (no: string, a: ApplicationRequest) => submitApplication(db, v(no), a, "Browser test");
const decide = (no: string, itemId: number, outcome: "agree" | "refuse" | "return" = "agree", comment = outcome === "agree" ? "" : "不同意") =>
  decideApproval(db, v(no), itemId, { outcome, comment }, "Browser test");
const itemOf = async (id: number) => (await db.select().from(approvalItems).where(eq(approvalItems.id, id)))[0];
const stepsOf = async (id: number) => (await db.select().from(approvalItemSteps).where(eq(approvalItemSteps.itemId, id)).orderBy(asc(approvalItemSteps.stepIndex))).map((s) => ({ mode: s.mode, status: s.status, approverIds: s.approverIds.map(Number) }));
const eventsOf = async (id: number) => (await db.select().from(approvalEvents).where(eq(approvalEvents.itemId, id)).orderBy(asc(approvalEvents.at), asc(approvalEvents.id))).map((e) => [e.kind, e.actorId === null ? null : Number(e.actorId)]);
const refusalOf = async (pr: Promise<unknown>) => {
  try {
    await pr;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
};
const ids = (...nos: string[]) => nos.map((n) => p[n].id);

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  const [co] = await db.insert(departments).values({ code: "co", name: "公司", path: "/" }).returning();
  await db.update(departments).set({ path: `/${co.id}/` }).where(eq(departments.id, co.id));
  const [rd] = await db.insert(departments).values({ code: "rd", name: "研发部", parentId: co.id, path: "/", depth: 1 }).returning();
  await db.update(departments).set({ path: `/${co.id}/${rd.id}/` }).where(eq(departments.id, rd.id));
  const [hrd] = await db.insert(departments).values({ code: "hr", name: "人事部", parentId: co.id, path: "/", depth: 1 }).returning();
  await db.update(departments).set({ path: `/${co.id}/${hrd.id}/` }).where(eq(departments.id, hrd.id));
  const people: [string, string, number][] = [
    ["E1", "申请人甲", rd.id],
    ["E2", "同事乙", rd.id],
    ["L1", "研发经理", rd.id],
    ["L2", "总经理", co.id],
    ["H1", "人事一", hrd.id],
    ["H2", "人事二", hrd.id],
    ["A", "会签甲", rd.id],
    ["B", "会签乙", rd.id],
    ["C", "会签丙", rd.id],
  ];
  for (const [no, name, dept] of people) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name, departmentId: dept }).returning();
    p[no] = { id: e.id, employeeNo: no, name };
  }
  await db.insert(departmentLeaders).values([
    { departmentId: rd.id, employeeId: p.L1.id },
    { departmentId: co.id, employeeId: p.L2.id },
  ]);
  await db.insert(roleGrants).values({ role: "hr", departmentId: hrd.id });
  await ensureDefaultFlows(db);
  await ensureDefaultFlows(db);
  // Test flows ahead of the default (lower priority number) for chosen leave types.
  await db.insert(approvalFlows).values([
    { code: "t.all", kind: "leave", name: "会签", priority: 1, conditions: { leaveTypes: ["婚假"] }, steps: [{ mode: "all", approvers: [{ type: "people", employeeIds: ids("A", "B", "C") }] }, { mode: "any", approvers: [{ type: "role", role: "hr" }] }] },
    { code: "t.any", kind: "leave", name: "或签", priority: 1, conditions: { leaveTypes: ["丧假"] }, steps: [{ mode: "any", approvers: [{ type: "people", employeeIds: ids("A", "B") }] }, { mode: "single", approvers: [{ type: "people", employeeIds: ids("C") }] }] },
    { code: "t.twice", kind: "leave", name: "重复", priority: 1, conditions: { leaveTypes: ["产假"] }, steps: [{ mode: "single", approvers: [{ type: "leader" }] }, { mode: "single", approvers: [{ type: "leader_up", levels: 2 }] }, { mode: "any", approvers: [{ type: "people", employeeIds: ids("L1", "H1") }] }] },
  ]);
});
afterAll(async () => {
  await t?.close();
});

describe("paths resolved at submit time", () => {
  it("the default flows are seeded once, however often startup runs", async () => {
    expect((await db.select({ code: approvalFlows.code }).from(approvalFlows).where(eq(approvalFlows.priority, 100)).orderBy(approvalFlows.code)).map((f) => f.code)).toEqual(["correction.default", "leave.default", "meeting_excuse.default", "overtime.default"]);
  });

  it("leave: the leader alone under 3 days; leader → HR (或签) from 3 days", async () => {
    expect((await resolvePath(db, p.E1.id, "leave", { days: 2, leaveType: "年假" })).steps).toEqual([{ mode: "single", approverIds: ids("L1") }]);
    expect((await resolvePath(db, p.E1.id, "leave", { days: 3, leaveType: "年假" })).steps).toEqual([
      { mode: "single", approverIds: ids("L1") },
      { mode: "any", approverIds: ids("H1", "H2") },
    ]);
  });

  it("a leader's own leader is the one above them (never themselves); 补卡 goes to the leader", async () => {
    expect((await resolvePath(db, p.L1.id, "leave", { days: 1, leaveType: "年假" })).steps).toEqual([{ mode: "single", approverIds: ids("L2") }]);
    expect((await resolvePath(db, p.E1.id, "correction", { days: null, leaveType: null })).steps).toEqual([{ mode: "single", approverIds: ids("L1") }]);
  });

  it("leader N levels up, and the same person twice is asked once, at the later step", async () => {
    const r = await resolvePath(db, p.E1.id, "leave", { days: 1, leaveType: "产假" });
    expect(r.flow.code).toBe("t.twice");
    expect(r.steps).toEqual([
      { mode: "single", approverIds: ids("L2") },
      { mode: "any", approverIds: ids("L1", "H1") },
    ]);
  });

  it("nobody to ask: 422 with the reason, nothing written", async () => {
    const before = await db.$count(approvalItems);
    await db.update(approvalFlows).set({ active: false }).where(eq(approvalFlows.kind, "correction"));
    const r = await refusalOf(submit("E1", { kind: "correction", date: "2026-12-01", time: "09:00", reason: "忘打卡" }));
    await db.update(approvalFlows).set({ active: true }).where(eq(approvalFlows.kind, "correction"));
    expect(r).toEqual({ status: 422, message: "no approval flow applies to this correction application" });
    expect(await db.$count(approvalItems)).toBe(before);
  });
});

describe("deciding, step by step", () => {
  it("sequential two steps: HR is asked only after the leader agrees; the item ends agreed with HR's decision", async () => {
    const { itemId, created } = await submit("E1", leave(3));
    expect(created).toBe(true);
    expect(await itemOf(itemId)).toMatchObject({ source: "app", status: "open", title: "请假 · 年假 · 2026-12-14 至 2026-12-16（3 天）", link: `/todos/approvals/${itemId}` });
    expect((await itemOf(itemId)).approverIds.map(Number)).toEqual(ids("L1"));
    expect((await myApprovalTodos(db, v("H1"))).map((x) => x.id)).not.toContain(itemId);
    expect(await refusalOf(decide("H1", itemId))).toEqual({ status: 409, message: "your step is not open yet: an earlier step is still waiting" });

    expect((await decide("L1", itemId)).flow).toEqual({ status: "open", step: 0, nextApproverIds: ids("H1", "H2") });
    expect((await myApprovalTodos(db, v("H1"))).map((x) => x.id)).toContain(itemId);
    expect((await decide("H2", itemId)).flow).toEqual({ status: "agreed", step: 1, nextApproverIds: [] });

    expect(await itemOf(itemId)).toMatchObject({ status: "decided", approverIds: [] });
    expect(await stepsOf(itemId)).toEqual([
      { mode: "single", status: "agreed", approverIds: ids("L1") },
      { mode: "any", status: "agreed", approverIds: ids("H1", "H2") },
    ]);
    const [d] = await db.select().from(approvalDecisions).where(eq(approvalDecisions.itemId, itemId));
    expect(d).toMatchObject({ outcome: "agree", deciderId: p.H2.id, writeBack: "skipped" });
    expect(await eventsOf(itemId)).toEqual([["submit", p.E1.id], ["decide", p.L1.id], ["decide", p.H2.id]]);
    expect(await refusalOf(decide("H1", itemId))).toEqual({ status: 409, message: "this application has ended: approved by 人事二" });
  });

  it("resubmitting the same form (same request id) returns the same application", async () => {
    const form = leave(1, { request_id: "4b0a3c1e-8f5e-4f7a-9a51-0c2d7a9e6b11" });
    const a = await submit("E1", form);
    const b = await submit("E1", form);
    expect(b).toEqual({ ...a, created: false });
    expect(await db.$count(approvalItems, and(eq(approvalItems.source, "app"), eq(approvalItems.externalId, `${p.E1.id}:4b0a3c1e-8f5e-4f7a-9a51-0c2d7a9e6b11`)))).toBe(1);
  });

  it("会签 with one refusal: the item ends refused at once; the member who had not decided is told; HR is never asked", async () => {
    const { itemId } = await submit("E1", leave(1, { leave_type: "婚假" }));
    expect((await decide("A", itemId)).flow).toEqual({ status: "open", step: 0, nextApproverIds: ids("B", "C") });
    expect((await decide("B", itemId, "refuse", "人手不够")).flow).toEqual({ status: "refused", step: 0, nextApproverIds: [] });
    expect(await refusalOf(decide("C", itemId))).toEqual({ status: 409, message: "this application has ended: refused by 会签乙" });
    expect(await stepsOf(itemId)).toEqual([
      { mode: "all", status: "refused", approverIds: ids("A", "B", "C") },
      { mode: "any", status: "waiting", approverIds: ids("H1", "H2") },
    ]);
    expect(await db.select({ outcome: approvalDecisions.outcome, deciderId: approvalDecisions.deciderId, comment: approvalDecisions.comment }).from(approvalDecisions).where(eq(approvalDecisions.itemId, itemId))).toEqual([{ outcome: "refuse", deciderId: p.B.id, comment: "人手不够" }]);
    expect(await eventsOf(itemId)).toEqual([["submit", p.E1.id], ["decide", p.A.id], ["decide", p.B.id]]);
  });

  it("或签 with two simultaneous agrees (two transactions): one decides the step, the other is told who decided first", async () => {
    const { itemId } = await submit("E1", leave(1, { leave_type: "丧假" }));
    const results = await Promise.allSettled([decide("A", itemId), decide("B", itemId)]);
    const won = results.findIndex((r) => r.status === "fulfilled");
    const lost = 1 - won;
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const winner = won === 0 ? p.A : p.B;
    const loser = results[lost] as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(AppError);
    expect((loser.reason as AppError).status).toBe(409);
    expect((loser.reason as AppError).message).toBe(`already decided by ${winner.name}; only one decision stands`);
    expect(await db.select({ by: approvalStepDecisions.deciderId }).from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, itemId))).toEqual([{ by: winner.id }]);
    expect((await itemOf(itemId)).approverIds.map(Number)).toEqual(ids("C"));
    expect(await stepsOf(itemId)).toEqual([
      { mode: "any", status: "agreed", approverIds: ids("A", "B") },
      { mode: "single", status: "active", approverIds: ids("C") },
    ]);
  });

  it("return sends the item back to the applicant and ends it", async () => {
    const { itemId } = await submit("E1", leave(1));
    expect((await decide("L1", itemId, "return", "请补充证明")).flow?.status).toBe("returned");
    expect(await itemOf(itemId)).toMatchObject({ status: "decided", approverIds: [] });
    expect((await db.select().from(approvalDecisions).where(eq(approvalDecisions.itemId, itemId)))[0]).toMatchObject({ outcome: "return", comment: "请补充证明" });
  });

  it("someone not on the path sees nothing (404); HR not on this path is not an approver (403)", async () => {
    const { itemId } = await submit("E1", leave(1));
    expect(await refusalOf(decide("E2", itemId))).toEqual({ status: 404, message: "no such approval item" });
    expect(await refusalOf(decideApproval(db, viewerOf(p.H1, new Set(["employee", "hr"])), itemId, { outcome: "agree", comment: "" }, "t"))).toEqual({ status: 403, message: "only a current approver of this item may decide it" });
  });
});

describe("reading an application", () => {
  it("the item page shows the path with who decided what; a later step's approver sees it before their turn; the pull feed says source app", async () => {
    const { itemId } = await submit("E1", leave(1, { leave_type: "婚假" }));
    await decide("A", itemId, "agree");
    const view = await approvalItemForViewer(db, v("H1"), itemId);
    expect(view?.canDecide).toBe(false);
    expect(view?.steps?.map((s) => ({ mode: s.mode, status: s.status, approvers: s.approvers.map((a) => [a.name, a.decision?.outcome ?? null]) }))).toEqual([
      { mode: "all", status: "active", approvers: [["会签甲", "agree"], ["会签乙", null], ["会签丙", null]] },
      { mode: "any", status: "waiting", approvers: [["人事一", null], ["人事二", null]] },
    ]);
    expect((await approvalItemForViewer(db, v("B"), itemId))?.canDecide).toBe(true);
    expect((await approvalItemForViewer(db, v("E1"), itemId))?.canWithdraw).toBe(false);
    expect(await approvalItemForViewer(db, v("E2"), itemId)).toBeNull();
    const fresh = await submit("E1", leave(1));
    expect((await approvalItemForViewer(db, v("E1"), fresh.itemId))?.canWithdraw).toBe(true);
    const feed = await listApprovalsPage(db, { limit: 500, safetyLagMs: 0 });
    expect(feed.data.find((x) => x.id === itemId)).toMatchObject({ source: "app", status: "open", approver_employee_nos: ["B", "C"] });
  });
});

describe("withdraw", () => {
  it("the applicant withdraws before the first decision; the leader is then told it was withdrawn", async () => {
    const { itemId } = await submit("E1", leave(1));
    expect(await refusalOf(withdrawApplication(db, v("E2"), itemId, "t"))).toEqual({ status: 404, message: "no such application" });
    expect(await refusalOf(withdrawApplication(db, v("L1"), itemId, "t"))).toEqual({ status: 403, message: "only the applicant may withdraw an application" });
    expect((await withdrawApplication(db, v("E1"), itemId, "t")).status).toBe("withdrawn");
    expect(await itemOf(itemId)).toMatchObject({ status: "cancelled", approverIds: [] });
    expect(await refusalOf(decide("L1", itemId))).toEqual({ status: 409, message: "this application has ended: withdrawn by the applicant" });
    expect(await eventsOf(itemId)).toEqual([["submit", p.E1.id], ["withdraw", p.E1.id]]);
  });

  it("after a decision it can no longer be withdrawn", async () => {
    const { itemId } = await submit("E1", leave(3));
    await decide("L1", itemId);
    expect(await refusalOf(withdrawApplication(db, v("E1"), itemId, "t"))).toEqual({ status: 409, message: "研发经理 has already decided; it can no longer be withdrawn" });
  });

  it("withdraw racing a decision (two transactions): exactly one stands, and the state says which", async () => {
    for (let round = 0; round < 4; round++) {
      // Two steps: a leader's agree leaves the item open (HR next), so the losing withdrawal meets "has decided".
      const { itemId } = await submit("E1", leave(3));
      const [w, d] = await Promise.allSettled([withdrawApplication(db, v("E1"), itemId, "t"), decide("L1", itemId)]);
      expect([w.status, d.status].sort()).toEqual(["fulfilled", "rejected"]);
      const item = await itemOf(itemId);
      const decisions = await db.$count(approvalStepDecisions, eq(approvalStepDecisions.itemId, itemId));
      if (w.status === "fulfilled") {
        expect((d as PromiseRejectedResult).reason.message).toBe("this application has ended: withdrawn by the applicant");
        expect(item.status).toBe("cancelled");
        expect(decisions).toBe(0);
        expect(await eventsOf(itemId)).toEqual([["submit", p.E1.id], ["withdraw", p.E1.id]]);
      } else {
        expect((w as PromiseRejectedResult).reason.message).toBe("研发经理 has already decided; it can no longer be withdrawn");
        expect(item.status).toBe("open");
        expect(item.approverIds.map(Number)).toEqual(ids("H1", "H2"));
        expect(decisions).toBe(1);
        expect(await eventsOf(itemId)).toEqual([["submit", p.E1.id], ["decide", p.L1.id]]);
      }
    }
  });
});

describe("转交 (transfer)", () => {
  const transfer = (no: string, itemId: number, to: string, comment = "") => transferStep(db, v(no), itemId, p[to].id, comment, "Browser test");

  it("the leader hands the step to the general manager: GM asked instead, the leader is off the path, HR only after GM", async () => {
    const { itemId } = await submit("E1", leave(3));
    expect(await refusalOf(transfer("L1", itemId, "E1"))).toEqual({ status: 422, message: "cannot transfer to the applicant" });
    expect(await refusalOf(transfer("H1", itemId, "L2"))).toEqual({ status: 409, message: "your step is not open yet: an earlier step is still waiting" });
    expect(await refusalOf(transfer("E2", itemId, "L2"))).toEqual({ status: 404, message: "no such application" });
    expect(await transfer("L1", itemId, "L2", "我出差，请总经理审批")).toMatchObject({ status: "open", stepIndex: 0, nextApproverIds: ids("L2") });
    expect(await stepsOf(itemId)).toEqual([
      { mode: "single", status: "active", approverIds: ids("L2") },
      { mode: "any", status: "waiting", approverIds: ids("H1", "H2") },
    ]);
    expect((await itemOf(itemId)).approverIds.map(Number)).toEqual(ids("L2"));
    expect(await refusalOf(decide("L1", itemId))).toEqual({ status: 404, message: "no such approval item" });
    expect(await approvalItemForViewer(db, v("L1"), itemId)).toMatchObject({ canDecide: false, canTransfer: false }); // follows what they handed on
    expect((await decide("L2", itemId)).flow).toEqual({ status: "open", step: 0, nextApproverIds: ids("H1", "H2") });
    expect(await eventsOf(itemId)).toEqual([["submit", p.E1.id], ["transfer", p.L1.id], ["decide", p.L2.id]]);
    const [ev] = await db.select().from(approvalEvents).where(and(eq(approvalEvents.itemId, itemId), eq(approvalEvents.kind, "transfer")));
    expect(ev).toMatchObject({ comment: "我出差，请总经理审批", details: { step: 0, from: p.L1.id, to: p.L2.id, next: ids("L2") } });
  });

  it("inside 会签 a member's place moves; the others' agrees stand and the newcomer completes the step", async () => {
    const { itemId } = await submit("E1", leave(1, { leave_type: "婚假" }));
    await decide("A", itemId);
    expect(await refusalOf(transfer("B", itemId, "C"))).toEqual({ status: 422, message: "that person is already asked on this step" });
    await transfer("B", itemId, "E2");
    expect(await stepsOf(itemId)).toEqual([
      { mode: "all", status: "active", approverIds: ids("A", "E2", "C") },
      { mode: "any", status: "waiting", approverIds: ids("H1", "H2") },
    ]);
    expect(await refusalOf(transfer("A", itemId, "L1"))).toEqual({ status: 409, message: "already decided by 会签甲; only one decision stands" });
    await decide("C", itemId);
    expect((await decide("E2", itemId)).flow).toEqual({ status: "open", step: 0, nextApproverIds: ids("H1", "H2") });
  });
});

describe("外出代理 (delegates)", () => {
  const today = businessDate(new Date());
  const delegation = (delegate: string, start = today, end = addDays(today, 2)) => ({ delegate_employee_no: delegate, start_date: start, end_date: end, reason: "年假" });

  it("while the leader is away, the named delegate decides as their agent; the decision counts as the leader's", async () => {
    expect(await refusalOf(setDelegation(db, v("L1"), delegation("L1")))).toEqual({ status: 422, message: "delegate_employee_no: you cannot be your own delegate" });
    expect(await refusalOf(setDelegation(db, v("L1"), delegation("NOPE")))).toEqual({ status: 422, message: "delegate_employee_no: no employee with number NOPE" });
    const set = await setDelegation(db, v("L1"), delegation("E2"));
    expect(set).toMatchObject({ created: true, delegation: { principal: { name: "研发经理" }, delegate: { name: "同事乙" }, state: "active" } });
    expect((await setDelegation(db, v("L1"), delegation("E2"))).created).toBe(false);
    expect(await refusalOf(setDelegation(db, v("L1"), delegation("L2", addDays(today, 1), addDays(today, 5))))).toEqual({ status: 409, message: "you already have a delegate for part of this period: 同事乙; end that one first" });
    expect((await myDelegations(db, v("E2"))).forMe.map((d) => d.principal.name)).toEqual(["研发经理"]);

    const { itemId } = await submit("E1", leave(3));
    const view = await approvalItemForViewer(db, v("E2"), itemId);
    expect(view).toMatchObject({ canDecide: true, canTransfer: true, actingFor: { id: p.L1.id, name: "研发经理" } });
    expect((await approvalTodoList(db, v("E2"), { segment: "todo" })).items.map((i) => i.id)).toContain(itemId);
    expect((await decide("E2", itemId)).flow).toEqual({ status: "open", step: 0, nextApproverIds: ids("H1", "H2") });
    expect(await db.select({ deciderId: approvalStepDecisions.deciderId, agentId: approvalStepDecisions.agentId }).from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, itemId))).toEqual([{ deciderId: p.L1.id, agentId: p.E2.id }]);
    const [ev] = await db.select().from(approvalEvents).where(and(eq(approvalEvents.itemId, itemId), eq(approvalEvents.kind, "decide")));
    expect(ev).toMatchObject({ actorId: p.E2.id, details: { onBehalfOf: p.L1.id } });
    expect((await approvalItemForViewer(db, v("E1"), itemId))?.steps?.[0].approvers).toMatchObject([{ name: "研发经理", decision: { outcome: "agree", agentName: "同事乙" } }]);
    expect(await refusalOf(decide("L1", itemId))).toEqual({ status: 409, message: "already decided by 研发经理; only one decision stands" });
    expect((await approvalTodoList(db, v("E2"), { segment: "done" })).items.map((i) => i.id)).toContain(itemId);
    expect((await approvalItemForViewer(db, v("E2"), itemId))?.canDecide).toBe(false); // the agent still sees what they decided

    // Ended early: the delegate no longer sees or decides the leader's items.
    const ended = await endDelegation(db, v("L1"), set.delegation.id);
    expect(ended.state).toBe("ended");
    expect(await refusalOf(endDelegation(db, v("E2"), set.delegation.id))).toEqual({ status: 404, message: "no such delegation of yours" });
    const next = await submit("E1", leave(3));
    expect(await approvalItemForViewer(db, v("E2"), next.itemId)).toBeNull();
    expect((await approvalTodoList(db, v("E2"), { segment: "todo" })).items.map((i) => i.id)).not.toContain(next.itemId);
    expect(await refusalOf(decide("E2", next.itemId))).toEqual({ status: 404, message: "no such approval item" });
  });

  it("a delegation that starts tomorrow gives nothing today", async () => {
    await setDelegation(db, v("L2"), delegation("E2", addDays(today, 1), addDays(today, 3)));
    const { itemId } = await submit("L1", leave(1));
    expect((await itemOf(itemId)).approverIds.map(Number)).toEqual(ids("L2"));
    expect(await approvalItemForViewer(db, v("E2"), itemId)).toBeNull();
  });
});
