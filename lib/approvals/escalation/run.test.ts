// The approvals.timeouts loop on a real database with a controllable clock: our flows' steps (activated_at +
// timeout.hours) and overdue OA items get their 催办, escalation and automatic decision exactly once — at the right
// time, deferred by quiet hours, not repeated by a second pass or a second instance racing on the same `now`, not
// lost by a pass that dies before commit — and an item decided in time gets nothing. The applicant hears nothing.
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type Db } from "@/db/client";
import {
  appSettings,
  approvalDecisions,
  approvalEvents,
  approvalFlows,
  approvalItems,
  approvalItemSteps,
  approvalStepDecisions,
  approvalTimeoutStages,
  departmentLeaders,
  departments,
  employees,
  identities,
  notificationOutbox,
  roleGrants,
} from "@/db/schema";
import type { StepTimeout } from "@/db/schema/approval-flows";
import type { Viewer } from "@/lib/auth/viewer";
import { zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { viewerOf, type Person } from "@/tests/people";
import { decideApproval } from "../decide";
import type { ApplicationRequest } from "../flows/schemas";
import { submitApplication } from "../flows/submit";
import { approvalItemForViewer, myApprovalTodos } from "../queries";
import { applyApprovalPush } from "../events";
import { ESCALATE_KIND, REMIND_KIND, runApprovalTimeouts, TIMEOUT_CLIENT } from "./run";
import { APPROVAL_TIMEOUT_KEY } from "./settings";

const at = (date: string, time: string) => zonedTimeToUtc(date, time, "Asia/Shanghai");
const MON = "2026-12-07";
const TUE = "2026-12-08";
const WED = "2026-12-09";

let t: TestDatabase;
let db: Db;
/** A second loop instance: its own pool on PostgreSQL (PGlite has one connection, so the same one there). */
let second: Database;
const p: Record<string, Person> = {};
const v = (no: string, roles: Viewer["roles"] = new Set(["employee"])): Viewer => viewerOf(p[no], roles);
const HR = new Set(["employee", "hr"] as const);
let requestNo = 0;
const leave = (leaveType: string): ApplicationRequest => ({
  kind: "leave",
  leave_type: leaveType as "年假",
  start_date: "2026-12-21",
  end_date: "2026-12-21",
  reason: "家中有事",
  request_id: `00000000-0000-4000-8000-${String(++requestNo).padStart(12, "0")}`,
});
const submitAt = async (leaveType: string, now: Date, no = "E1") => (await submitApplication(db, v(no), leave(leaveType), "Browser test", now)).itemId;

/** What the loop did to one item: its claimed stages, its timeout events, its chat messages (recipient numbers). */
async function trail(itemId: number) {
  const stages = await db.select().from(approvalTimeoutStages).where(eq(approvalTimeoutStages.itemId, itemId)).orderBy(asc(approvalTimeoutStages.stepIndex), asc(approvalTimeoutStages.deadline), asc(approvalTimeoutStages.stageNo));
  const events = await db.select().from(approvalEvents).where(eq(approvalEvents.itemId, itemId)).orderBy(asc(approvalEvents.at), asc(approvalEvents.id));
  const outbox = await db.select().from(notificationOutbox).where(sql`${notificationOutbox.payload}->>'itemId' = ${String(itemId)}`).orderBy(asc(notificationOutbox.id));
  const noOf = new Map(Object.values(p).map((x) => [x.id, x.employeeNo]));
  return {
    stages: stages.map((s) => `${s.stepIndex}:${s.kind}${s.kind === "remind" ? s.n : ""}:${s.result}`),
    events: events.filter((e) => e.kind === "remind" || e.kind === "escalate" || e.client === TIMEOUT_CLIENT).map((e) => `${e.kind}${e.client === TIMEOUT_CLIENT && e.kind === "decide" ? `:${String(e.details.outcome)}` : ""}`),
    messages: outbox.map((m) => `${m.kind === REMIND_KIND ? "remind" : m.kind === ESCALATE_KIND ? "escalate" : m.kind}→${noOf.get(Number(m.recipientEmployeeId))}`).sort((a, b) => Number(a.startsWith("escalate")) - Number(b.startsWith("escalate")) || a.localeCompare(b)),
  };
}
/** Take an item out of the way of later tests (the loop looks at every open item). */
const close = (itemId: number) => db.update(approvalItems).set({ status: "cancelled" }).where(eq(approvalItems.id, itemId));

const TIMEOUTS: Record<string, StepTimeout> = {
  chase: { hours: 4, remindMax: 2, escalateTo: ["leader", "hr"] },
  auto: { hours: 2, remindMax: 1, escalateTo: ["hr"], autoAction: "agree" },
  allAuto: { hours: 1, remindMax: 0, escalateTo: [], autoAction: "agree" },
  refuse: { hours: 1, remindMax: 0, escalateTo: [], autoAction: "refuse" },
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  second = t.url ? await openDatabase({ url: t.url, poolSize: 2 }) : t.database;
  const dept = async (code: string, name: string, parent: { id: number; path: string } | null) => {
    const [d] = await db.insert(departments).values({ code, name, parentId: parent?.id ?? null, path: "/", depth: parent ? 1 : 0 }).returning();
    const path = `${parent?.path ?? "/"}${d.id}/`;
    await db.update(departments).set({ path }).where(eq(departments.id, d.id));
    return { id: d.id, path };
  };
  const co = await dept("co", "公司", null);
  const rd = await dept("rd", "研发部", co);
  const hrd = await dept("hr", "人事部", co);
  const people: [string, string, number][] = [
    ["E1", "申请人甲", rd.id],
    ["L1", "研发经理", rd.id],
    ["L2", "总经理", co.id],
    ["H1", "人事一", hrd.id],
    ["A", "会签甲", rd.id],
    ["B", "会签乙", rd.id],
  ];
  for (const [no, name, d] of people) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name, departmentId: d }).returning();
    p[no] = { id: e.id, employeeNo: no, name };
    await db.insert(identities).values({ provider: "wecom", externalId: `wx-${no}`, employeeId: e.id, matchedBy: "seed" });
  }
  await db.insert(departmentLeaders).values([
    { departmentId: rd.id, employeeId: p.L1.id },
    { departmentId: co.id, employeeId: p.L2.id },
  ]);
  await db.insert(roleGrants).values({ role: "hr", departmentId: hrd.id });
  const leader = { type: "leader" as const };
  await db.insert(approvalFlows).values([
    { code: "t.chase", kind: "leave", name: "催办", priority: 1, conditions: { leaveTypes: ["年假"] }, steps: [{ mode: "single", approvers: [leader], timeout: TIMEOUTS.chase }] },
    {
      code: "t.auto",
      kind: "leave",
      name: "自动同意",
      priority: 1,
      conditions: { leaveTypes: ["事假"] },
      steps: [{ mode: "single", approvers: [leader], timeout: TIMEOUTS.auto }, { mode: "any", approvers: [{ type: "role", role: "hr" }] }],
    },
    { code: "t.all", kind: "leave", name: "会签自动", priority: 1, conditions: { leaveTypes: ["病假"] }, steps: [{ mode: "all", approvers: [{ type: "people", employeeIds: [p.A.id, p.B.id] }], timeout: TIMEOUTS.allAuto }] },
    { code: "t.refuse", kind: "leave", name: "自动拒绝", priority: 1, conditions: { leaveTypes: ["调休"] }, steps: [{ mode: "single", approvers: [leader], timeout: TIMEOUTS.refuse }] },
    { code: "t.none", kind: "leave", name: "不超时", priority: 1, conditions: { leaveTypes: ["婚假"] }, steps: [{ mode: "single", approvers: [leader] }] },
  ]);
}, 120_000);
afterAll(async () => {
  if (second && second !== t?.database) await second.close();
  await t?.close();
});

describe("our flows: 催办, then escalation, at the right time", () => {
  it("submit starts the clock: activated_at is the submit time, due_at the step's deadline; a step without a timeout has none", async () => {
    const id = await submitAt("年假", at(MON, "09:00"));
    const [step] = await db.select().from(approvalItemSteps).where(eq(approvalItemSteps.itemId, id));
    const [item] = await db.select().from(approvalItems).where(eq(approvalItems.id, id));
    expect([step.activatedAt?.toISOString(), step.timeout, item.dueAt?.toISOString()]).toEqual([at(MON, "09:00").toISOString(), TIMEOUTS.chase, at(MON, "13:00").toISOString()]);
    const none = await submitAt("婚假", at(MON, "09:00"));
    expect((await db.select().from(approvalItems).where(eq(approvalItems.id, none)))[0].dueAt).toBeNull();
    await close(id);
    await close(none);
  });

  it("reminders one every `hours` from the deadline, then the approver's leader and HR are alerted — each once, however often the loop runs", async () => {
    const id = await submitAt("年假", at(MON, "09:00")); // deadline 13:00; reminders 13:00, 17:00; escalation 21:00
    const passes: [string, number][] = [];
    for (const time of ["12:59", "13:00", "13:00", "16:59", "17:00", "17:30", "21:00", "21:00", "21:30"]) passes.push([time, await runApprovalTimeouts(db, at(MON, time))]);
    expect(passes).toEqual([["12:59", 0], ["13:00", 1], ["13:00", 0], ["16:59", 0], ["17:00", 1], ["17:30", 0], ["21:00", 1], ["21:00", 0], ["21:30", 0]]);
    expect(await trail(id)).toEqual({
      stages: ["0:remind1:sent", "0:remind2:sent", "0:escalate:sent"],
      events: ["remind", "remind", "escalate"],
      // 催办 to the approver (L1); the alert to L1's leader (L2) and HR (H1); never the applicant (E1).
      messages: ["remind→L1", "remind→L1", "escalate→H1", "escalate→L2"],
    });
    const [esc] = await db.select().from(notificationOutbox).where(and(eq(notificationOutbox.kind, ESCALATE_KIND), eq(notificationOutbox.recipientEmployeeId, p.L2.id)));
    expect(esc.payload).toMatchObject({ url: expect.stringMatching(new RegExp(`/todos/approvals/${id}$`)), title: expect.stringContaining("审批超时未处理") });
    expect(String(esc.payload.description)).toContain("研发经理");

    // 已超时 in the approver's 待办 (the shared due_at), and the alerted leader may now open the item.
    const [todo] = (await myApprovalTodos(db, v("L1"), { now: at(MON, "21:30") })).filter((x) => x.id === id);
    expect(todo.overdue).toBe(true);
    const leaderView = await approvalItemForViewer(db, v("L2"), id);
    expect(leaderView?.events.filter((e) => e.kind === "remind" || e.kind === "escalate").map((e) => [e.kind, e.details.names])).toEqual([
      ["remind", ["研发经理"]],
      ["remind", ["研发经理"]],
      ["escalate", ["总经理", "人事一"]],
    ]);
    // The applicant is not told: no message, and the trail they see has no reminders.
    const mine = await approvalItemForViewer(db, v("E1"), id);
    expect(mine?.events.some((e) => e.kind === "remind" || e.kind === "escalate")).toBe(false);
    expect(await approvalItemForViewer(db, v("A"), id)).toBeNull(); // nobody else gains access
    await close(id);
  });

  it("quiet hours: a stage due at night waits for 08:00 (and a pass at night sends nothing)", async () => {
    const id = await submitAt("年假", at(MON, "17:00")); // deadline 21:00; reminder 2 at 01:00 → 08:00; escalation 12:00
    expect(await runApprovalTimeouts(db, at(MON, "21:00"))).toBe(1);
    for (const [d, time] of [[TUE, "01:00"], [TUE, "03:00"], [TUE, "07:59"]]) expect(await runApprovalTimeouts(db, at(d, time))).toBe(0);
    expect((await trail(id)).stages).toEqual(["0:remind1:sent"]);
    expect(await runApprovalTimeouts(db, at(TUE, "08:00"))).toBe(1);
    expect(await runApprovalTimeouts(db, at(TUE, "11:59"))).toBe(0);
    expect(await runApprovalTimeouts(db, at(TUE, "12:00"))).toBe(1);
    const stages = await db.select({ dueAt: approvalTimeoutStages.dueAt }).from(approvalTimeoutStages).where(eq(approvalTimeoutStages.itemId, id)).orderBy(asc(approvalTimeoutStages.stageNo));
    expect(stages.map((s) => s.dueAt.toISOString())).toEqual([at(MON, "21:00"), at(TUE, "08:00"), at(TUE, "12:00")].map((d) => d.toISOString()));
    await close(id);
  });

  it("a restart: a pass that dies before commit leaves nothing behind, and the next pass does the stage — once", async () => {
    const id = await submitAt("年假", at(MON, "09:00"));
    await expect(runApprovalTimeouts(db, at(MON, "13:00"), { beforeCommit: async () => Promise.reject(new Error("killed")) })).rejects.toThrow("killed");
    expect(await trail(id)).toEqual({ stages: [], events: [], messages: [] });
    expect(await runApprovalTimeouts(db, at(MON, "13:05"))).toBe(1);
    expect(await runApprovalTimeouts(db, at(MON, "13:06"))).toBe(0);
    expect(await trail(id)).toEqual({ stages: ["0:remind1:sent"], events: ["remind"], messages: ["remind→L1"] });
    await close(id);
  });

  it("two instances racing on the same instant: the escalation is sent once (the item lock and the stage key)", async () => {
    const id = await submitAt("年假", at(MON, "09:00"));
    await runApprovalTimeouts(db, at(MON, "13:00"));
    await runApprovalTimeouts(db, at(MON, "17:00"));
    const fired = await Promise.all([runApprovalTimeouts(db, at(MON, "21:00")), runApprovalTimeouts(second.db, at(MON, "21:00")), runApprovalTimeouts(db, at(MON, "21:00"))]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await trail(id)).messages.filter((m) => m.startsWith("escalate"))).toEqual(["escalate→H1", "escalate→L2"]);
    expect((await trail(id)).events).toEqual(["remind", "remind", "escalate"]);
    await close(id);
  });

  it("the loop was down: catching up sends the latest due stage, superseded reminders are recorded as skipped", async () => {
    const id = await submitAt("年假", at(MON, "09:00"));
    expect(await runApprovalTimeouts(db, at(MON, "21:10"))).toBe(1);
    expect(await trail(id)).toEqual({ stages: ["0:remind1:skipped", "0:remind2:skipped", "0:escalate:sent"], events: ["escalate"], messages: ["escalate→H1", "escalate→L2"] });
    await close(id);
  });

  it("an item decided before its deadline gets nothing", async () => {
    const id = await submitAt("年假", at(MON, "09:00"));
    await decideApproval(db, v("L1"), id, { outcome: "agree", comment: "" }, "Browser test");
    for (const [d, time] of [[MON, "13:00"], [MON, "21:00"], [WED, "12:00"]]) await runApprovalTimeouts(db, at(d, time));
    expect(await trail(id)).toEqual({ stages: [], events: [], messages: [] });
  });

  it("decided after the first reminder: no further reminder and no escalation", async () => {
    const id = await submitAt("年假", at(MON, "09:00"));
    await runApprovalTimeouts(db, at(MON, "13:00"));
    await decideApproval(db, v("L1"), id, { outcome: "refuse", comment: "不同意" }, "Browser test");
    for (const [d, time] of [[MON, "17:00"], [MON, "21:00"], [WED, "12:00"]]) await runApprovalTimeouts(db, at(d, time));
    expect(await trail(id)).toEqual({ stages: ["0:remind1:sent"], events: ["remind"], messages: ["remind→L1"] });
  });
});

describe("autoAction: the step decided through the decide path, once", () => {
  it("agree: escalation first, then the silent leader's step agreed (client timeout); the next step starts its own clock", async () => {
    const id = await submitAt("事假", at(MON, "09:00")); // deadline 11:00: reminder 11:00, escalation 13:00, agree 15:00
    expect(await runApprovalTimeouts(db, at(MON, "11:00"))).toBe(1);
    expect(await runApprovalTimeouts(db, at(MON, "13:00"))).toBe(1);
    expect(await runApprovalTimeouts(db, at(MON, "14:59"))).toBe(0);
    const fired = await Promise.all([runApprovalTimeouts(db, at(MON, "15:00")), runApprovalTimeouts(second.db, at(MON, "15:00"))]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await trail(id)).toEqual({
      stages: ["0:remind1:sent", "0:escalate:sent", "0:auto:decided"],
      events: ["remind", "escalate", "decide:agree"],
      messages: ["remind→L1", "escalate→H1"],
    });
    const decisions = await db.select().from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, id));
    expect(decisions.map((d) => [d.stepIndex, Number(d.deciderId), d.outcome, d.client])).toEqual([[0, p.L1.id, "agree", TIMEOUT_CLIENT]]);
    const steps = await db.select().from(approvalItemSteps).where(eq(approvalItemSteps.itemId, id)).orderBy(asc(approvalItemSteps.stepIndex));
    expect(steps.map((s) => [s.status, s.activatedAt !== null])).toEqual([["agreed", true], ["active", true]]);
    const [item] = await db.select().from(approvalItems).where(eq(approvalItems.id, id));
    expect([item.status, item.approverIds.map(Number), item.dueAt]).toEqual(["open", [p.H1.id], null]); // HR's step has no timeout
    expect(await runApprovalTimeouts(db, at(WED, "12:00"))).toBe(0);
    await close(id);
  });

  it("会签: every silent member is agreed for, and the item ends agreed", async () => {
    const id = await submitAt("病假", at(MON, "09:00"));
    await decideApproval(db, v("A"), id, { outcome: "agree", comment: "" }, "Browser test");
    expect(await runApprovalTimeouts(db, at(MON, "10:00"))).toBe(1);
    const decisions = await db.select().from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, id)).orderBy(asc(approvalStepDecisions.id));
    expect(decisions.map((d) => [Number(d.deciderId), d.client])).toEqual([[p.A.id, "Browser test"], [p.B.id, TIMEOUT_CLIENT]]);
    const [final] = await db.select().from(approvalDecisions).where(eq(approvalDecisions.itemId, id));
    expect([final.outcome, final.client]).toEqual(["agree", TIMEOUT_CLIENT]);
    expect((await db.select().from(approvalItems).where(eq(approvalItems.id, id)))[0].status).toBe("decided");
  });

  it("refuse: the item ends refused with the automatic comment; nothing more happens", async () => {
    const id = await submitAt("调休", at(MON, "09:00"));
    expect(await runApprovalTimeouts(db, at(MON, "10:00"))).toBe(1);
    expect(await runApprovalTimeouts(db, at(MON, "12:00"))).toBe(0);
    const [final] = await db.select().from(approvalDecisions).where(eq(approvalDecisions.itemId, id));
    expect([final.outcome, final.comment, final.client, Number(final.deciderId)]).toEqual(["refuse", "超时未处理，系统自动拒绝", TIMEOUT_CLIENT, p.L1.id]);
    expect((await trail(id)).events).toEqual(["decide:refuse"]);
  });
});

describe("overdue OA items (the app-wide default)", () => {
  const push = (id: string, version: number, dueAt: Date) =>
    applyApprovalPush(db, {
      item: { id, version, title: "采购申请", fields: [], link: "https://oa.example.com/a/1", due_at: dueAt.toISOString() },
      applicant_id: p.E1.id,
      approver_ids: [p.L1.id],
    });

  it("reminded from its due_at, then HR alerted; never decided automatically; a moved deadline starts a new series", async () => {
    await push("oa-1", 1, at(MON, "10:00"));
    const [item] = await db.select().from(approvalItems).where(eq(approvalItems.externalId, "oa-1"));
    // default: every 24 h, 2 reminders, then HR
    const passes = [];
    for (const [d, time] of [[MON, "09:00"], [MON, "10:00"], [TUE, "10:00"], [WED, "10:00"], ["2026-12-20", "10:00"]]) passes.push(await runApprovalTimeouts(db, at(d, time)));
    expect(passes).toEqual([0, 1, 1, 1, 0]);
    expect(await trail(item.id)).toEqual({
      stages: ["0:remind1:sent", "0:remind2:sent", "0:escalate:sent"],
      events: ["remind", "remind", "escalate"],
      messages: ["remind→L1", "remind→L1", "escalate→H1"],
    });
    expect((await myApprovalTodos(db, v("L1"), { now: at(WED, "10:00") })).find((x) => x.id === item.id)?.overdue).toBe(true);
    expect(await approvalItemForViewer(db, v("H1", HR), item.id)).not.toBeNull();

    await push("oa-1", 2, at("2026-12-21", "10:00")); // the OA extends the deadline
    expect(await runApprovalTimeouts(db, at("2026-12-21", "10:00"))).toBe(1);
    expect((await trail(item.id)).stages).toEqual(["0:remind1:sent", "0:remind2:sent", "0:escalate:sent", "0:remind1:sent"]);
    await close(item.id);
  });

  it("HR can turn OA chasing off, and set the quiet hours (app_settings)", async () => {
    await db.insert(appSettings).values({ key: APPROVAL_TIMEOUT_KEY, value: { oa: null, quietStart: "00:00", quietEnd: "00:00" } });
    await push("oa-2", 1, at(MON, "10:00"));
    const id = await submitAt("年假", at(MON, "19:00")); // deadline 23:00: no quiet hours now
    expect(await runApprovalTimeouts(db, at(MON, "23:00"))).toBe(1);
    const [oa] = await db.select().from(approvalItems).where(eq(approvalItems.externalId, "oa-2"));
    expect((await trail(oa.id)).stages).toEqual([]);
    expect((await trail(id)).stages).toEqual(["0:remind1:sent"]);
    await db.delete(appSettings).where(eq(appSettings.key, APPROVAL_TIMEOUT_KEY));
    await close(id);
    await close(oa.id);
  });
});
