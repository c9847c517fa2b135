// Native WeCom / DingTalk approvals mirrored (issue 15 item 3), on a real database against the simulator (in-process
// fetch onto the same handlers as /api/sim/*): the vendor's events travel the real callback path (signed, verified,
// inbox, worker), the worker reads the instance from the vendor's detail API and mirrors it. Redelivery changes
// nothing; an older snapshot never overwrites a newer one; an approved leave applies once and a revoke reverses it;
// a DingTalk task decided from our app reaches the simulator through processInstances/execute; a task decided in
// DingTalk meanwhile gives decided_elsewhere and nothing of ours is decided; WeCom approvals are decided in WeCom.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { approvalEvents, approvalItems, approvalNativeInstances, identities, inboxEvents, leaveSpans, punches } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import { AppError } from "@/lib/errors";
import { currentCallbackKeys } from "@/lib/ingest/testing/keys";
import { storeInboxEvent, type VerifiedEvent } from "@/lib/ingest/store";
import { verifyDingtalkPost, verifyWecomPost } from "@/lib/ingest/verify";
import { processInboxBatch } from "@/lib/ingest/worker";
import { syncOrganisation } from "@/lib/org/run";
import { dingtalkSignedPost } from "@/lib/vendors/dingtalk/sender";
import { actOnDingtalkTask, actOnWecomApproval, createDingtalkInstance, createWecomApproval, revokeDingtalkInstance, setNativeEventSink, simDingtalkInstance, type NativeEvent } from "@/lib/vendors/sim/native-approvals";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { resetSim } from "@/lib/vendors/sim/state";
import { wecomSignedPost } from "@/lib/vendors/wecom/sender";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { decideApproval } from "../decide";
import { myApprovalTodos } from "../queries";
import { readNativeInstance } from "./events";
import { mirrorNativeSnapshot } from "./mirror";
import { reconcileNativeApprovals } from "./reconcile";
import { compareSnapshot } from "./snapshot";

let t: TestDatabase;
let db: Db;
const http = { fetch: simulatorFetch, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000 };

interface Person {
  id: number;
  dingtalk: string;
  wecom: string;
}
let applicant: Person, leader: Person, second: Person;

/** What the vendor pushes, the way it pushes it: signed and encrypted, verified by our route's code, stored. */
function verified(e: NativeEvent): VerifiedEvent {
  const k = currentCallbackKeys();
  if (e.vendor === "dingtalk") {
    const s = dingtalkSignedPost(k.dingtalk, e.event);
    return verifyDingtalkPost(new URL(`http://x${s.pathAndQuery}`).searchParams, s.body!, { token: k.dingtalk.token, aesKey: k.dingtalk.aesKey, clientId: k.dingtalk.ownerKey, corpId: k.dingtalk.corpId }).event;
  }
  const s = wecomSignedPost(k.wecom, e.xml);
  return verifyWecomPost(new URL(`http://x${s.pathAndQuery}`).searchParams, s.body!, k.wecom);
}
const delivered: VerifiedEvent[] = [];
async function deliver(events: NativeEvent[]): Promise<void> {
  for (const e of events) {
    const v = verified(e);
    delivered.push(v);
    await storeInboxEvent(db, v);
  }
  while ((await processInboxBatch(db)) > 0);
}
const viewer = async (p: Person) => (await buildViewer(db, p.id, "dingtalk"))!;
const itemOf = async (vendor: "wecom" | "dingtalk", externalId: string) => (await db.select().from(approvalItems).where(and(eq(approvalItems.source, vendor), eq(approvalItems.externalId, externalId))))[0];
const mirrorOf = async (vendor: "wecom" | "dingtalk", id: string) => (await db.select().from(approvalNativeInstances).where(and(eq(approvalNativeInstances.vendor, vendor), eq(approvalNativeInstances.instanceId, id))))[0];
const eventsOf = async (itemId: number) => (await db.select().from(approvalEvents).where(eq(approvalEvents.itemId, itemId)).orderBy(approvalEvents.id)).map((e) => `${e.kind}:${e.actorId ?? "-"}:${e.client}`);
async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  vi.stubGlobal("fetch", simulatorFetch);
  setNativeEventSink(async () => []);
  t = await createTestDatabase();
  db = t.database.db;
  resetSim("demo");
  await syncOrganisation(db, "wecom", { http });
  await syncOrganisation(db, "dingtalk", { http });
  const rows = await db.execute(sql`
    select e.id, d.external_id as dingtalk, w.external_id as wecom
    from employees e
    join identities d on d.employee_id = e.id and d.provider = 'dingtalk'
    join identities w on w.employee_id = e.id and w.provider = 'wecom'
    where e.status = 'active' order by e.id limit 3`);
  const list = ((rows as unknown as { rows?: unknown[] }).rows ?? (rows as unknown as unknown[])) as { id: string; dingtalk: string; wecom: string }[];
  expect(list.length).toBe(3);
  [applicant, leader, second] = list.map((r) => ({ id: Number(r.id), dingtalk: r.dingtalk, wecom: r.wecom }));
}, 180_000);
afterAll(async () => {
  setNativeEventSink(null);
  vi.unstubAllGlobals();
  await t?.close();
});

describe("DingTalk native leave: mirrored through events, idempotent, applied once, reversed on revoke", () => {
  let id = "";
  let itemId = 0;
  let firstSnapshot: Awaited<ReturnType<typeof readNativeInstance>>;

  it("bpms_instance_change + bpms_task_change mirror the instance into the approver's 待办", async () => {
    const c = createDingtalkInstance({ originator: applicant.dingtalk, approvers: [leader.dingtalk], form: { kind: "leave", leaveType: "年假", start: "2031-05-06", end: "2031-05-07", reason: "回老家" } });
    id = c.instance.id;
    await deliver(c.events);
    const item = await itemOf("dingtalk", id);
    itemId = item.id;
    expect(item).toMatchObject({ status: "open", applicantId: applicant.id, approverIds: [leader.id], title: "请假" });
    expect(item.fields).toEqual(expect.arrayContaining([{ label: "请假类型", value: "年假" }]));
    expect(item.link).toContain(id);
    expect((await myApprovalTodos(db, await viewer(leader))).map((x) => [x.id, x.source])).toContainEqual([itemId, "dingtalk"]);
    expect(await eventsOf(itemId)).toEqual([`submit:${applicant.id}:DingTalk 审批`]);
    firstSnapshot = await readNativeInstance(db, "dingtalk", id);
  });

  it("a redelivered event is a duplicate in the inbox, and replayed through the handler changes nothing", async () => {
    const before = await eventsOf(itemId);
    const [m0] = await db.select().from(approvalItems).where(eq(approvalItems.id, itemId));
    for (const v of delivered.slice(-2)) expect((await storeInboxEvent(db, v)).duplicate).toBe(true);
    // the handler reached again with what it already mirrored: the same snapshot → duplicate
    const replay = await db.transaction((tx) => mirrorNativeSnapshot(tx, firstSnapshot));
    expect(replay).toEqual({ result: "duplicate" });
    const [m1] = await db.select().from(approvalItems).where(eq(approvalItems.id, itemId));
    expect(m1.version).toBe(m0.version);
    expect(await eventsOf(itemId)).toEqual(before);
  });

  it("approved in DingTalk: the leave applies once (span + recomputed days); a second delivery applies nothing", async () => {
    const r = actOnDingtalkTask(id, { userId: leader.dingtalk, result: "agree", via: "vendor" });
    if ("error" in r) throw new Error(r.error);
    await deliver(r.events);
    await deliver(r.events.map((e) => (e.vendor === "dingtalk" ? { ...e, event: { ...e.event, eventId: `${String(e.event.eventId)}-again` } } : e)));
    const item = await itemOf("dingtalk", id);
    expect(item.status).toBe("decided");
    expect(item.approverIds).toEqual([leader.id]);
    const spans = await db.select().from(leaveSpans).where(and(eq(leaveSpans.source, "native"), eq(leaveSpans.sourceKey, `dingtalk:${id}`)));
    expect(spans.map((s) => [Number(s.employeeId), s.leaveType, s.cancelledAt])).toEqual([[applicant.id, "年假", null]]);
    const m = await mirrorOf("dingtalk", id);
    expect(m.effectsAppliedAt).not.toBeNull();
    expect(m.effect).toMatchObject({ kind: "leave", days: ["2031-05-06", "2031-05-07"] });
    expect((await eventsOf(itemId)).filter((e) => e.startsWith("decide:"))).toEqual([`decide:${leader.id}:DingTalk 审批`]);
  });

  it("an older snapshot never overwrites the newer one", async () => {
    expect(compareSnapshot({ version: 10, rank: 2 }, { version: 9, rank: 3 })).toBe("stale");
    expect(compareSnapshot({ version: 10, rank: 2 }, { version: 10, rank: 3 })).toBe("newer");
    const r = await db.transaction((tx) => mirrorNativeSnapshot(tx, firstSnapshot));
    expect(r).toEqual({ result: "stale" });
    expect((await itemOf("dingtalk", id)).status).toBe("decided");
  });

  it("revoked (terminate): the leave is cancelled, once", async () => {
    const r = revokeDingtalkInstance(id);
    if ("error" in r) throw new Error(r.error);
    await deliver(r.events);
    expect((await itemOf("dingtalk", id)).status).toBe("cancelled");
    const [span] = await db.select().from(leaveSpans).where(and(eq(leaveSpans.source, "native"), eq(leaveSpans.sourceKey, `dingtalk:${id}`)));
    expect(span.cancelledAt).not.toBeNull();
    const m = await mirrorOf("dingtalk", id);
    expect(m.effectsReversedAt).not.toBeNull();
    const at = m.effectsReversedAt!.getTime();
    await deliver(r.events.map((e) => (e.vendor === "dingtalk" ? { ...e, event: { ...e.event, eventId: `${String(e.event.eventId)}-2` } } : e)));
    expect((await mirrorOf("dingtalk", id)).effectsReversedAt!.getTime()).toBe(at);
    expect((await eventsOf(itemId)).filter((e) => e.startsWith("cancel:"))).toHaveLength(1);
  });
});

describe("DingTalk tasks decided from our app", () => {
  it("agree from the app: execute reaches DingTalk with the remark, logged as decide + write_back, mirrored", async () => {
    const c = createDingtalkInstance({ originator: applicant.dingtalk, approvers: [leader.dingtalk, second.dingtalk], form: { kind: "other", reason: "采购显示器" }, title: "采购申请" });
    await deliver(c.events);
    const item = await itemOf("dingtalk", c.instance.id);
    const r = await decideApproval(db, await viewer(leader), item.id, { outcome: "agree", comment: "同意采购" }, "DingTalk iOS");
    expect(r).toMatchObject({ itemId: item.id, outcome: "agree" });
    expect(simDingtalkInstance(c.instance.id)!.decidedVia).toEqual([expect.objectContaining({ via: "api", result: "agree", remark: "同意采购" })]);
    const after = await itemOf("dingtalk", c.instance.id);
    // the next approver is asked now (re-read after execute)
    expect(after).toMatchObject({ status: "open", approverIds: [second.id] });
    const ev = await eventsOf(item.id);
    expect(ev.filter((e) => e.startsWith("decide:"))).toEqual([`decide:${leader.id}:DingTalk iOS`]);
    expect(ev.filter((e) => e.startsWith("write_back:"))).toEqual(["write_back:-:DingTalk 审批"]);
    // the second approver refuses from the app: the instance ends refused
    await decideApproval(db, await viewer(second), item.id, { outcome: "refuse", comment: "预算不足" }, "DingTalk Android");
    expect((await itemOf("dingtalk", c.instance.id)).status).toBe("decided");
    expect(simDingtalkInstance(c.instance.id)!.result).toBe("refuse");
  });

  it("a task already decided in DingTalk: a clear 409 decided_elsewhere, nothing decided by us, the item refreshed", async () => {
    const c = createDingtalkInstance({ originator: applicant.dingtalk, approvers: [leader.dingtalk], form: { kind: "other", reason: "报销" }, title: "报销" });
    await deliver(c.events);
    const item = await itemOf("dingtalk", c.instance.id);
    // decided in DingTalk; its events are lost (never delivered)
    const r = actOnDingtalkTask(c.instance.id, { userId: leader.dingtalk, result: "refuse", remark: "在钉钉里拒绝", via: "vendor" });
    if ("error" in r) throw new Error(r.error);
    const e = await refusal(decideApproval(db, await viewer(leader), item.id, { outcome: "agree", comment: "" }, "DingTalk iOS"));
    expect(e.status).toBe(409);
    expect(e.message).toContain("已在钉钉中处理");
    expect(simDingtalkInstance(c.instance.id)!.decidedVia).toEqual([expect.objectContaining({ via: "vendor", result: "refuse" })]);
    const ev = await eventsOf(item.id);
    expect(ev.filter((x) => x.startsWith("decide:"))).toEqual([`decide:${leader.id}:DingTalk 审批`]);
    expect((await itemOf("dingtalk", c.instance.id)).status).toBe("decided");
    // and once it is closed here too: the same clear answer
    const e2 = await refusal(decideApproval(db, await viewer(leader), item.id, { outcome: "agree", comment: "" }, "DingTalk iOS"));
    expect(e2.status).toBe(409);
  });
});

describe("WeCom native approvals", () => {
  it("a 补卡 mirrored from sys_approval_change: opens in WeCom, cannot be decided here; approved → punch; 通过后撤销 → punch vanished", async () => {
    const c = createWecomApproval({ applyer: applicant.wecom, approvers: [leader.wecom], form: { kind: "correction", at: "2031-05-08 09:00", reason: "忘记打卡" } });
    await deliver(c.events);
    const item = await itemOf("wecom", c.approval.spNo);
    expect(item).toMatchObject({ status: "open", approverIds: [leader.id] });
    expect(item.link).toMatch(/^https:\/\/app\.work\.weixin\.qq\.com\/wework_admin\/shenpi_mobile_detail\?sp_no=/);
    const e = await refusal(decideApproval(db, await buildViewer(db, leader.id, "wecom").then((v) => v!), item.id, { outcome: "agree", comment: "" }, "WeCom iOS"));
    expect(e.status).toBe(409);
    expect(e.message).toContain("企业微信");

    const ok = actOnWecomApproval(c.approval.spNo, { op: "agree", userId: leader.wecom, speech: "好" });
    if ("error" in ok) throw new Error(ok.error);
    await deliver(ok.events);
    expect((await itemOf("wecom", c.approval.spNo)).status).toBe("decided");
    const recordId = `native:wecom:${c.approval.spNo}`;
    const [p] = await db.select().from(punches).where(and(eq(punches.source, "app"), eq(punches.recordId, recordId)));
    expect(p).toMatchObject({ employeeId: applicant.id, punchedAt: new Date("2031-05-08T01:00:00Z") });
    expect(p.changeState).not.toBe("vanished");

    const rv = actOnWecomApproval(c.approval.spNo, { op: "revoke" });
    if ("error" in rv) throw new Error(rv.error);
    await deliver(rv.events);
    expect((await itemOf("wecom", c.approval.spNo)).status).toBe("cancelled");
    const [p2] = await db.select().from(punches).where(and(eq(punches.source, "app"), eq(punches.recordId, recordId)));
    expect(p2.changeState).toBe("vanished");
  });
});

describe("unknown people and reconciliation", () => {
  it("an applicant not in the ledger: kept (no item, unknown ids listed, inbox parked); linked later, reconciliation mirrors it", async () => {
    const [link] = await db.select().from(identities).where(and(eq(identities.employeeId, second.id), eq(identities.provider, "dingtalk")));
    await db.delete(identities).where(eq(identities.id, link.id));
    const c = createDingtalkInstance({ originator: second.dingtalk, approvers: [leader.dingtalk], form: { kind: "other", reason: "外出" }, title: "外出" });
    await deliver(c.events);
    const m = await mirrorOf("dingtalk", c.instance.id);
    expect(m).toMatchObject({ itemId: null, applicantId: null, unknownUserIds: [second.dingtalk], state: "running" });
    const parked = await db.select().from(inboxEvents).where(and(eq(inboxEvents.status, "parked"), sql`${inboxEvents.payload}->>'processInstanceId' = ${c.instance.id}`));
    expect(parked.length).toBeGreaterThan(0);
    expect(parked[0].parkReason).toContain("not in the identity ledger");

    await db.insert(identities).values({ ...link, id: undefined });
    // the event was lost meanwhile: approved in DingTalk, nothing delivered
    actOnDingtalkTask(c.instance.id, { userId: leader.dingtalk, result: "agree", via: "vendor" });
    expect(await reconcileNativeApprovals(db)).toBeGreaterThan(0);
    while ((await processInboxBatch(db)) > 0);
    const item = await itemOf("dingtalk", c.instance.id);
    expect(item).toMatchObject({ status: "decided", applicantId: second.id });
    // the same pass again adds nothing
    expect(await reconcileNativeApprovals(db)).toBe(0);
  });
});
