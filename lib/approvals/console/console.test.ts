// The 待办 segments, batch agree, the approvals console (list scope, per-step timings), the efficiency figures (exact
// medians, table-driven) and the audit log export, on a real database with items written as the sources leave them.
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  approvalApplications,
  approvalDecisions,
  approvalEvents,
  approvalFlows,
  approvalItems,
  approvalItemSteps,
  approvalStepDecisions,
  approvalTimeoutStages,
  departments,
  employees,
} from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { streamTable } from "@/lib/exports/stream";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { refusedWith, viewerOf, type Person } from "@/tests/people";
import { batchAgree } from "../batch";
import { approvalSegmentCounts, approvalTodoList } from "../queries";
import { approvalLogExport } from "./export";
import { approvalEfficiency, approvalsConsoleQuery, consoleApprovalItem, consoleApprovals, weeksOf } from "./queries";

let t: TestDatabase;
let db: Db;
const p: Record<string, Person> = {};
const dept: Record<string, { id: number; path: string }> = {};
const HR = new Set(["employee", "hr"] as const);
const NOW = new Date("2026-11-20T04:00:00Z"); // Friday 12:00 in Shanghai
const h = (n: number) => n * 3_600_000;
const at = (iso: string) => new Date(iso);
let seq = 0;

async function oaItem(o: { applicant: string; approvers: string[]; submitted: string; due?: string; status?: "open" | "decided" | "cancelled"; attachments?: boolean; source?: "oa" | "app"; title?: string }) {
  const [row] = await db
    .insert(approvalItems)
    .values({
      source: o.source ?? "oa",
      externalId: `X-${++seq}`,
      version: 1,
      title: o.title ?? `采购 ${seq}`,
      applicantId: p[o.applicant].id,
      approverIds: o.approvers.map((a) => p[a].id),
      fields: [{ label: "金额", value: "1" }],
      attachments: o.attachments ? [{ name: "a.pdf", url: "https://oa.example.com/a.pdf" }] : [],
      link: "https://oa.example.com/x",
      dueAt: o.due ? at(o.due) : null,
      status: o.status ?? "open",
      submittedAt: at(o.submitted),
    })
    .returning({ id: approvalItems.id });
  await db.insert(approvalEvents).values({ itemId: row.id, kind: "submit", actorId: p[o.applicant].id, client: "OA API", at: at(o.submitted), details: { version: 1 } });
  return row.id;
}
async function decided(itemId: number, by: string, atIso: string, outcome: "agree" | "refuse" = "agree") {
  await db.insert(approvalDecisions).values({ itemId, outcome, comment: outcome === "agree" ? "" : "不行", deciderId: p[by].id, client: "WeCom iOS", decidedAt: at(atIso), writeBack: "accepted" });
  await db.update(approvalItems).set({ status: "decided" }).where(eq(approvalItems.id, itemId));
  await db.insert(approvalEvents).values({ itemId, kind: "decide", actorId: p[by].id, client: "WeCom iOS", comment: outcome === "agree" ? null : "不行", at: at(atIso), details: { outcome } });
  await db.insert(approvalEvents).values({ itemId, kind: "write_back", actorId: null, client: "OA API", at: new Date(at(atIso).getTime() + 1000), details: { answer: "accepted" } });
}
const v = (no: string, roles: Viewer["roles"] = new Set(["employee"])): Viewer => viewerOf(p[no], roles);
const manager = (): Viewer => ({ ...v("M1", new Set(["employee", "manager"])), managedPaths: [dept.rd.path] });

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  for (const [code, name, parent] of [["rd", "研发部", null], ["rd1", "平台组", "rd"], ["sales", "销售部", null]] as const) {
    const [d] = await db.insert(departments).values({ code, name, path: "/" }).returning();
    const path = `${parent ? dept[parent].path : "/"}${d.id}/`;
    await db.update(departments).set({ path, depth: parent ? 2 : 1 }).where(eq(departments.id, d.id));
    dept[code] = { id: d.id, path };
  }
  const people: [string, string, string][] = [["A1", "申请人甲", "rd1"], ["A2", "申请人乙", "sales"], ["B1", "审批人一", "rd"], ["B2", "审批人二", "rd"], ["M1", "经理", "rd"], ["H1", "人事", "sales"], ["L1", "上级", "rd"]];
  for (const [no, name, d] of people) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name, departmentId: dept[d].id }).returning();
    p[no] = { id: e.id, employeeNo: no, name };
  }
});
afterAll(async () => {
  await t?.close();
});

describe("待办 segments", () => {
  let ids: Record<string, number>;
  beforeAll(async () => {
    ids = {
      newer: await oaItem({ applicant: "A1", approvers: ["B1"], submitted: "2026-11-19T02:00:00Z", due: "2026-11-25T00:00:00Z" }),
      older: await oaItem({ applicant: "A1", approvers: ["B1"], submitted: "2026-11-18T02:00:00Z" }),
      lateSoon: await oaItem({ applicant: "A2", approvers: ["B1", "B2"], submitted: "2026-11-10T02:00:00Z", due: "2026-11-19T00:00:00Z" }),
      lateLater: await oaItem({ applicant: "A2", approvers: ["B1"], submitted: "2026-11-12T02:00:00Z", due: "2026-11-20T00:00:00Z", attachments: true }),
      app: await oaItem({ applicant: "A2", approvers: ["B1"], submitted: "2026-11-17T02:00:00Z", source: "app" }),
      done: await oaItem({ applicant: "A1", approvers: ["B1"], submitted: "2026-11-16T02:00:00Z" }),
      escalated: await oaItem({ applicant: "A2", approvers: ["B2"], submitted: "2026-11-05T02:00:00Z", due: "2026-11-06T00:00:00Z" }),
    };
    await decided(ids.done, "B1", "2026-11-16T05:00:00Z");
    await db.insert(approvalTimeoutStages).values({ itemId: ids.escalated, stepIndex: 0, deadline: at("2026-11-06T00:00:00Z"), stageNo: 1, kind: "escalate", n: 1, dueAt: at("2026-11-06T00:00:00Z"), result: "sent", recipientIds: [p.L1.id, p.B2.id] });
  });
  afterAll(async () => {
    // Out of the way of the console tests' counts.
    const all = Object.values(ids);
    await db.delete(approvalTimeoutStages).where(inArray(approvalTimeoutStages.itemId, all));
    await db.delete(approvalEvents).where(inArray(approvalEvents.itemId, all));
    await db.delete(approvalDecisions).where(inArray(approvalDecisions.itemId, all));
    await db.delete(approvalItems).where(inArray(approvalItems.id, all));
  });

  it("待我处理: open items I must decide, overdue first (soonest due first), then newest; simple = decided here and nothing attached", async () => {
    const { items } = await approvalTodoList(db, v("B1"), { segment: "todo", now: NOW });
    expect(items.map((i) => i.id)).toEqual([ids.lateSoon, ids.lateLater, ids.newer, ids.older, ids.app]);
    expect(items.map((i) => [i.overdue, i.simple])).toEqual([[true, true], [true, false], [false, true], [false, true], [false, true]]);
  });

  it.each([
    { who: "B1", segment: "mine" as const, expected: [] as string[] },
    { who: "A1", segment: "mine" as const, expected: ["newer", "older", "done"] },
    { who: "B1", segment: "done" as const, expected: ["done"] },
    // An escalation copied to the leader (not an approver, not the applicant) is 抄送; to an approver it is not.
    { who: "L1", segment: "cc" as const, expected: ["escalated"] },
    { who: "B2", segment: "cc" as const, expected: [] },
    { who: "B2", segment: "todo" as const, expected: ["escalated", "lateSoon"] },
  ])("$who · $segment", async ({ who, segment, expected }) => {
    const { items } = await approvalTodoList(db, v(who), { segment, now: NOW });
    expect(items.map((i) => Object.entries(ids).find(([, id]) => id === i.id)?.[0])).toEqual(expected);
  });

  it("counts per segment, and the source filter", async () => {
    expect(await approvalSegmentCounts(db, v("B1"))).toEqual({ todo: 5, mine: 0, cc: 0, done: 1 });
    expect(await approvalSegmentCounts(db, v("B1"), { source: "app" })).toEqual({ todo: 1, mine: 0, cc: 0, done: 0 });
    expect(await approvalSegmentCounts(db, v("L1"))).toEqual({ todo: 0, mine: 0, cc: 1, done: 0 });
    const { items } = await approvalTodoList(db, v("B1"), { segment: "todo", source: "app", now: NOW });
    expect(items.map((i) => i.id)).toEqual([ids.app]);
    const paged = await approvalTodoList(db, v("B1"), { segment: "todo", now: NOW, limit: 2 });
    expect([paged.items.length, paged.hasMore]).toEqual([2, true]);
  });

  it("batch agree: each item through the decision path with its own result", async () => {
    const results = await batchAgree(db, v("B1"), [ids.newer, ids.lateLater, ids.done, ids.escalated, 99_999_999, ids.newer], "WeCom iOS");
    expect(results).toEqual([
      { itemId: ids.newer, result: "ok" },
      { itemId: ids.lateLater, result: "not_simple" },
      { itemId: ids.done, result: "already_decided" },
      { itemId: ids.escalated, result: "not_found" },
      { itemId: 99_999_999, result: "not_found" },
    ]);
    const [d] = await db.select().from(approvalDecisions).where(eq(approvalDecisions.itemId, ids.newer));
    expect([d.outcome, d.deciderId, d.client]).toEqual(["agree", p.B1.id, "WeCom iOS"]);
    const events = await db.select({ kind: approvalEvents.kind }).from(approvalEvents).where(eq(approvalEvents.itemId, ids.newer));
    expect(events.map((e) => e.kind)).toEqual(["submit", "decide"]);
    expect((await approvalSegmentCounts(db, v("B1"))).todo).toBe(4);
  });
});

describe("approvals console", () => {
  let flowLeave: number;
  let flowFix: number;
  const items: Record<string, number> = {};

  beforeAll(async () => {
    const [f1] = await db.insert(approvalFlows).values({ code: "t-leave", kind: "leave", name: "请假审批", steps: [] }).returning();
    const [f2] = await db.insert(approvalFlows).values({ code: "t-fix", kind: "correction", name: "补卡审批", steps: [] }).returning();
    flowLeave = f1.id;
    flowFix = f2.id;
    // Week of Mon 2026-11-09 and week of Mon 2026-11-16 (Shanghai). Decide times in hours per item.
    const mk = async (name: string, o: { applicant: string; submitted: string; hours?: number; flow?: number; due?: string; status?: "open" | "cancelled" }) => {
      const id = await oaItem({ applicant: o.applicant, approvers: ["B1"], submitted: o.submitted, due: o.due, source: o.flow ? "app" : "oa", title: name });
      if (o.flow) await db.insert(approvalApplications).values({ itemId: id, kind: o.flow === flowLeave ? "leave" : "correction", flowId: o.flow, form: {} });
      if (o.hours !== undefined) await decided(id, "B1", new Date(at(o.submitted).getTime() + h(o.hours)).toISOString());
      if (o.status === "cancelled") await db.update(approvalItems).set({ status: "cancelled" }).where(eq(approvalItems.id, id));
      items[name] = id;
    };
    await mk("leave1", { applicant: "A1", submitted: "2026-11-09T02:00:00Z", hours: 1, flow: flowLeave });
    await mk("leave2", { applicant: "A1", submitted: "2026-11-10T02:00:00Z", hours: 2, flow: flowLeave, due: "2026-11-10T03:00:00Z" }); // decided late
    await mk("leave3", { applicant: "A2", submitted: "2026-11-17T02:00:00Z", hours: 4, flow: flowLeave });
    await mk("fix1", { applicant: "A2", submitted: "2026-11-16T02:00:00Z", hours: 1, flow: flowFix });
    await mk("fix2", { applicant: "A1", submitted: "2026-11-18T02:00:00Z", hours: 3, flow: flowFix });
    await mk("oa1", { applicant: "A2", submitted: "2026-11-11T02:00:00Z", hours: 10 });
    await mk("oaOpenLate", { applicant: "A1", submitted: "2026-11-12T02:00:00Z", due: "2026-11-13T02:00:00Z" });
    await mk("oaOpen", { applicant: "A2", submitted: "2026-11-19T02:00:00Z", due: "2026-11-30T02:00:00Z" });
    await mk("before", { applicant: "A1", submitted: "2026-10-01T02:00:00Z", hours: 100 }); // outside the period

    // Our flow's path: step 0 (B1) agreed 30 min after submit; step 1 (会签 B2 + H1) active since then, B2 agreed 2 h later.
    await db.insert(approvalItemSteps).values([
      { itemId: items.oaOpen, stepIndex: 0, mode: "single", approverIds: [p.B1.id], status: "agreed", activatedAt: at("2026-11-19T02:00:00Z"), endedAt: at("2026-11-19T02:30:00Z") },
      { itemId: items.oaOpen, stepIndex: 1, mode: "all", approverIds: [p.B2.id, p.H1.id], status: "active", activatedAt: at("2026-11-19T02:30:00Z") },
    ]);
    await db.insert(approvalStepDecisions).values([
      { itemId: items.oaOpen, stepIndex: 0, deciderId: p.B1.id, outcome: "agree", comment: "同意", client: "DingTalk Android", decidedAt: at("2026-11-19T02:30:00Z") },
      { itemId: items.oaOpen, stepIndex: 1, deciderId: p.B2.id, outcome: "agree", comment: "", client: "Browser macOS", decidedAt: at("2026-11-19T04:30:00Z") },
    ]);
  });

  const q = (o: Record<string, string>) => approvalsConsoleQuery.parse(o);
  const PERIOD = { from: "2026-11-09", to: "2026-11-22" };

  it.each([
    // median of the decided items' hours (percentile_cont: the middle one, or the mean of the two middle ones)
    { name: "all", filter: {}, submitted: 8, decided: 6, overdueOpen: 1, decidedLate: 1, median: h(2.5) / 1000 },
    { name: "by leave flow", filter: { flow: "LEAVE" }, submitted: 3, decided: 3, overdueOpen: 0, decidedLate: 1, median: h(2) / 1000 },
    { name: "by source oa", filter: { source: "oa" }, submitted: 3, decided: 1, overdueOpen: 1, decidedLate: 0, median: h(10) / 1000 },
    { name: "department 研发部 (subtree: 平台组)", filter: { department: "RD" }, submitted: 4, decided: 3, overdueOpen: 1, decidedLate: 1, median: h(2) / 1000 },
    { name: "overdue only", filter: { overdue: "1" }, submitted: 1, decided: 0, overdueOpen: 1, decidedLate: 0, median: null },
  ])("efficiency: $name", async ({ filter, ...want }) => {
    const f = Object.fromEntries(Object.entries(filter).map(([k, x]) => [k, x === "LEAVE" ? String(flowLeave) : x === "RD" ? String(dept.rd.id) : x]));
    const r = await approvalEfficiency(db, v("H1", HR), q({ ...PERIOD, ...f }), NOW);
    expect(r.total).toEqual({ submitted: want.submitted, decided: want.decided, open: want.submitted - want.decided, overdueOpen: want.overdueOpen, decidedLate: want.decidedLate, medianSeconds: want.median });
  });

  it("efficiency per flow, per department and per week, exact medians", async () => {
    const r = await approvalEfficiency(db, v("H1", HR), q(PERIOD), NOW);
    expect(r.byFlow.map((g) => [g.key, g.name, g.submitted, g.medianSeconds])).toEqual([
      [`flow:${flowLeave}`, "请假审批", 3, h(2) / 1000],
      ["source:oa", null, 3, h(10) / 1000],
      [`flow:${flowFix}`, "补卡审批", 2, h(2) / 1000],
    ]);
    expect(r.byDepartment.map((g) => [g.name, g.submitted, g.decided, g.medianSeconds, g.overdueOpen])).toEqual([
      ["平台组", 4, 3, h(2) / 1000, 1],
      ["销售部", 4, 3, h(4) / 1000, 0],
    ]);
    expect(r.byWeek.map((w) => [w.week, w.submitted, w.decided, w.medianSeconds])).toEqual([
      ["2026-11-09", 4, 3, h(2) / 1000],
      ["2026-11-16", 4, 3, h(3) / 1000],
    ]);
    // The default period: the last 8 weeks up to today.
    const d = await approvalEfficiency(db, v("H1", HR), q({}), NOW);
    expect([d.from, d.to]).toEqual(["2026-09-26", "2026-11-20"]);
    expect(d.total.submitted).toBe(9);
  });

  it("weeks of a period: Mondays, empty ones included", () => {
    expect(weeksOf("2026-11-04", "2026-11-22")).toEqual(["2026-11-02", "2026-11-09", "2026-11-16"]);
  });

  it("scope: HR sees everything, a manager their subtrees' applicants, a department outside it is a 404, others 403", async () => {
    const all = await consoleApprovals(db, v("H1", HR), q(PERIOD), NOW);
    expect(all.total).toBe(8);
    const mine = await consoleApprovals(db, manager(), q(PERIOD), NOW);
    expect(mine.rows.map((r) => r.applicantName).every((n) => n === "申请人甲")).toBe(true);
    expect(mine.total).toBe(4);
    expect(await refusedWith(consoleApprovals(db, manager(), q({ department: String(dept.sales.id) }), NOW))).toBe(404);
    expect(await refusedWith(consoleApprovals(db, v("A1"), q({}), NOW))).toBe(403);
    expect(await consoleApprovalItem(db, manager(), items.oa1, NOW)).toBeNull(); // 销售部: not theirs
    const list = await consoleApprovals(db, v("H1", HR), q({ ...PERIOD, status: "open" }), NOW);
    expect(list.rows.map((r) => [r.title, r.overdue])).toEqual([["oaOpen", false], ["oaOpenLate", true]]);
    expect(approvalsConsoleQuery.safeParse({ from: "2026-11-30", to: "2026-11-01" }).success).toBe(false);
    expect(approvalsConsoleQuery.safeParse({ status: "nope" }).success).toBe(false);
  });

  it("per-step timings: who, when the step reached them, when they decided, how long; the waiting one counts to now", async () => {
    const item = (await consoleApprovalItem(db, v("H1", HR), items.oaOpen, NOW))!;
    expect(item.steps.map((s) => [s.index, s.mode, s.status, s.approvers.map((a) => [a.name, a.outcome, a.seconds, a.waiting])])).toEqual([
      [0, "single", "agreed", [["审批人一", "agree", 1800, false]]],
      [1, "all", "active", [["审批人二", "agree", 7200, false], ["人事", null, (NOW.getTime() - at("2026-11-19T02:30:00Z").getTime()) / 1000, true]]],
    ]);
    const oa = (await consoleApprovalItem(db, v("H1", HR), items.oa1, NOW))!;
    expect(oa.steps.map((s) => s.approvers.map((a) => [a.name, a.outcome, a.seconds]))).toEqual([[["审批人一", "agree", 36_000]]]);
    expect(oa.events.map((e) => e.kind)).toEqual(["submit", "decide", "write_back"]);
  });

  it("the audit log export: every act of the filtered items, oldest first, as CSV rows", async () => {
    const { table, local } = await approvalLogExport(db, v("H1", HR), { source: "oa", ...PERIOD }, "zh-CN", NOW);
    expect(local).toBe("审批日志");
    const reader = streamTable(table, "csv").getReader();
    let text = "";
    const dec = new TextDecoder();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    const lines = text.replace(/^\uFEFF/, "").trim().split("\n").map((l) => l.replace(/\r$/, "").split(","));
    expect(lines[0]).toEqual(["时间", "事项ID", "来源编号", "来源", "事项", "操作", "操作人", "工号", "终端", "意见", "说明"]);
    const rows = lines.slice(1).map((c) => [c[4], c[5], c[6], c[8], c[10]]);
    expect(rows).toEqual([
      ["oa1", "提交", "申请人乙", "OA API", "v1"],
      ["oa1", "处理", "审批人一", "WeCom iOS", "同意"],
      ["oa1", "写回及回执", "系统", "OA API", "来源已接收"],
      ["oaOpenLate", "提交", "申请人甲", "OA API", "v1"],
      ["oaOpen", "提交", "申请人乙", "OA API", "v1"],
    ]);
    expect(lines[1][0]).toBe("2026-11-11 10:00:00");
    // A manager's export holds only their subtree's items; another department is a 404 before any byte.
    const m = await approvalLogExport(db, manager(), { source: "oa", ...PERIOD }, "zh-CN", NOW);
    const rowsOf = async (tb: typeof m.table) => {
      const out: unknown[][] = [];
      for await (const r of tb.rows) out.push(r);
      return out;
    };
    expect((await rowsOf(m.table)).map((r) => r[4])).toEqual(["oaOpenLate"]);
    expect(await refusedWith(approvalLogExport(db, manager(), { department: String(dept.sales.id) }, "zh-CN", NOW))).toBe(404);
    expect(await refusedWith(approvalLogExport(db, v("A1"), {}, "zh-CN", NOW))).toBe(403);
  });
});
