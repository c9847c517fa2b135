// The applications routes through their handlers on a real database: submit (201 with the path by name, 200 for
// the same request id, 400 with the reasons, 422 with the cap named, 401 without a session), the preview (the path
// before submit; remaining 补卡), withdraw (the applicant 200; others 403/404; after a decision 409), and 撤销 after
// approval (400 for a bad body, 409 while open and when already revoked, 403 for the approver, 404 for others).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { approvalItems, departmentLeaders, departments, employees, roleGrants } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { unauthorized } from "@/lib/errors";
import { businessDate } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { viewerOf, type Person } from "@/tests/people";
import { decisionRoute } from "../http";
import { applicationsRoute, previewRoute, revokeRoute, withdrawRoute } from "./http";
import { ensureDefaultFlows } from "./seed";

let t: TestDatabase;
let db: Db;
const p: Record<string, Person> = {};
let as: Viewer | null = null;
const deps = { db: async () => db, viewer: async () => as ?? Promise.reject(unauthorized()) };
const today = businessDate(new Date());

const post = async (body: unknown, who: string | null = "E1") => {
  as = who ? viewerOf(p[who]) : null;
  const r = await applicationsRoute(deps)(new Request("http://localhost/api/approvals/applications", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }));
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const preview = async (qs: string, who = "E1") => {
  as = viewerOf(p[who]);
  const r = await previewRoute(deps)(new Request(`http://localhost/api/approvals/applications/preview?${qs}`));
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const withdraw = async (id: number, who: string) => {
  as = viewerOf(p[who]);
  const r = await withdrawRoute(deps)(new Request(`http://localhost/api/approvals/${id}/withdraw`, { method: "POST" }), { params: Promise.resolve({ id: String(id) }) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const decide = async (id: number, who: string) => {
  as = viewerOf(p[who]);
  const r = await decisionRoute(deps)(new Request(`http://localhost/api/approvals/${id}/decision`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ outcome: "agree", comment: "" }) }), { params: Promise.resolve({ id: String(id) }) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const revoke = async (id: number | string, who: string, body: unknown) => {
  as = viewerOf(p[who], new Set(who === "H1" ? ["employee", "hr"] : ["employee"]));
  const init = { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) };
  const r = await revokeRoute(deps)(new Request(`http://localhost/api/approvals/${id}/revoke`, init), { params: Promise.resolve({ id: String(id) }) });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};
const leave = { kind: "leave", leave_type: "年假", start_date: "2030-03-04", end_date: "2030-03-06", reason: "旅行" };

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  const [rd] = await db.insert(departments).values({ code: "rd", name: "研发部", path: "/" }).returning();
  await db.update(departments).set({ path: `/${rd.id}/` }).where(eq(departments.id, rd.id));
  for (const [no, name] of [["E1", "申请人甲"], ["E2", "同事乙"], ["L1", "研发经理"], ["H1", "人事一"]]) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name, departmentId: rd.id }).returning();
    p[no] = { id: e.id, employeeNo: no, name };
  }
  await db.insert(departmentLeaders).values({ departmentId: rd.id, employeeId: p.L1.id });
  await db.insert(roleGrants).values({ role: "hr", employeeId: p.H1.id });
  await ensureDefaultFlows(db);
});
afterAll(async () => {
  await t?.close();
});

describe("POST /api/approvals/applications", () => {
  it("201 with the path by name; the same request id again is 200 with the same item", async () => {
    const body = { ...leave, request_id: "0f8fad5b-d9cb-469f-a165-70867728950e" };
    const a = await post(body);
    expect(a.status).toBe(201);
    expect(a.body).toEqual({
      item_id: expect.any(Number),
      created: true,
      path: [
        { mode: "single", approvers: [{ id: p.L1.id, name: "研发经理" }] },
        { mode: "single", approvers: [{ id: p.H1.id, name: "人事一" }] },
      ],
    });
    const b = await post(body);
    expect(b).toEqual({ status: 200, body: { ...a.body, created: false } });
  });

  it("400 with the reasons, nothing written; 401 without a session", async () => {
    const before = await db.$count(approvalItems);
    expect(await post({ ...leave, end_date: "2030-03-01" })).toEqual({ status: 400, body: { error: "bad_request", message: "end_date: the end date must not be before the start date" } });
    expect((await post({ ...leave, leave_type: "带薪摸鱼" })).body.message).toMatch(/^leave_type: /);
    expect((await post({ kind: "correction", date: "2030-02-30", time: "25:00", reason: "" })).body.message).toMatch(/^date: .*; time: time must be HH:MM; reason: a reason is required$/);
    expect((await post({ kind: "overtime" })).status).toBe(400);
    expect((await post(leave, null)).status).toBe(401);
    expect(await db.$count(approvalItems)).toBe(before);
  });

  it("422 with the cap named once 3 corrections are filed this period", async () => {
    for (let i = 0; i < 3; i++) expect((await post({ kind: "correction", date: today, time: `0${i + 7}:00`, reason: "忘打卡" })).status).toBe(201);
    const r = await post({ kind: "correction", date: today, time: "10:00", reason: "忘打卡" });
    expect(r).toEqual({ status: 422, body: expect.objectContaining({ message: "本考勤周期已补卡 3 次，已达上限 3 次" }) });
  });
});

describe("GET /api/approvals/applications/preview", () => {
  it("shows the path before submit: leader alone under 3 days, leader → HR from 3 days", async () => {
    expect((await preview("kind=leave&leave_type=年假&start_date=2030-03-04&end_date=2030-03-05")).body).toEqual({
      flow: "请假",
      path: [{ mode: "single", approvers: [{ id: p.L1.id, name: "研发经理" }] }],
      problem: null,
      corrections: null,
    });
    expect(((await preview("kind=leave&leave_type=年假&start_date=2030-03-04&end_date=2030-03-06")).body.path as unknown[]).length).toBe(2);
  });

  it("for 补卡, the corrections left; the leader (no one above) sees the problem instead of a path", async () => {
    expect((await preview("kind=correction")).body.corrections).toMatchObject({ used: 3, max: 3, remaining: 0 });
    expect((await preview("kind=correction", "L1")).body).toMatchObject({ flow: null, path: [], problem: "nobody can approve this application: no leader or approver is set up for you", corrections: { used: 0, remaining: 3 } });
    expect((await preview("kind=leave&leave_type=年假")).status).toBe(400);
  });
});

describe("POST /api/approvals/[id]/withdraw", () => {
  it("the applicant withdraws; others are refused; after a decision, 409 naming who decided", async () => {
    const a = (await post({ ...leave, start_date: "2030-04-01", end_date: "2030-04-01" })).body.item_id as number;
    expect((await withdraw(a, "E2")).status).toBe(404);
    expect((await withdraw(a, "L1")).status).toBe(403);
    expect(await withdraw(a, "E1")).toEqual({ status: 200, body: { item_id: a, status: "withdrawn", withdrawn_at: expect.any(String) } });
    expect((await decide(a, "L1")).status).toBe(409);

    const b = (await post({ ...leave, start_date: "2030-04-02", end_date: "2030-04-04" })).body.item_id as number;
    expect((await decide(b, "L1")).status).toBe(201);
    expect((await withdraw(b, "E1")).body).toMatchObject({ message: "研发经理 has already decided; it can no longer be withdrawn" });
  });

  it("撤销: bad bodies are 400 with the reason and write nothing; the applicant revokes an approved leave (200), again is 409", async () => {
    const a = (await post({ ...leave, start_date: "2030-05-06", end_date: "2030-05-06" })).body.item_id as number;
    expect(await revoke(a, "E1", { reason: "不请了" })).toMatchObject({ status: 409, body: { reason: "open" } });
    expect((await decide(a, "L1")).status).toBe(201);
    expect(await revoke(a, "E1", {})).toMatchObject({ status: 400, body: { message: expect.stringContaining("reason") } });
    expect(await revoke(a, "E1", { reason: "  " })).toMatchObject({ status: 400 });
    expect(await revoke(a, "E1", { reason: "x", extra: 1 })).toMatchObject({ status: 400 });
    expect(await revoke(a, "E1", "not json")).toMatchObject({ status: 400 });
    expect(await revoke("abc", "E1", { reason: "x" })).toMatchObject({ status: 400, body: { message: "id: must be a positive whole number" } });
    expect((await revoke(a, "E2", { reason: "x" })).status).toBe(404);
    expect((await revoke(a, "L1", { reason: "x" })).status).toBe(403);
    expect(await revoke(a, "E1", { reason: "行程取消" })).toEqual({
      status: 200,
      body: { item_id: a, revoked_at: expect.any(String), undone: "leave", dingtalk_cancel_queued: false, wecom_correction_kept: false },
    });
    expect(await revoke(a, "H1", { reason: "再撤" })).toMatchObject({ status: 409, body: { reason: "already_revoked", revokedBy: "申请人甲" } });
  });
});
