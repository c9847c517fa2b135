// Approvals in the vendors' own surfaces (issue 15 item 4) on a real database, against the simulator (in-process
// fetch onto the same handlers as /api/sim/*): the org synced from the simulated WeCom and DingTalk, our leave flow
// (leader, then HR 或签 from 3 days), the outbox rows per step (the second step asked only once it is active), the
// card click travelling the real callback path (signed, verified, inbox, worker) and deciding once however often it
// is delivered, the card updated with the click's code ("已同意" / "已被他人处理"), the applicant told once at the
// end, the leave written into DingTalk attendance once; DingTalk approvers get a work notice and a 待办 that is
// marked done when decided and deleted when the application is withdrawn.
import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvalEvents, approvalItems, approvalStepDecisions, approvalSurfaces, departmentLeaders, employees, identities, notificationOutbox, roleGrants } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { currentCallbackKeys } from "@/lib/ingest/testing/keys";
import { storeInboxEvent } from "@/lib/ingest/store";
import { verifyWecomPost } from "@/lib/ingest/verify";
import { processInboxBatch } from "@/lib/ingest/worker";
import { sendDue, type Transport } from "@/lib/notifications/sender";
import { syncOrganisation } from "@/lib/org/run";
import { simAttendanceApprovals, simTodos } from "@/lib/vendors/sim/dingtalk-todo";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { resetSim } from "@/lib/vendors/sim/state";
import { clickCard, simCards } from "@/lib/vendors/sim/wecom-cards";
import { wecomPlainXml, wecomSignedPost } from "@/lib/vendors/wecom/sender";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { decideApproval } from "../decide";
import { withdrawApplication } from "../flows/decide";
import { ensureDefaultFlows } from "../flows/seed";
import { submitApplication } from "../flows/submit";
import { enqueueAttendanceWrites, vendorApproveId } from "../vendor-write/enqueue";
import { handleTemplateCardEvent } from "./card-event";
import { cardAgreeKey, cardTaskId } from "./messages";
import { syncApprovalSurfaces } from "./surfaces";

let t: TestDatabase;
let db: Db;
const http = { fetch: simulatorFetch, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000 };
/** Plain chat messages (work notices, results) as the transport was asked to send them. */
const sentMessages: { channel: string; to: string[]; msg: Record<string, unknown> }[] = [];
const transport: Transport = {
  wecom: async (touser, message) => (sentMessages.push({ channel: "wecom", to: touser, msg: message }), { msgid: `m${sentMessages.length}`, invalidUsers: [] }),
  dingtalk: async (userIds, msg) => (sentMessages.push({ channel: "dingtalk", to: userIds, msg }), { taskId: sentMessages.length }),
};
const send = () => sendDue(db, transport, { http });

interface Who {
  id: number;
  name: string;
  wecom: string | null;
}
let applicant: Who, leader: Who, hr1: Who, hr2: Who;
let dtApplicant: Who, dtLeader: Who;

const viewer = async (w: Who): Promise<Viewer> => (await buildViewer(db, w.id, "wecom"))!;
const leave = (start: string, end: string) => ({ kind: "leave" as const, leave_type: "年假" as const, start_date: start, end_date: end, reason: "回老家" });
const rows = async (itemId: number) =>
  (
    await db
      .select({ kind: notificationOutbox.kind, to: notificationOutbox.recipientEmployeeId, key: notificationOutbox.dedupeKey, status: notificationOutbox.status, payload: notificationOutbox.payload })
      .from(notificationOutbox)
      .where(sql`${notificationOutbox.payload}->>'itemId' = ${String(itemId)}`)
      .orderBy(asc(notificationOutbox.id))
  ).map((r) => ({ ...r, to: Number(r.to) }));
const kinds = async (itemId: number) => (await rows(itemId)).map((r) => `${r.kind}→${r.to}`);

/** A click in the simulated WeCom, delivered the way WeCom delivers it: signed and encrypted, verified, stored. */
async function deliverClick(taskId: string, userid: string, key: string) {
  const k = currentCallbackKeys().wecom;
  const c = clickCard(taskId, userid, key, k.corpId, k.agentId);
  if ("error" in c) throw new Error(c.error);
  const signed = wecomSignedPost(k, wecomPlainXml(c.fields));
  const event = verifyWecomPost(new URL(`http://x${signed.pathAndQuery}`).searchParams, signed.body!, k);
  expect(event.eventType).toBe("template_card_event");
  const first = await storeInboxEvent(db, event);
  while ((await processInboxBatch(db)) > 0);
  return { event, first };
}

async function who(employeeId: number): Promise<Who> {
  const [e] = await db.select({ id: employees.id, name: employees.name }).from(employees).where(eq(employees.id, employeeId));
  const [w] = await db.select({ x: identities.externalId }).from(identities).where(and(eq(identities.employeeId, employeeId), eq(identities.provider, "wecom")));
  return { id: e.id, name: e.name, wecom: w?.x ?? null };
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  resetSim("demo");
  await syncOrganisation(db, "wecom", { http });
  await syncOrganisation(db, "dingtalk", { http });
  await ensureDefaultFlows(db);
  // Two leaders with a plain member each; the first pair is reached on WeCom, the second only on DingTalk.
  const led = await db.execute(sql`
    select distinct on (l.department_id) l.employee_id as leader, e.id as member
    from department_leaders l join employees e on e.department_id = l.department_id and e.id <> l.employee_id
    where not exists (select 1 from department_leaders x where x.employee_id = e.id)
    order by l.department_id, e.id limit 2`);
  const pairs = ((led as unknown as { rows?: unknown[] }).rows ?? (led as unknown as unknown[])) as { leader: string; member: string | null }[];
  expect(pairs.length).toBe(2);
  [leader, applicant, dtLeader, dtApplicant] = await Promise.all([who(Number(pairs[0].leader)), who(Number(pairs[0].member)), who(Number(pairs[1].leader)), who(Number(pairs[1].member))]);
  // HR: two people outside both departments (the HR step is 或签 among them).
  const others = await db.select({ id: employees.id }).from(employees).where(sql`${employees.id} not in (${sql.join([leader.id, applicant.id, dtLeader.id, dtApplicant.id].map((x) => sql`${x}`), sql`, `)}) and not exists (select 1 from ${departmentLeaders} x where x.employee_id = ${employees.id})`).orderBy(asc(employees.id)).limit(2);
  [hr1, hr2] = await Promise.all(others.map((o) => who(o.id)));
  await db.insert(roleGrants).values([{ role: "hr", employeeId: hr1.id }, { role: "hr", employeeId: hr2.id }]);
  await db.delete(identities).where(and(eq(identities.provider, "wecom"), sql`${identities.employeeId} in (${dtLeader.id}, ${dtApplicant.id})`));
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe("our leave flow in WeCom: cards per step, a click decides once, the applicant is told once", () => {
  let itemId: number;

  it("submit asks the first step only: one card to the leader, nothing to HR, nothing to the applicant", async () => {
    const r = await submitApplication(db, await viewer(applicant), leave("2031-03-03", "2031-03-05"), "WeCom iOS");
    itemId = r.itemId;
    expect(r.path.map((s) => s.approverIds)).toEqual([[leader.id], expect.arrayContaining([hr1.id, hr2.id])]);
    expect(await kinds(itemId)).toEqual([`approval_card→${leader.id}`]);
    expect(await send()).toBeGreaterThan(0);
    const [card] = simCards(leader.wecom!);
    expect(card).toMatchObject({ taskId: cardTaskId(itemId, 0, leader.id), cardType: "button_interaction", state: null });
    expect(card.buttons.map((b) => b.text)).toEqual(["同意", "拒绝"]);
    expect(card.buttons[1].url).toMatch(new RegExp(`/todos/approvals/${itemId}\\?decide=refuse$`));
    const [s] = await db.select().from(approvalSurfaces).where(eq(approvalSurfaces.itemId, itemId));
    expect(s.wecomResponseCode).toBeTruthy();
  });

  it("the leader's click decides as them (client wecom_card), once however often it arrives; HR is asked only now", async () => {
    const { event, first } = await deliverClick(cardTaskId(itemId, 0, leader.id), leader.wecom!, cardAgreeKey(itemId, 0));
    expect(first.duplicate).toBe(false);
    // WeCom's redelivery of the same callback: the inbox keeps one
    expect((await storeInboxEvent(db, event)).duplicate).toBe(true);
    // a replay reaching the handler again: nothing is decided twice
    const again = await db.transaction((tx) => handleTemplateCardEvent(tx, event.payload));
    expect(again).toMatchObject({ outcome: "handled", effects: { decided: false } });
    const decisions = await db.select().from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, itemId));
    expect(decisions.map((d) => [Number(d.deciderId), d.stepIndex, d.client])).toEqual([[leader.id, 0, "wecom_card"]]);
    const ev = await db.select().from(approvalEvents).where(and(eq(approvalEvents.itemId, itemId), eq(approvalEvents.kind, "decide")));
    expect(ev.map((e) => e.client)).toEqual(["wecom_card"]);
    const k = await kinds(itemId);
    expect(k.filter((x) => x.startsWith("approval_card→")).sort()).toEqual([`approval_card→${leader.id}`, `approval_card→${hr1.id}`, `approval_card→${hr2.id}`].sort());
    expect(k).toContain(`approval_card_update→${leader.id}`);
    expect(k.some((x) => x.startsWith("approval_result"))).toBe(false);
    await send();
    expect(simCards(leader.wecom!)[0].state).toBe("已同意");
    expect(simCards(hr1.wecom!).map((c) => c.taskId)).toEqual([cardTaskId(itemId, 1, hr1.id)]);
  });

  it("HR 或签: one agrees in the app, the other's late click decides nothing and their card says 已被他人处理", async () => {
    await decideApproval(db, await viewer(hr1), itemId, { outcome: "agree", comment: "" }, "Browser test");
    await deliverClick(cardTaskId(itemId, 1, hr2.id), hr2.wecom!, cardAgreeKey(itemId, 1));
    const decisions = await db.select().from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, itemId));
    expect(decisions).toHaveLength(2);
    await send();
    expect(simCards(hr2.wecom!)[0].state).toBe("已被他人处理");
    expect(simCards(hr1.wecom!)[0].state).toBe("已同意");
    const [item] = await db.select().from(approvalItems).where(eq(approvalItems.id, itemId));
    expect(item.status).toBe("decided");
  });

  it("the applicant is told the result once, at the end; the leave reaches DingTalk attendance once", async () => {
    const results = (await rows(itemId)).filter((r) => r.kind === "approval_result");
    expect(results.map((r) => [r.to, r.status])).toEqual([[applicant.id, "sent"]]);
    expect(String(results[0].payload.title)).toMatch(/^审批通过：/);
    expect(sentMessages.filter((m) => m.to.includes(applicant.wecom!))).toHaveLength(1);
    await db.transaction((tx) => syncApprovalSurfaces(tx, itemId));
    expect(await enqueueAttendanceWrites(db, itemId)).toBe(0);
    await send();
    const finish = simAttendanceApprovals().filter((a) => a.approveId === vendorApproveId(itemId));
    expect(finish).toHaveLength(1);
    expect(finish[0]).toMatchObject({ calls: 1, kind: "finish" });
    expect(finish[0].body).toMatchObject({ tagName: "请假", subType: "年假", topCalculateApproveDurationParam: { bizType: 3, fromTime: "2031-03-03", toTime: "2031-03-05", durationUnit: "day" } });
    expect((await rows(itemId)).filter((r) => r.kind === "approval_result")).toHaveLength(1);
  });
});

describe("DingTalk approvers: a work notice and a 待办", () => {
  it("the 待办 is marked done when decided and deleted when the application is withdrawn", async () => {
    const a = await submitApplication(db, await viewer(dtApplicant), leave("2031-04-07", "2031-04-07"), "DingTalk Android");
    expect(await kinds(a.itemId)).toEqual([`approval_notice→${dtLeader.id}`, `approval_todo→${dtLeader.id}`]);
    await send();
    const notice = sentMessages.at(-1)!;
    expect(notice).toMatchObject({ channel: "dingtalk", msg: { msgtype: "action_card" } });
    expect(String((notice.msg.action_card as Record<string, unknown>).single_url)).toMatch(new RegExp(`/todos/approvals/${a.itemId}$`));
    const [s] = await db.select().from(approvalSurfaces).where(eq(approvalSurfaces.itemId, a.itemId));
    const todo = simTodos().find((x) => x.id === s.dingtalkTodoId)!;
    expect(todo).toMatchObject({ done: false, deleted: false, detailUrl: { appUrl: expect.stringMatching(`/todos/approvals/${a.itemId}$`) } });

    await withdrawApplication(db, await viewer(dtApplicant), a.itemId, "DingTalk Android");
    await send();
    expect(simTodos().find((x) => x.id === todo.id)).toMatchObject({ deleted: true });
    expect((await rows(a.itemId)).some((r) => r.kind === "approval_result")).toBe(false);

    const b = await submitApplication(db, await viewer(dtApplicant), leave("2031-04-14", "2031-04-14"), "DingTalk Android");
    await send();
    await decideApproval(db, (await buildViewer(db, dtLeader.id, "dingtalk"))!, b.itemId, { outcome: "agree", comment: "" }, "DingTalk Android");
    await send();
    const [sb] = await db.select().from(approvalSurfaces).where(eq(approvalSurfaces.itemId, b.itemId));
    expect(simTodos().find((x) => x.id === sb.dingtalkTodoId)).toMatchObject({ done: true, deleted: false });
    expect(sb).toMatchObject({ closeReason: "agree" });
    const told = (await rows(b.itemId)).filter((r) => r.kind === "approval_result");
    expect(told.map((r) => [r.to, r.status])).toEqual([[dtApplicant.id, "sent"]]);
    expect(simAttendanceApprovals().filter((x) => x.approveId === vendorApproveId(b.itemId)).map((x) => x.calls)).toEqual([1]);
  });
});
