// OA approval todos end to end below the browser, on a real database: the push API (per-item answers, idempotent
// by id + version, through the inbox), the decision state machine under the row lock and the unique decision, the
// write-back through the OA outbox to a signed HTTP receiver (exactly once; "already decided in the OA"), and the
// pull feed. Named cases: stale version, cancel after decision, duplicate, two racing decisions → one stands.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { approvalDecisions, approvalEvents, approvalItems, departments, employees, inboxEvents, oaOutbox } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { resetEnvForTests } from "@/lib/env";
import { processInboxBatch } from "@/lib/ingest/worker";
import { drain } from "@/lib/oa-sync/dispatcher";
import { createApiKey } from "@/lib/oa-sync/api/keys";
import { buildOpenApiDocument } from "@/lib/oa-sync/api/openapi";
import { saysAlreadyDecided, httpSink } from "@/lib/oa-sync/sinks/http";
import { verifyOaSignature } from "@/lib/oa-sync/signature";
import { startOaTestServer, type OaTestServer } from "@/lib/oa-sync/testing/oa-server";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { viewerOf, type Person } from "@/tests/people";
import { decideApproval } from "./decide";
import { approvalItemsRoute, decisionRoute } from "./http";
import { approvalItemForViewer, listApprovalsPage, myApprovalTodos } from "./queries";

const SECRET = "approvals-test-secret";
let t: TestDatabase;
let db: Db;
let key: string;
let oa: OaTestServer;
const p: Record<string, Person> = {};
let POST: (req: Request) => Promise<Response>;
const decidedInOa = new Set<string>();

const push = async (items: unknown[], k: string | null = key) => {
  const r = await POST(
    new Request("http://localhost/api/v1/approval-items", {
      method: "POST",
      headers: { "content-type": "application/json", ...(k ? { authorization: `Bearer ${k}` } : {}) },
      body: JSON.stringify({ items }),
    }),
  );
  return { status: r.status, body: (await r.json()) as { results: { id: string | null; version: number | null; status: string; reason?: string }[]; message?: string } };
};
const drainInbox = async () => {
  while ((await processInboxBatch(db)) > 0);
};
const item = (id: string, version: number, extra: Record<string, unknown> = {}) => ({
  id,
  version,
  title: `采购申请 ${id}`,
  applicant_employee_no: "E100",
  approver_employee_nos: ["E200", "E201"],
  fields: [
    { label: "金额", value: "¥12,800.00" },
    { label: "事由", value: "研发部显示器 4 台" },
  ],
  attachments: [{ name: "报价单.pdf", url: "https://oa.example.com/files/1.pdf" }],
  link: `https://oa.example.com/approvals/${id}`,
  ...extra,
});
const itemRow = async (externalId: string) => (await db.select().from(approvalItems).where(and(eq(approvalItems.source, "oa"), eq(approvalItems.externalId, externalId))))[0];
const sink = () => httpSink({ url: oa.url, secret: SECRET, concurrency: 2 });
const dispatch = () => drain(db, sink(), { horizonMs: 3_600_000, batchSize: 16 });

beforeAll(async () => {
  oa = await startOaTestServer(SECRET, { decidedInOa: (recordId) => decidedInOa.has(recordId) });
  vi.stubEnv("OA_SINK", "http");
  vi.stubEnv("OA_WEBHOOK_URL", oa.url);
  vi.stubEnv("OA_WEBHOOK_SECRET", SECRET);
  resetEnvForTests();
  t = await createTestDatabase();
  db = t.database.db;
  POST = approvalItemsRoute(async () => db);
  const [dept] = await db.insert(departments).values({ code: "rd", name: "研发部", path: "/" }).returning();
  await db.update(departments).set({ path: `/${dept.id}/` }).where(eq(departments.id, dept.id));
  for (const [no, name] of [["E100", "申请人甲"], ["E200", "审批人乙"], ["E201", "审批人丙"], ["E300", "旁人丁"], ["E400", "已离职"]]) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name, departmentId: dept.id, status: no === "E400" ? "departed" : "active" }).returning();
    p[no] = { id: e.id, employeeNo: no, name };
  }
  key = (await createApiKey(db, { system: "test" }, { name: "oa", scopes: ["approvals:write", "approvals:read"] })).key;
});
afterAll(async () => {
  await t?.close();
  await oa?.close();
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("POST /api/v1/approval-items", () => {
  it("refuses a missing key (401) and a key without approvals:write (403), and a body that is not a list (400)", async () => {
    expect((await push([item("X", 1)], null)).status).toBe(401);
    const reader = (await createApiKey(db, { system: "test" }, { name: "r", scopes: ["approvals:read"] })).key;
    expect((await push([item("X", 1)], reader)).status).toBe(403);
    const tooMany = await push(Array.from({ length: 201 }, (_, i) => item(`X${i}`, 1)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/200/);
    expect(await db.$count(inboxEvents, eq(inboxEvents.source, "oa"))).toBe(0);
  });

  it("answers per item in request order: accepted, duplicate (in the batch), invalid with a reason, unknown_employee", async () => {
    const r = await push([
      item("PO-1", 1, { due_at: "2026-12-01T18:00:00+08:00" }),
      item("PO-1", 1),
      { ...item("PO-2", 1), link: "javascript:alert(1)" },
      item("PO-3", 1, { applicant_employee_no: "NOPE" }),
      item("PO-4", 1, { approver_employee_nos: ["E200", "E400"] }),
      { id: "PO-5" },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual(["accepted", "duplicate", "invalid", "unknown_employee", "unknown_employee", "invalid"]);
    expect(r.body.results[2].reason).toMatch(/^link:/);
    expect(r.body.results[4].reason).toMatch(/E400/);
    expect(r.body.results[5]).toMatchObject({ id: "PO-5", version: null });
    await drainInbox();
    const row = await itemRow("PO-1");
    expect(row).toMatchObject({ version: 1, status: "open", title: "采购申请 PO-1", applicantId: p.E100.id });
    expect(row.approverIds.map(Number)).toEqual([p.E200.id, p.E201.id]);
    expect(row.dueAt?.toISOString()).toBe("2026-12-01T10:00:00.000Z");
  });

  it("duplicate: the same id + version again changes nothing", async () => {
    const r = await push([item("PO-1", 1, { title: "改过的标题" })]);
    expect(r.body.results[0].status).toBe("duplicate");
    await drainInbox();
    expect((await itemRow("PO-1")).title).toBe("采购申请 PO-1");
  });

  it("stale version: an older version never overwrites a newer one (at the door and in the worker)", async () => {
    expect((await push([item("PO-6", 3, { title: "v3" })])).body.results[0].status).toBe("accepted");
    await drainInbox();
    const r = await push([item("PO-6", 2, { title: "v2" })]);
    expect(r.body.results[0]).toMatchObject({ status: "stale", reason: "version 2 is older than version 3 already received" });
    // both arrive before the worker runs: v5 first, then v4 — the worker applies v5 and ignores v4
    expect((await push([item("PO-6", 5, { title: "v5" })])).body.results[0].status).toBe("accepted");
    expect((await push([item("PO-6", 4, { title: "v4" })])).body.results[0].status).toBe("accepted");
    await drainInbox();
    expect(await itemRow("PO-6")).toMatchObject({ version: 5, title: "v5" });
    const ignored = await db.select({ status: inboxEvents.status, reason: inboxEvents.parkReason }).from(inboxEvents).where(eq(inboxEvents.dedupeKey, JSON.stringify(["PO-6", 4])));
    expect(ignored[0].status).toBe("ignored");
  });

  it("a cancellation (same id, higher version) takes the item out of the approvers' 待办", async () => {
    await push([item("PO-7", 1)]);
    await drainInbox();
    expect((await myApprovalTodos(db, viewerOf(p.E200))).map((x) => x.title)).toContain("采购申请 PO-7");
    await push([item("PO-7", 2, { status: "cancelled" })]);
    await drainInbox();
    expect((await itemRow("PO-7")).status).toBe("cancelled");
    expect((await myApprovalTodos(db, viewerOf(p.E200))).map((x) => x.title)).not.toContain("采购申请 PO-7");
    await expect(decideApproval(db, viewerOf(p.E200), (await itemRow("PO-7")).id, { outcome: "agree", comment: "" }, "test")).rejects.toMatchObject({ status: 409, details: { reason: "cancelled" } });
  });

  it("is in the OpenAPI document with its scope", () => {
    const doc = buildOpenApiDocument("http://x") as { paths: Record<string, Record<string, { "x-required-scope": string }>> };
    expect(doc.paths["/approval-items"].post["x-required-scope"]).toBe("approvals:write");
    expect(doc.paths["/approvals"].get["x-required-scope"]).toBe("approvals:read");
  });
});

describe("deciding, and the write-back to the OA", () => {
  it("only a current approver decides; the applicant and others are refused; a refusal needs a comment", async () => {
    const id = (await itemRow("PO-1")).id;
    await expect(decideApproval(db, viewerOf(p.E100), id, { outcome: "agree", comment: "" }, "test")).rejects.toMatchObject({ status: 403 });
    await expect(decideApproval(db, viewerOf(p.E300), id, { outcome: "agree", comment: "" }, "test")).rejects.toMatchObject({ status: 404 });
    const route = decisionRoute({ db: async () => db, viewer: async () => viewerOf(p.E200) });
    const r = await route(new Request(`http://localhost/api/approvals/${id}/decision`, { method: "POST", body: JSON.stringify({ outcome: "refuse", comment: "  " }) }), { params: Promise.resolve({ id: String(id) }) });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toMatch(/comment/);
    expect(await db.$count(approvalDecisions, eq(approvalDecisions.itemId, id))).toBe(0);
  });

  it("two racing decisions → one stands, the other is told who decided (409); the OA receives exactly one signed decision", async () => {
    const id = (await itemRow("PO-1")).id;
    const results = await Promise.allSettled([
      decideApproval(db, viewerOf(p.E200), id, { outcome: "agree", comment: "同意采购" }, "WeCom iOS"),
      decideApproval(db, viewerOf(p.E201), id, { outcome: "refuse", comment: "预算不足" }, "DingTalk Android"),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(AppError);
    expect(lost[0].reason).toMatchObject({ status: 409, details: { reason: "already_decided" } });
    expect((lost[0].reason as AppError).message).toMatch(/^already decided by (审批人乙|审批人丙) at /);
    expect(await db.$count(approvalDecisions, eq(approvalDecisions.itemId, id))).toBe(1);
    expect((await itemRow("PO-1")).status).toBe("decided");
    // a third, later decision is refused the same way
    await expect(decideApproval(db, viewerOf(p.E200), id, { outcome: "agree", comment: "" }, "test")).rejects.toMatchObject({ status: 409 });

    expect(await db.$count(oaOutbox, and(eq(oaOutbox.aggregateType, "approval_decision"), eq(oaOutbox.aggregateId, String(id))))).toBe(1);
    await dispatch();
    await dispatch(); // nothing left to send
    const mine = oa.stats.deliveries.filter((d) => d.type === "approval_decision.upserted" && d.recordId === String(id));
    expect(mine).toHaveLength(1);
    expect(mine[0].key).toBe(`approval_decision:${id}:v1`);
    expect(mine[0].data).toMatchObject({ approval_id: "PO-1", approval_version: 1, record_id: id, version: 1 });
    const [decision] = await db.select().from(approvalDecisions).where(eq(approvalDecisions.itemId, id));
    expect(decision.writeBack).toBe("accepted");
    const view = (await approvalItemForViewer(db, viewerOf(p.E200), id))!;
    expect(view.events.map((e) => e.kind)).toEqual(["submit", "decide", "write_back"]);
    expect(view.canDecide).toBe(false);
  });

  it("cancel after decision: the OA's later cancellation is logged, the decision stands, nothing is sent again", async () => {
    const id = (await itemRow("PO-1")).id;
    const before = oa.stats.deliveries.length;
    expect((await push([item("PO-1", 2, { status: "cancelled" })])).body.results[0].status).toBe("accepted");
    await drainInbox();
    expect(await itemRow("PO-1")).toMatchObject({ version: 2, status: "decided" });
    const [cancel] = await db.select().from(approvalEvents).where(and(eq(approvalEvents.itemId, id), eq(approvalEvents.kind, "cancel")));
    expect(cancel.details).toMatchObject({ version: 2, note: "after_decision" });
    await dispatch();
    expect(oa.stats.deliveries.length).toBe(before);
  });

  it("decided in the OA meanwhile: the OA answers already_decided, the item ends decided_in_oa, nothing is written twice", async () => {
    await push([item("PO-8", 1)]);
    await drainInbox();
    const id = (await itemRow("PO-8")).id;
    decidedInOa.add(String(id));
    await decideApproval(db, viewerOf(p.E201), id, { outcome: "agree", comment: "" }, "WeCom Android");
    await dispatch();
    await dispatch();
    const mine = oa.stats.deliveries.filter((d) => d.recordId === String(id));
    expect(mine).toHaveLength(1); // one attempt, answered 409 already_decided: not retried, not dead-lettered
    expect(oa.stats.applied.has(`approval_decision:${id}:v1`)).toBe(false);
    const [row] = await db.select({ status: oaOutbox.status }).from(oaOutbox).where(and(eq(oaOutbox.aggregateType, "approval_decision"), eq(oaOutbox.aggregateId, String(id))));
    expect(row.status).toBe("delivered");
    expect((await itemRow("PO-8")).status).toBe("decided_in_oa");
    const [decision] = await db.select().from(approvalDecisions).where(eq(approvalDecisions.itemId, id));
    expect(decision.writeBack).toBe("already_decided");
    await expect(decideApproval(db, viewerOf(p.E200), id, { outcome: "agree", comment: "" }, "test")).rejects.toMatchObject({ status: 409, details: { reason: "decided_in_oa" } });
    const events = await db.select({ kind: approvalEvents.kind, details: approvalEvents.details }).from(approvalEvents).where(eq(approvalEvents.itemId, id));
    expect(events.filter((e) => e.kind === "write_back")).toEqual([{ kind: "write_back", details: { answer: "already_decided", statusCode: 409 } }]);
  });

  it("every delivery is signed with the shared secret", () => {
    for (const d of oa.stats.deliveries) expect(d.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyOaSignature(SECRET, { timestamp: "1", signature: "sha256=00" }, "{}")).toBe(false);
  });

  it("reads the OA's already_decided answer in a 2xx body or a 409, nothing else", () => {
    expect(saysAlreadyDecided('{"result":"already_decided"}')).toBe(true);
    expect(saysAlreadyDecided('{"error":"already_decided"}')).toBe(true);
    expect(saysAlreadyDecided('{"ok":true}')).toBe(false);
    expect(saysAlreadyDecided("already_decided")).toBe(false);
  });
});

describe("reading", () => {
  it("待办: open items I must decide, overdue first, then newest; nothing for someone else", async () => {
    await push([item("PO-9", 1, { due_at: "2020-01-01T00:00:00Z", title: "逾期的" }), item("PO-10", 1, { title: "最新的" })]);
    await drainInbox();
    const mine = await myApprovalTodos(db, viewerOf(p.E200));
    expect(mine[0]).toMatchObject({ title: "逾期的", overdue: true });
    expect(mine.map((x) => x.title)).toContain("最新的");
    expect(mine.map((x) => x.title)).not.toContain("采购申请 PO-1"); // decided
    expect(await myApprovalTodos(db, viewerOf(p.E300))).toEqual([]);
  });

  it("GET /api/v1/approvals pages items with their state and decision", async () => {
    const page = await listApprovalsPage(db, { limit: 100, safetyLagMs: 0 });
    const po1 = page.data.find((x) => x.external_id === "PO-1")!;
    expect(po1).toMatchObject({ status: "decided", version: 2, applicant_employee_no: "E100", approver_employee_nos: ["E200", "E201"] });
    expect(po1.decision).toMatchObject({ write_back: "accepted" });
    expect(page.data.find((x) => x.external_id === "PO-8")).toMatchObject({ status: "decided_in_oa", decision: { write_back: "already_decided", client: "WeCom Android" } });
    const open = await listApprovalsPage(db, { limit: 100, safetyLagMs: 0, status: "open" });
    expect(open.data.every((x) => x.status === "open" && x.decision === null)).toBe(true);
    expect(page.complete_up_to).toMatch(/Z$/);
  });

  it("an item page is seen by its approvers, its applicant and HR; not by others", async () => {
    const id = (await itemRow("PO-10")).id;
    expect((await approvalItemForViewer(db, viewerOf(p.E201), id))?.canDecide).toBe(true);
    expect((await approvalItemForViewer(db, viewerOf(p.E100), id))?.canDecide).toBe(false);
    expect(await approvalItemForViewer(db, viewerOf(p.E300), id)).toBeNull();
    expect(await approvalItemForViewer(db, viewerOf(p.E300, new Set(["employee", "hr"])), id)).not.toBeNull();
    expect(await db.$count(approvalItems, sql`true`)).toBeGreaterThan(0);
  });
});
