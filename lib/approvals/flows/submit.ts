// An employee files one of our own applications (leave, 补卡, 会议请假): the path is resolved now (resolve.ts) and fixed on
// the item; the item is an approval_items row (source "app") whose approver_ids are the people asked right now, so
// the 待办 list and its index serve both sources. Idempotent by the form's request id.
import "server-only";
import { enqueueApprovalSnapshot } from "./oa";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalApplications, approvalEvents, approvalItems, approvalItemSteps, type ApprovalField } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/errors";
import { assertExcusable } from "@/lib/meetings/excuses";
import { syncApprovalSurfaces } from "../notify/surfaces";
import { deadlineOf } from "../escalation/deadline";
import { assertCorrectionAllowed } from "./correction-caps";
import { resolvePath, type ResolvedPath } from "./resolve";
import { assertOvertimeAllowed, describeOvertime } from "./overtime";
import { leaveDays, overtimeMinutes, type ApplicationRequest } from "./schemas";
import type { ConditionFacts } from "./path";

export interface SubmitResult {
  itemId: number;
  created: boolean;
  path: ResolvedPath["steps"];
}

export function factsOf(
  a:
    | { kind: "leave"; leave_type: string; start_date: string; end_date: string }
    | { kind: "correction" }
    | { kind: "overtime"; start_time: string; end_time: string; end_next_day?: boolean }
    | { kind: "meeting_excuse" },
): ConditionFacts {
  if (a.kind === "overtime") return { days: null, leaveType: null, hours: overtimeMinutes(a) / 60 };
  return a.kind === "leave" ? { days: leaveDays(a.start_date, a.end_date), leaveType: a.leave_type } : { days: null, leaveType: null };
}

/** How the org's zone shows a meeting's start in a title or field ("12月7日 10:00"). */
function meetingTime(d: Date): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: env().ORG_TIMEZONE, month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
}

/**
 * 会议请假: the meeting must still be excusable (lib/meetings/excuses.ts: 400 with the reason), and the applicant
 * must not have another one open for it (400 already_pending). Returns the facts the path and the title need.
 */
export async function meetingExcuseFacts(db: Db, applicantId: number, meetingId: number, now = new Date()) {
  const meeting = await assertExcusable(db, applicantId, meetingId, now);
  const [open] = await db
    .select({ id: approvalItems.id })
    .from(approvalItems)
    .innerJoin(approvalApplications, eq(approvalApplications.itemId, approvalItems.id))
    .where(
      and(
        eq(approvalItems.applicantId, applicantId),
        eq(approvalItems.status, "open"),
        eq(approvalApplications.kind, "meeting_excuse"),
        sql`${approvalApplications.form}->>'meeting_id' = ${String(meetingId)}`,
      ),
    )
    .limit(1);
  if (open) throw badRequest("you already have an excuse for this meeting waiting for approval", { reason: "already_pending", item_id: open.id });
  return { meeting, facts: { days: null, leaveType: null, meetingOrganizerId: meeting.organizerId ?? null } satisfies ConditionFacts };
}

function describe(a: ApplicationRequest, meeting?: { title: string; startsAt: Date }): { title: string; fields: ApprovalField[] } {
  if (a.kind === "meeting_excuse") {
    const when = meeting ? meetingTime(meeting.startsAt) : "";
    return {
      title: `会议请假 · ${meeting?.title ?? `会议 ${a.meeting_id}`} · ${when}`,
      fields: [
        { label: "会议", value: meeting?.title ?? String(a.meeting_id) },
        { label: "会议时间", value: when },
        { label: "原因类别", value: a.category },
        { label: "说明", value: a.reason },
      ],
    };
  }
  if (a.kind === "leave") {
    const days = leaveDays(a.start_date, a.end_date);
    const span = a.start_date === a.end_date ? a.start_date : `${a.start_date} 至 ${a.end_date}`;
    return {
      title: `请假 · ${a.leave_type} · ${span}（${days} 天）`,
      fields: [
        { label: "假期类型", value: a.leave_type },
        { label: "开始日期", value: a.start_date },
        { label: "结束日期", value: a.end_date },
        { label: "天数", value: String(days) },
        { label: "事由", value: a.reason },
      ],
    };
  }
  if (a.kind === "overtime") return describeOvertime(a);
  return {
    title: `补卡 · ${a.date} ${a.time}`,
    fields: [
      { label: "日期", value: a.date },
      { label: "时间", value: a.time },
      { label: "事由", value: a.reason },
    ],
  };
}

/**
 * Submit `input` as `viewer`. A 补卡 breaking HR's caps is refused before anything is written (correction-caps.ts).
 * A resubmission with the same request id returns the application already filed.
 */
export async function submitApplication(
  db: Db,
  viewer: Viewer,
  input: ApplicationRequest,
  client: string,
  now = new Date(),
): Promise<SubmitResult> {
  return db.transaction(async (tx) => {
    const externalId = `${viewer.employeeId}:${input.request_id ?? randomUUID()}`;
    const [held] = await tx.select({ id: approvalItems.id }).from(approvalItems).where(and(eq(approvalItems.source, "app"), eq(approvalItems.externalId, externalId)));
    if (held) {
      const steps = await tx.select().from(approvalItemSteps).where(eq(approvalItemSteps.itemId, held.id)).orderBy(approvalItemSteps.stepIndex);
      return { itemId: held.id, created: false, path: steps.map((s) => ({ mode: s.mode, approverIds: s.approverIds.map(Number) })) };
    }
    if (input.kind === "correction") await assertCorrectionAllowed(tx, viewer.employeeId, input.date, now);
    if (input.kind === "overtime") await assertOvertimeAllowed(tx, viewer.employeeId, input, now);
    // Two excuses for one meeting sent at once (different request ids): the second waits here, then sees the first.
    if (input.kind === "meeting_excuse") await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`meeting_excuse:${viewer.employeeId}:${input.meeting_id}`}))`);
    const excuse = input.kind === "meeting_excuse" ? await meetingExcuseFacts(tx, viewer.employeeId, input.meeting_id, now) : null;
    const path = await resolvePath(tx, viewer.employeeId, input.kind, excuse?.facts ?? factsOf(input));
    const { title, fields } = describe(input, excuse?.meeting);
    const [item] = await tx
      .insert(approvalItems)
      .values({ source: "app", externalId, version: 1, title, applicantId: viewer.employeeId, approverIds: path.steps[0].approverIds, fields, link: "", dueAt: deadlineOf(now, path.steps[0].timeout) })
      .onConflictDoNothing({ target: [approvalItems.source, approvalItems.externalId] })
      .returning({ id: approvalItems.id });
    // A concurrent resubmission of the same form won the insert: this one writes nothing.
    if (!item) throw new Error(`application ${externalId} was submitted concurrently; retry`);
    await tx.update(approvalItems).set({ link: `/todos/approvals/${item.id}` }).where(eq(approvalItems.id, item.id));
    const { request_id: _omit, ...form } = input;
    await tx.insert(approvalApplications).values({ itemId: item.id, kind: input.kind, flowId: path.flow.id, form, days: factsOf(input).days });
    // The first step is active from now: its 审批超时 clock (activated_at) starts, and its deadline is the item's due_at.
    await tx.insert(approvalItemSteps).values(
      path.steps.map((s, i) => ({ itemId: item.id, stepIndex: i, mode: s.mode, approverIds: s.approverIds, status: i === 0 ? ("active" as const) : ("waiting" as const), activatedAt: i === 0 ? now : null, timeout: s.timeout ?? null })),
    );
    await tx.insert(approvalEvents).values({
      itemId: item.id,
      kind: "submit",
      actorId: viewer.employeeId,
      client,
      details: { flow: path.flow.code, steps: path.steps.map((s) => ({ mode: s.mode, approverIds: s.approverIds })) },
    });
    // The first step's approvers get the item in WeCom / DingTalk (later steps only when they become active).
    await syncApprovalSurfaces(tx, item.id);
    await enqueueApprovalSnapshot(tx, item.id);
    return { itemId: item.id, created: true, path: path.steps };
  });
}
