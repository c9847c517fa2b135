// Pulling approval todos from an OA that cannot push (OA_APPROVALS_URL): a real HTTP server plays the OA, checks
// every request's signature and serves pages by cursor; the pulled items go through the push path (inbox → worker)
// on a real database. Named cases: not configured, two pages then nothing new, an OA that ignores the cursor (all
// duplicates), a failing OA (the run fails with the reason, the cursor stays on the last good page), a malformed
// answer, an unknown person named.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { approvalItems, departments, employees, syncRuns } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { processInboxBatch } from "@/lib/ingest/worker";
import { verifyOaSignature } from "@/lib/oa-sync/signature";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { lastOaPullRun, OA_PULL_KIND, pullOaApprovals } from "./oa-pull";

const SECRET = "oa-pull-secret";
let t: TestDatabase;
let db: Db;
let server: Server;
let base: string;
/** What the OA serves: page by cursor ("" = first), or a status to fail with. */
let pages: Record<string, { status?: number; body: unknown }> = {};
const seen: { path: string; signed: boolean }[] = [];

const item = (id: string, version: number, extra: Record<string, unknown> = {}) => ({
  id,
  version,
  title: `报销 ${id}`,
  applicant_employee_no: "P100",
  approver_employee_nos: ["P200"],
  fields: [{ label: "金额", value: "¥860.00" }],
  link: `https://oa.example.com/approvals/${id}`,
  ...extra,
});
const drainInbox = async () => {
  while ((await processInboxBatch(db)) > 0);
};
const held = async () => (await db.select({ id: approvalItems.externalId, version: approvalItems.version }).from(approvalItems).where(eq(approvalItems.source, "oa"))).sort((a, b) => a.id.localeCompare(b.id));
const lastRun = async () => (await db.select().from(syncRuns).where(and(eq(syncRuns.source, "oa"), eq(syncRuns.kind, OA_PULL_KIND))).orderBy(desc(syncRuns.id)).limit(1))[0];

beforeAll(async () => {
  server = createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const signed = verifyOaSignature(SECRET, { timestamp: String(req.headers["x-qiandao-timestamp"] ?? ""), signature: String(req.headers["x-qiandao-signature"] ?? "") }, `GET ${u.pathname}${u.search}`);
    seen.push({ path: `${u.pathname}${u.search}`, signed });
    if (!signed) return void res.writeHead(401).end('{"error":"bad signature"}');
    const page = pages[u.searchParams.get("cursor") ?? ""] ?? { body: { items: [], next_cursor: null, has_more: false } };
    res.writeHead(page.status ?? 200, { "content-type": "application/json" }).end(typeof page.body === "string" ? page.body : JSON.stringify(page.body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oa/approvals/todos`;
  t = await createTestDatabase();
  db = t.database.db;
  const [dept] = await db.insert(departments).values({ code: "fin", name: "财务部", path: "/" }).returning();
  for (const [no, name] of [["P100", "报销人"], ["P200", "财务审批"]]) await db.insert(employees).values({ employeeNo: no, name, departmentId: dept.id });
});
afterAll(async () => {
  await t?.close();
  await new Promise((r) => server?.close(r));
  vi.unstubAllEnvs();
  resetEnvForTests();
});

describe("pulling approval todos from the OA", () => {
  it("not configured: nothing is requested, nothing recorded", async () => {
    vi.stubEnv("OA_APPROVALS_URL", "");
    resetEnvForTests();
    expect(await pullOaApprovals(db)).toEqual({ status: "skipped", pages: 0, counts: {}, cursor: null });
    expect(seen).toEqual([]);
    vi.stubEnv("OA_APPROVALS_URL", base);
    vi.stubEnv("OA_APPROVALS_SECRET", SECRET);
    resetEnvForTests();
  });

  it("two pages, signed, through the push path; an unknown person is named and not written; the next run starts from the cursor", async () => {
    pages = {
      "": { body: { items: [item("A", 1), item("B", 1)], next_cursor: "c1", has_more: true } },
      c1: { body: { items: [item("C", 2), item("D", 1, { applicant_employee_no: "NOBODY" })], next_cursor: "c2", has_more: false } },
    };
    expect(await pullOaApprovals(db)).toEqual({ status: "succeeded", pages: 2, counts: { accepted: 3, unknown_employee: 1 }, cursor: "c2" });
    expect(seen.map((s) => s.path)).toEqual(["/oa/approvals/todos?limit=200", "/oa/approvals/todos?cursor=c1&limit=200"]);
    expect(seen.every((s) => s.signed)).toBe(true);
    await drainInbox();
    expect(await held()).toEqual([{ id: "A", version: 1 }, { id: "B", version: 1 }, { id: "C", version: 2 }]);
    expect(await lastRun()).toMatchObject({ status: "succeeded", added: 3, errorCount: 1, details: { cursor: "c2", from: null, pages: 2 } });

    seen.length = 0;
    pages.c2 = { body: { items: [item("B", 2, { status: "cancelled" })], next_cursor: "c3", has_more: false } };
    expect(await pullOaApprovals(db)).toMatchObject({ status: "succeeded", pages: 1, counts: { accepted: 1 }, cursor: "c3" });
    expect(seen.map((s) => s.path)).toEqual(["/oa/approvals/todos?cursor=c2&limit=200"]);
    await drainInbox();
    expect((await db.select({ status: approvalItems.status, version: approvalItems.version }).from(approvalItems).where(eq(approvalItems.externalId, "B")))[0]).toEqual({ status: "cancelled", version: 2 });
  });

  it("an OA that ignores the cursor and serves the same items again: all duplicate or stale, nothing changes", async () => {
    pages.c3 = { body: { items: [item("A", 1), item("B", 1), item("C", 2)], next_cursor: null, has_more: false } };
    const before = await held();
    expect(await pullOaApprovals(db)).toMatchObject({ status: "succeeded", pages: 1, counts: { duplicate: 2, stale: 1 }, cursor: "c3" });
    await drainInbox();
    expect(await held()).toEqual(before);
  });

  it("a failing OA: the run fails with the reason; the cursor stays on the last good page, and the next run resumes there", async () => {
    pages.c3 = { body: { items: [item("E", 1)], next_cursor: "c4", has_more: true } };
    pages.c4 = { status: 503, body: { error: "maintenance" } };
    expect(await pullOaApprovals(db)).toEqual({ status: "failed", pages: 1, counts: { accepted: 1 }, cursor: "c4", error: "the OA answered HTTP 503" });
    expect(await lastRun()).toMatchObject({ status: "failed", errors: ["the OA answered HTTP 503"], details: { cursor: "c4", from: "c3" } });
    expect((await lastOaPullRun(db))?.id).toBe((await lastRun()).id); // what the console's sync page shows
    seen.length = 0;
    pages.c4 = { body: { items: [item("F", 1)], next_cursor: "c5", has_more: false } };
    expect(await pullOaApprovals(db)).toMatchObject({ status: "succeeded", counts: { accepted: 1 }, cursor: "c5" });
    expect(seen.map((s) => s.path)).toEqual(["/oa/approvals/todos?cursor=c4&limit=200"]);
    await drainInbox();
    expect((await held()).map((h) => h.id)).toEqual(["A", "B", "C", "E", "F"]);
  });

  it("an OA that cannot be reached: the run fails naming why, and nothing moves", async () => {
    // a port nobody listens on: taken, then let go
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    vi.stubEnv("OA_APPROVALS_URL", `http://127.0.0.1:${port}/oa/approvals/todos`);
    resetEnvForTests();
    try {
      expect(await pullOaApprovals(db)).toMatchObject({ status: "failed", pages: 0, counts: {}, cursor: "c5", error: "could not reach the OA: ECONNREFUSED" });
    } finally {
      vi.stubEnv("OA_APPROVALS_URL", base);
      resetEnvForTests();
    }
  });

  it.each([
    { name: "not JSON", body: "<html>login</html>", error: "the OA's answer is not JSON" },
    { name: "items missing", body: { data: [] }, error: 'the OA\'s answer is not {"items": [ ≤ 200 ], "next_cursor", "has_more"}: items: Invalid input: expected array, received undefined' },
    { name: "more than 200 items", body: { items: Array.from({ length: 201 }, (_, i) => item(`X${i}`, 1)) }, error: expect.stringContaining("items: Too big") },
  ])("a malformed answer ($name) fails the run with the reason and writes nothing", async ({ body, error }) => {
    pages.c5 = { body };
    const before = await held();
    expect(await pullOaApprovals(db)).toMatchObject({ status: "failed", pages: 0, counts: {}, cursor: "c5", error });
    await drainInbox();
    expect(await held()).toEqual(before);
  });
});
