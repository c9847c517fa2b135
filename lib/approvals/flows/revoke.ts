// 撤销 after approval: an approved application of our own flows is revoked by its applicant (until the payroll
// period of its days is locked) or by HR / an admin (any time: days in a locked period are then held as late
// evidence, like every other change, until HR reopens it). Under the item's row lock, once:
//   · what the approval did is undone (flows/effects.ts reverseApprovedEffects): the leave span and the meetings'
//     leave, the 补卡 punch, the overtime window, the meeting excuse — each through the write path that recomputes
//     the person-days and meeting rows, so the OA outbox, the pull API and the live views follow;
//   · what was written into a vendor's attendance is undone there: DingTalk approve/cancel, queued once per
//     approval (vendor-write/enqueue.ts). WeCom has no API that removes a punch_correction (attendance-approvals.md
//     §3.1; doc path/95803 lists none), so a 补卡 written to WeCom stays there: the answer and the log say so;
//   · the approvers who agreed (and the applicant, when HR revoked it) are told in chat, once each;
//   · the act goes into the audit log with its reason; the decision stays on record (approval_decisions), the
//     application reads as revoked (approval_applications.revoked_at) and the item's updated_at moves so a pull
//     sees it again; the OA gets the application's new state through the outbox (status "revoked", flows/oa.ts).
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalApplications, approvalDecisions, approvalEvents, approvalItems, approvalStepDecisions, meetings, notificationOutbox } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { lockedRanges } from "@/lib/attendance/period-gate";
import { appUrl } from "@/lib/env";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { enqueueNotifications, type ChatNotification } from "@/lib/notifications/outbox";
import { addDays, businessDate } from "@/lib/time";
import { chatChannel, vendorAccountsOf } from "../notify/accounts";
import { enqueueAttendanceCancel, WRITE_KINDS } from "../vendor-write/enqueue";
import { reverseApprovedEffects, type Reversal } from "./effects";
import { enqueueApprovalSnapshot } from "./oa";
import { namesOf } from "./state";

export const REVOKE_REASON_MAX = 500;

export interface RevokeResult {
  itemId: number;
  revokedAt: string;
  /** What was undone in attendance / meetings ("nothing" when the effects had not been applied). */
  undone: Reversal;
  /** DingTalk approve/cancel queued (the approval had been written to DingTalk attendance). */
  dingtalkCancelQueued: boolean;
  /** A 补卡 already written to WeCom attendance stays there (WeCom cannot remove it through its API). */
  wecomCorrectionKept: boolean;
}

/** The business dates an application touches (for the payroll-period lock check). */
export function applicationDates(kind: string, form: Record<string, unknown>, meetingDate: string | null): { from: string; to: string } | null {
  const d = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : null);
  if (kind === "leave" && d("start_date") && d("end_date")) return { from: d("start_date")!, to: d("end_date")! };
  if (kind === "overtime" && d("date")) return { from: d("date")!, to: form.end_next_day === true ? addDays(d("date")!, 1) : d("date")! };
  if (kind === "correction" && d("date")) return { from: d("date")!, to: d("date")! };
  if (kind === "meeting_excuse" && meetingDate) return { from: meetingDate, to: meetingDate };
  return null;
}

export async function revokeApplication(db: Db, viewer: Viewer, itemId: number, reasonIn: string, client: string, now = new Date()): Promise<RevokeResult> {
  const reason = reasonIn.trim();
  if (!reason) throw badRequest("reason: a reason is required to revoke an approved application");
  if (reason.length > REVOKE_REASON_MAX) throw badRequest(`reason: at most ${REVOKE_REASON_MAX} characters`);
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: approvalItems.id, source: approvalItems.source, status: approvalItems.status, applicantId: approvalItems.applicantId, title: approvalItems.title })
      .from(approvalItems)
      .where(eq(approvalItems.id, itemId))
      .for("update");
    if (!item || item.source !== "app") throw notFound("no such application");
    const applicantId = Number(item.applicantId);
    const isApplicant = applicantId === viewer.employeeId;
    const isHr = viewer.roles.has("hr") || viewer.roles.has("admin");
    if (!isApplicant && !isHr) {
      const onPath = await tx.$count(approvalStepDecisions, and(eq(approvalStepDecisions.itemId, itemId), eq(approvalStepDecisions.deciderId, viewer.employeeId)));
      if (!onPath) throw notFound("no such application");
      throw new AppError("forbidden", 403, "only the applicant or HR may revoke an approved application");
    }
    const [app] = await tx.select().from(approvalApplications).where(eq(approvalApplications.itemId, itemId));
    if (!app) throw notFound("no such application");
    if (app.revokedAt) {
      const by = app.revokedBy ? ((await namesOf(tx, [Number(app.revokedBy)])).get(Number(app.revokedBy)) ?? null) : null;
      throw new AppError("conflict", 409, `already revoked${by ? ` by ${by}` : ""}`, { reason: "already_revoked", revokedBy: by });
    }
    const [decision] = await tx.select({ outcome: approvalDecisions.outcome }).from(approvalDecisions).where(eq(approvalDecisions.itemId, itemId));
    if (item.status === "open") throw new AppError("conflict", 409, "this application is still being decided: withdraw it instead", { reason: "open" });
    if (item.status !== "decided" || decision?.outcome !== "agree") throw new AppError("conflict", 409, "only an approved application can be revoked", { reason: "not_approved" });

    if (!isHr) {
      const meetingDate = app.kind === "meeting_excuse" ? await excuseMeetingDate(tx, app.form) : null;
      const span = applicationDates(app.kind, app.form, meetingDate);
      const locked = span ? await lockedRanges(tx, span.from, span.to) : [];
      if (locked.length) {
        throw new AppError("conflict", 409, `the payroll period ${locked[0].fromDate} – ${locked[0].toDate} is locked: ask HR to revoke it`, { reason: "period_locked", from: locked[0].fromDate, to: locked[0].toDate });
      }
    }

    const undone = await reverseApprovedEffects(tx, itemId, now);
    const dingtalkCancelQueued = (await enqueueAttendanceCancel(tx, itemId)) > 0;
    const wecomCorrectionKept = (await tx.$count(notificationOutbox, eq(notificationOutbox.dedupeKey, `${WRITE_KINDS.wecomCorrection}:${itemId}`))) > 0;
    await tx.update(approvalApplications).set({ revokedAt: now, revokedBy: viewer.employeeId, revokeReason: reason }).where(eq(approvalApplications.itemId, itemId));
    await tx.update(approvalItems).set({ updatedAt: now }).where(eq(approvalItems.id, itemId));
    await tx.insert(approvalEvents).values({
      itemId,
      kind: "revoke",
      actorId: viewer.employeeId,
      client,
      comment: reason,
      details: { by: isApplicant ? "applicant" : "hr", kind: app.kind, undone, dingtalkCancelQueued, wecomCorrectionKept },
    });
    await notifyRevoked(tx, { itemId, title: item.title, applicantId, actorId: viewer.employeeId, byHr: !isApplicant, reason });
    await enqueueApprovalSnapshot(tx, itemId);
    return { itemId, revokedAt: now.toISOString(), undone, dingtalkCancelQueued, wecomCorrectionKept };
  });
}

async function excuseMeetingDate(tx: Db, form: Record<string, unknown>): Promise<string | null> {
  const id = Number(form.meeting_id);
  if (!Number.isSafeInteger(id)) return null;
  const [m] = await tx.select({ startsAt: meetings.startsAt }).from(meetings).where(eq(meetings.id, id));
  return m ? businessDate(m.startsAt) : null;
}

/** The approvers who agreed hear of it; so does the applicant when HR revoked it. Once each (dedupe per person). */
async function notifyRevoked(tx: Db, a: { itemId: number; title: string; applicantId: number; actorId: number; byHr: boolean; reason: string }): Promise<void> {
  const agreed = await tx
    .selectDistinct({ id: approvalStepDecisions.deciderId })
    .from(approvalStepDecisions)
    .where(and(eq(approvalStepDecisions.itemId, a.itemId), eq(approvalStepDecisions.outcome, "agree")));
  const ids = [...new Set([...agreed.map((r) => Number(r.id)), ...(a.byHr ? [a.applicantId] : [])])].filter((id) => id !== a.actorId);
  if (!ids.length) return;
  const accounts = await vendorAccountsOf(tx, ids);
  const names = await namesOf(tx, [a.actorId, a.applicantId]);
  const actor = names.get(a.actorId) ?? "";
  const list: ChatNotification[] = [];
  for (const id of ids) {
    const channel = chatChannel(accounts.get(id));
    if (!channel) continue;
    const description = a.byHr && id === a.applicantId ? `人事 ${actor} 撤销了你已通过的申请：${a.reason.slice(0, 80)}` : `${actor} 撤销了已通过的申请：${a.reason.slice(0, 80)}`;
    list.push({
      channel,
      recipientEmployeeId: id,
      kind: "approval_revoked",
      dedupeKey: `approval_revoked:${a.itemId}:${id}`,
      payload: { title: `已撤销：${a.title}`, description, url: `${appUrl()}/todos/approvals/${a.itemId}`, buttonText: "查看申请", itemId: a.itemId },
    });
  }
  if (list.length) await enqueueNotifications(tx, list);
}
