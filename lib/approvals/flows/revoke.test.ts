// 撤销 after approval, over the demo company (real database, the demo seed): each kind's effects undone through the
// write paths (leave → span cancelled, meetings' leave removed, the day recomputed off leave; 补卡 → the punch
// vanished and the cap's chance back; 加班 → the window cancelled), DingTalk approve/cancel queued once, the approvers
// told once, the act logged, the pull feed showing revoked_at; and every refusal with the exact state left behind.
import { and, asc, eq, isNull } from "drizzle-orm";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { approvalApplications, approvalEvents, approvalItems, attendanceDays, attendanceLateEvidence, leaves, leaveSpans, notificationOutbox, oaOutbox, overtimeApprovals, punches } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { lockPeriod } from "@/lib/attendance/period-lock";
import { postgresSink } from "@/lib/oa-sync/sinks/postgres";
import type { OutboxItem } from "@/lib/oa-sync/sinks/types";
import { seedApprovalsDemo, shanghai } from "@/tests/approvals-demo";
import { createTestDatabase, testPostgresUrl, withOaDatabase, type TestDatabase } from "@/tests/db";
import { realViewerOf, refusalOf } from "@/tests/people";
import { approvalsConsoleQuery, consoleApprovalItem, consoleApprovals } from "../console/queries";
import { decideApproval } from "../decide";
import { listApprovalsPage } from "../queries";
import { correctionAllowance } from "./correction-caps";
import { applicationDates, revokeApplication } from "./revoke";
import { submitApplication } from "./submit";

const MON = "2026-12-07";
const at = shanghai;
const NOW = at(MON, "12:00");
let t: TestDatabase;
let db: Db;
let applicant: Viewer;
let leader: Viewer;
let hr: Viewer;
let colleague: Viewer;
const org = buildDemoOrg();
const viewerOfNo = (no: string) => realViewerOf(db, no);
const refusal = refusalOf;
const dayOf = async (date: string) => (await db.select({ statuses: attendanceDays.statuses }).from(attendanceDays).where(and(eq(attendanceDays.employeeId, applicant.employeeId), eq(attendanceDays.businessDate, date))))[0]?.statuses ?? null;
const approved = async (form: Parameters<typeof submitApplication>[2]) => {
  const { itemId, path } = await submitApplication(db, applicant, form, "test", NOW);
  for (const step of path) for (const id of step.approverIds) await decideApproval(db, (await buildViewer(db, id))!, itemId, { outcome: "agree", comment: "" }, "test").catch(() => undefined);
  expect((await db.select({ status: approvalItems.status }).from(approvalItems).where(eq(approvalItems.id, itemId)))[0].status).toBe("decided");
  return itemId;
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedApprovalsDemo(db, MON);
  const who = org.employees.filter((e) => !e.isLeader && e.role === "employee" && e.departmentCode === "D112");
  applicant = await viewerOfNo(who[0].employeeNo);
  colleague = await viewerOfNo(who[1].employeeNo);
  hr = await viewerOfNo(org.employees.find((e) => e.role === "hr")!.employeeNo);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe("applicationDates", () => {
  it.each([
    { name: "leave: its first and last day", kind: "leave", form: { start_date: "2026-12-08", end_date: "2026-12-10" }, meeting: null, want: { from: "2026-12-08", to: "2026-12-10" } },
    { name: "补卡: its day", kind: "correction", form: { date: "2026-11-30", time: "09:00" }, meeting: null, want: { from: "2026-11-30", to: "2026-11-30" } },
    { name: "加班 ending next day: both days", kind: "overtime", form: { date: "2026-11-30", end_next_day: true }, meeting: null, want: { from: "2026-11-30", to: "2026-12-01" } },
    { name: "加班 within the day", kind: "overtime", form: { date: "2026-11-30", end_next_day: false }, meeting: null, want: { from: "2026-11-30", to: "2026-11-30" } },
    { name: "会议请假: the meeting's business date", kind: "meeting_excuse", form: { meeting_id: 1 }, meeting: "2026-12-09", want: { from: "2026-12-09", to: "2026-12-09" } },
    { name: "会议请假 of a meeting gone: no dates", kind: "meeting_excuse", form: { meeting_id: 1 }, meeting: null, want: null },
  ])("$name", ({ kind, form, meeting, want }) => {
    expect(applicationDates(kind, form, meeting)).toEqual(want);
  });
});

let leaveItem: number;
describe("revoking an approved leave", () => {
  let itemId: number;
  it("undoes the span, the meetings' leave and the leave day; queues DingTalk's cancel once; tells the leader once; logs it", async () => {
    itemId = leaveItem = await approved({ kind: "leave", leave_type: "事假", start_date: "2026-12-08", end_date: "2026-12-08", reason: "家里有事" });
    const [{ approverIds }] = await db.select({ approverIds: approvalItems.approverIds }).from(approvalItems).where(eq(approvalItems.id, itemId));
    expect(approverIds).toEqual([]);
    const [app] = await db.select().from(approvalApplications).where(eq(approvalApplications.itemId, itemId));
    expect(app.meetingLeaveId).not.toBeNull();
    expect(await dayOf("2026-12-08")).toEqual(["leave"]);
    const [before] = await db.select({ updatedAt: approvalItems.updatedAt }).from(approvalItems).where(eq(approvalItems.id, itemId));
    // The demo company reads DingTalk attendance and the applicant has a DingTalk account: the leave was written there.
    const finishQueued = await db.$count(notificationOutbox, eq(notificationOutbox.dedupeKey, `attendance_approval_finish:${itemId}`));
    expect(finishQueued).toBe(1);

    // Revoked now (the real clock): the pull feed only serves rows updated before its bound.
    const later = new Date();
    const r = await revokeApplication(db, applicant, itemId, "  行程取消，正常上班  ", "WeCom iOS", later);
    expect(r).toEqual({ itemId, revokedAt: later.toISOString(), undone: "leave", dingtalkCancelQueued: true, wecomCorrectionKept: false });

    expect((await db.select().from(leaveSpans).where(and(eq(leaveSpans.source, "approval"), eq(leaveSpans.sourceKey, String(itemId)))))[0].cancelledAt).not.toBeNull();
    expect(await db.$count(leaves, eq(leaves.id, app.meetingLeaveId!))).toBe(0);
    expect(await dayOf("2026-12-08")).not.toContain("leave");
    const [after] = await db.select().from(approvalApplications).where(eq(approvalApplications.itemId, itemId));
    expect(after).toMatchObject({ revokedBy: applicant.employeeId, revokeReason: "行程取消，正常上班" });
    expect(after.revokedAt!.toISOString()).toBe(later.toISOString());
    const [item] = await db.select({ status: approvalItems.status, updatedAt: approvalItems.updatedAt }).from(approvalItems).where(eq(approvalItems.id, itemId));
    expect(item.status).toBe("decided"); // the decision stays on record
    expect(item.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());

    const events = await db.select().from(approvalEvents).where(and(eq(approvalEvents.itemId, itemId), eq(approvalEvents.kind, "revoke")));
    expect(events.map((e) => ({ actor: e.actorId, client: e.client, comment: e.comment, by: e.details.by, undone: e.details.undone }))).toEqual([
      { actor: applicant.employeeId, client: "WeCom iOS", comment: "行程取消，正常上班", by: "applicant", undone: "leave" },
    ]);
    const told = await db.select({ to: notificationOutbox.recipientEmployeeId, kind: notificationOutbox.kind }).from(notificationOutbox).where(eq(notificationOutbox.kind, "approval_revoked"));
    leader = (await buildViewer(db, Number((await db.select().from(approvalEvents).where(and(eq(approvalEvents.itemId, itemId), eq(approvalEvents.kind, "decide"))))[0].actorId)))!;
    expect(told).toEqual([{ to: leader.employeeId, kind: "approval_revoked" }]);
    expect(await db.$count(notificationOutbox, eq(notificationOutbox.dedupeKey, `attendance_approve_cancel:${itemId}`))).toBe(1);

    const feed = await listApprovalsPage(db, { limit: 500, safetyLagMs: 0 });
    expect(feed.data.find((x) => x.id === itemId)).toMatchObject({ kind: "leave", status: "decided", revoked_at: later.toISOString(), decision: { outcome: "agree" } });
  });

  it("a second revoke is refused as already revoked and changes nothing", async () => {
    const outbox = await db.$count(notificationOutbox);
    expect(await refusal(revokeApplication(db, hr, itemId, "再撤一次", "test", NOW))).toMatchObject({ status: 409, reason: "already_revoked" });
    expect(await db.$count(notificationOutbox)).toBe(outbox);
    expect(await db.$count(approvalEvents, and(eq(approvalEvents.itemId, itemId), eq(approvalEvents.kind, "revoke")))).toBe(1);
  });

  it("the approver may not revoke (403); someone off the item sees nothing (404); no reason is a 400", async () => {
    const other = await approved({ kind: "leave", leave_type: "年假", start_date: "2026-12-10", end_date: "2026-12-10", reason: "休息" });
    expect(await refusal(revokeApplication(db, leader, other, "我来撤", "test", NOW))).toMatchObject({ status: 403 });
    expect(await refusal(revokeApplication(db, colleague, other, "我来撤", "test", NOW))).toMatchObject({ status: 404 });
    expect(await refusal(revokeApplication(db, applicant, other, "   ", "test", NOW))).toMatchObject({ status: 400 });
    expect(await dayOf("2026-12-10")).toEqual(["leave"]);
    expect((await db.select().from(approvalApplications).where(eq(approvalApplications.itemId, other)))[0].revokedAt).toBeNull();
  });

  it("an open application is refused (withdraw it instead); a refused one is not approved", async () => {
    const { itemId: open } = await submitApplication(db, applicant, { kind: "leave", leave_type: "事假", start_date: "2026-12-11", end_date: "2026-12-11", reason: "办事" }, "test", NOW);
    expect(await refusal(revokeApplication(db, applicant, open, "不请了", "test", NOW))).toMatchObject({ status: 409, reason: "open" });
    await decideApproval(db, leader, open, { outcome: "refuse", comment: "项目上线" }, "test");
    expect(await refusal(revokeApplication(db, applicant, open, "不请了", "test", NOW))).toMatchObject({ status: 409, reason: "not_approved" });
  });
});

describe("revoking 补卡 and 加班", () => {
  it("补卡: the punch vanishes (kept, marked), and the period's correction count is given back", async () => {
    // A day with a missing punch to correct (the demo's days of this person may all be normal).
    const date = "2026-12-04";
    await db.update(attendanceDays).set({ statuses: ["missing_in"] }).where(and(eq(attendanceDays.employeeId, applicant.employeeId), eq(attendanceDays.businessDate, date)));
    const before = (await correctionAllowance(db, applicant.employeeId, NOW)).remaining;
    const itemId = await approved({ kind: "correction", date, time: "09:00", reason: "忘记打卡" });
    expect((await correctionAllowance(db, applicant.employeeId, NOW)).remaining).toBe(before - 1);
    const [p] = await db.select().from(punches).where(and(eq(punches.source, "app"), eq(punches.recordId, `correction:${itemId}`)));
    expect(p.changeState).not.toBe("vanished");

    // Written to WeCom attendance on approval (punch_correction): WeCom has no API to take it back, and says so.
    expect(await db.$count(notificationOutbox, eq(notificationOutbox.dedupeKey, `attendance_punch_correction:${itemId}`))).toBe(1);
    expect(await revokeApplication(db, applicant, itemId, "记错日期", "test", NOW)).toMatchObject({ undone: "correction", wecomCorrectionKept: true, dingtalkCancelQueued: false });
    const [gone] = await db.select().from(punches).where(eq(punches.id, p.id));
    expect(gone.changeState).toBe("vanished");
    expect((await correctionAllowance(db, applicant.employeeId, NOW)).remaining).toBe(before);
  });

  it("加班: the approved window is cancelled (kept for the record)", async () => {
    const itemId = await approved({ kind: "overtime", date: "2026-12-05", start_time: "10:00", end_time: "15:00", end_next_day: false, compensation: "leave", reason: "上线" });
    const live = () => db.$count(overtimeApprovals, and(eq(overtimeApprovals.sourceKey, String(itemId)), isNull(overtimeApprovals.cancelledAt)));
    expect(await live()).toBe(1);
    expect((await revokeApplication(db, applicant, itemId, "没有加班", "test", NOW)).undone).toBe("overtime");
    expect(await live()).toBe(0);
    expect(await db.$count(overtimeApprovals, eq(overtimeApprovals.sourceKey, String(itemId)))).toBe(1);
  });
});

describe("a locked payroll period", () => {
  it("the applicant is refused with the period named; HR revokes, and the held day is queued as late evidence", async () => {
    const itemId = await approved({ kind: "leave", leave_type: "事假", start_date: "2026-11-27", end_date: "2026-11-27", reason: "补请假" });
    expect(await dayOf("2026-11-27")).toEqual(["leave"]);
    await lockPeriod(db, hr, { month: "2026-11" });
    expect(await refusal(revokeApplication(db, applicant, itemId, "不请了", "test", NOW))).toMatchObject({ status: 409, reason: "period_locked" });
    expect((await db.select().from(approvalApplications).where(eq(approvalApplications.itemId, itemId)))[0].revokedAt).toBeNull();

    const r = await revokeApplication(db, hr, itemId, "员工当天实际出勤", "test", NOW);
    expect(r.undone).toBe("leave");
    expect(await dayOf("2026-11-27")).toEqual(["leave"]); // held by the lock until HR reopens
    expect(await db.$count(attendanceLateEvidence, and(eq(attendanceLateEvidence.employeeId, applicant.employeeId), eq(attendanceLateEvidence.businessDate, "2026-11-27"), isNull(attendanceLateEvidence.appliedAt)))).toBeGreaterThan(0);
    // HR revoked it: the applicant is told too, in HR's words.
    const told = await db.select({ to: notificationOutbox.recipientEmployeeId, payload: notificationOutbox.payload }).from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `approval_revoked:${itemId}:${applicant.employeeId}`));
    expect(told).toHaveLength(1);
    expect(String((told[0].payload as { description: string }).description)).toContain("员工当天实际出勤");
    const [ev] = await db.select().from(approvalEvents).where(and(eq(approvalEvents.itemId, itemId), eq(approvalEvents.kind, "revoke")));
    expect(ev.details.by).toBe("hr");
    // HR's console lists it as revoked (the decision stays: status decided, outcome agree).
    expect((await consoleApprovalItem(db, hr, itemId))?.row).toMatchObject({ status: "decided", outcome: "agree", revoked: true });
    expect((await consoleApprovals(db, hr, approvalsConsoleQuery.parse({}))).rows.find((r) => r.id === itemId)).toMatchObject({ revoked: true });
  });
});

describe("the OA", () => {
  const outboxOf = (itemId: number) => db.select().from(oaOutbox).where(and(eq(oaOutbox.aggregateType, "approval"), eq(oaOutbox.aggregateId, String(itemId)))).orderBy(asc(oaOutbox.id));

  it("gets the application's state after every act (submit, each decision, 撤销), versions growing, the last one revoked", async () => {
    const rows = await outboxOf(leaveItem);
    const states = rows.map((r) => ({ v: r.version, status: (r.payload as { status: string }).status }));
    expect(states.map((x) => x.status)).toEqual([...Array(states.length - 2).fill("open"), "agreed", "revoked"]);
    // In the order the acts enqueued them (outbox id), each version is higher than the one before.
    expect(states.every((x, i) => i === 0 || x.v > states[i - 1].v)).toBe(true);
    const last = rows[rows.length - 1].payload as Record<string, unknown>;
    expect(last).toMatchObject({ record_id: leaveItem, kind: "leave", applicant_employee_no: applicant.employeeNo, revoke_reason: "行程取消，正常上班", current_approver_employee_nos: [], form: { leave_type: "事假", start_date: "2026-12-08" } });
    expect((last.steps as { approvers: { outcome: string | null }[] }[])[0].approvers.some((a) => a.outcome === "agree")).toBe(true);
  });

  const BASE = testPostgresUrl();
  it.skipIf(!BASE)("the Postgres sink lands them in qiandao_approvals; an older version delivered late changes nothing", async () => {
    await withOaDatabase(async (url) => {
      const sink = postgresSink(url);
      try {
        const rows = await outboxOf(leaveItem);
        const items: OutboxItem[] = rows.map((r) => ({ id: r.id, aggregateType: r.aggregateType, aggregateId: r.aggregateId, version: r.version, idempotencyKey: r.idempotencyKey, payload: r.payload, attempts: 0, createdAt: r.createdAt }));
        // newest first, then the older ones late, then the newest again (a redelivery)
        const outcomes = [];
        for (const i of [...items].reverse()) outcomes.push(...(await sink.deliver([i])).values());
        outcomes.push(...(await sink.deliver([items[items.length - 1]])).values());
        expect(outcomes.filter((o) => o.kind !== "delivered")).toEqual([]);
        const oa = new Client({ connectionString: url });
        await oa.connect();
        const held = await oa.query(`SELECT record_id::int AS id, status, revoke_reason, version, current_approver_employee_nos, steps->0->>'status' AS first_step FROM qiandao_approvals`);
        expect(held.rows).toEqual([{ id: leaveItem, status: "revoked", revoke_reason: "行程取消，正常上班", version: rows[rows.length - 1].version, current_approver_employee_nos: [], first_step: "agreed" }]);
        await oa.end();
      } finally {
        await sink.close?.();
      }
    });
  });
});
