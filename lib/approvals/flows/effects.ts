// What an approved application does, once (approval_applications.effects_applied_at), in the deciding transaction:
// leave → an on-leave span for attendance (source "approval", key = item id) and a leave for meetings (overlapping
// meetings recompute to on_leave), then the applicant's days recompute through the engine (locked periods hold
// them as late evidence); 补卡 → a punch through the one punch write path (which recomputes its day); 加班 → an
// approved overtime window (overtime_approvals, key = item id) read by the engine's approval modes, its day recomputed.
import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalApplications, approvalItems, leaves, leaveSpans, type meetings } from "@/db/schema";
import { markPunchVanished, writePunches } from "@/lib/attendance/punches/store";
import { recomputePersonDays } from "@/lib/attendance/recompute";
import { recordMeetingExcuse, revokeMeetingExcuse } from "@/lib/meetings/excuses";
import { recordLeave, removeLeave } from "@/lib/meetings/mutations";
import { appUrl } from "@/lib/env";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { chatChannel, vendorAccountsOf } from "../notify/accounts";
import { namesOf } from "./state";
import { addDays, zonedTimeToUtc } from "@/lib/time";
import { applyOvertimeWindow, cancelOvertimeWindow, OVERTIME_SOURCE, overtimeWindow } from "./overtime";
import { correctionApplication, leaveApplication, meetingExcuseApplication, overtimeApplication, type MeetingExcuseApplication } from "./schemas";

export async function applyApprovedEffects(tx: Db, itemId: number, now = new Date()): Promise<"applied" | "already"> {
  const [app] = await tx
    .select({ kind: approvalApplications.kind, form: approvalApplications.form, effectsAppliedAt: approvalApplications.effectsAppliedAt, applicantId: approvalItems.applicantId })
    .from(approvalApplications)
    .innerJoin(approvalItems, eq(approvalItems.id, approvalApplications.itemId))
    .where(eq(approvalApplications.itemId, itemId));
  if (!app || app.effectsAppliedAt) return "already";
  const employeeId = Number(app.applicantId);
  let meetingLeaveId: number | null = null;
  if (app.kind === "leave") {
    const f = leaveApplication.parse({ ...app.form });
    const startsAt = zonedTimeToUtc(f.start_date, "00:00");
    const endsAt = zonedTimeToUtc(addDays(f.end_date, 1), "00:00");
    await tx
      .insert(leaveSpans)
      .values({ employeeId, kind: "leave", startsAt, endsAt, leaveType: f.leave_type, reason: f.reason, source: "approval", sourceKey: String(itemId), createdBy: employeeId })
      .onConflictDoNothing({ target: [leaveSpans.source, leaveSpans.sourceKey] });
    const l = await recordLeave(tx, { employeeId, startsAt, endsAt, reason: `${f.leave_type}：${f.reason}`, createdBy: employeeId }, now);
    meetingLeaveId = l.id;
    const days: { employeeId: number; date: string }[] = [];
    for (let d = f.start_date; d <= f.end_date; d = addDays(d, 1)) days.push({ employeeId, date: d });
    await recomputePersonDays(tx, days, undefined, undefined, { kind: "recompute", ref: `approval:${itemId}` });
  } else if (app.kind === "overtime") {
    const f = overtimeApplication.parse({ ...app.form });
    await applyOvertimeWindow(tx, { source: OVERTIME_SOURCE, sourceKey: String(itemId) }, employeeId, overtimeWindow(f), f.compensation, `approval:${itemId}`);
  } else if (app.kind === "meeting_excuse") {
    const f = meetingExcuseApplication.parse({ ...app.form, kind: "meeting_excuse" });
    const r = await recordMeetingExcuse(tx, { meetingId: f.meeting_id, employeeId, itemId, category: f.category, reason: f.reason }, now);
    if (r.created && r.meeting?.organizerId) await notifyOrganizer(tx, itemId, employeeId, r.meeting, f);
  } else {
    const f = correctionApplication.parse({ ...app.form });
    await writePunches(tx, [{ source: "app", recordId: `correction:${itemId}`, employeeId, punchedAt: zonedTimeToUtc(f.date, f.time), remark: "补卡" }]);
  }
  await tx.update(approvalApplications).set({ effectsAppliedAt: sql`now()`, meetingLeaveId }).where(eq(approvalApplications.itemId, itemId));
  return "applied";
}

/** The organiser hears of an approved 会议请假 (once per application: the dedupe key is the item id). */
async function notifyOrganizer(tx: Db, itemId: number, employeeId: number, m: typeof meetings.$inferSelect, f: MeetingExcuseApplication): Promise<void> {
  const organizerId = Number(m.organizerId);
  if (organizerId === employeeId) return;
  const channel = chatChannel((await vendorAccountsOf(tx, [organizerId])).get(organizerId));
  if (!channel) return;
  const name = (await namesOf(tx, [employeeId])).get(employeeId) ?? "";
  await enqueueNotification(tx, {
    channel,
    recipientEmployeeId: organizerId,
    kind: "meeting_excuse_approved",
    dedupeKey: `meeting_excuse_approved:${itemId}`,
    payload: { title: `会议请假：${name}`, description: `${name} 不参加「${m.title}」（${f.category}：${f.reason.slice(0, 60)}），已批准，计为请假。`, url: `${appUrl()}/meetings/${m.id}`, buttonText: "查看会议", meetingId: m.id, itemId },
  });
}

/** What reverseApprovedEffects undid (for the audit log and the answer). */
export type Reversal = "leave" | "correction" | "overtime" | "meeting_excuse" | "nothing";

/**
 * Undo an approved application's effects (撤销 after approval, flows/revoke.ts), in the revoking transaction:
 * leave → its on-leave span cancelled (kept for the record), the meetings' leave removed (its meetings recompute
 * off on_leave) and the days recomputed; 补卡 → its punch marked vanished (the punch write path recomputes the
 * day); 加班 → the approved window cancelled and its day recomputed; 会议请假 → the excuse revoked and that
 * meeting's row recomputed. Days in a locked payroll period are held as late evidence, like any recompute.
 * effects_applied_at stays: effects are applied once, and undone once (the caller sets revoked_at).
 */
export async function reverseApprovedEffects(tx: Db, itemId: number, now = new Date()): Promise<Reversal> {
  const [app] = await tx
    .select({ kind: approvalApplications.kind, form: approvalApplications.form, effectsAppliedAt: approvalApplications.effectsAppliedAt, meetingLeaveId: approvalApplications.meetingLeaveId, applicantId: approvalItems.applicantId })
    .from(approvalApplications)
    .innerJoin(approvalItems, eq(approvalItems.id, approvalApplications.itemId))
    .where(eq(approvalApplications.itemId, itemId));
  if (!app?.effectsAppliedAt) return "nothing";
  const employeeId = Number(app.applicantId);
  const ref = `approval-revoke:${itemId}`;
  if (app.kind === "leave") {
    const f = leaveApplication.parse({ ...app.form });
    await tx.update(leaveSpans).set({ cancelledAt: now }).where(and(eq(leaveSpans.source, "approval"), eq(leaveSpans.sourceKey, String(itemId)), isNull(leaveSpans.cancelledAt)));
    // Applications approved before meeting_leave_id existed: the leave row recordLeave wrote for exactly this form.
    const leaveId =
      app.meetingLeaveId ??
      (
        await tx
          .select({ id: leaves.id })
          .from(leaves)
          .where(and(eq(leaves.employeeId, employeeId), eq(leaves.startsAt, zonedTimeToUtc(f.start_date, "00:00")), eq(leaves.endsAt, zonedTimeToUtc(addDays(f.end_date, 1), "00:00")), eq(leaves.reason, `${f.leave_type}：${f.reason}`)))
          .limit(1)
      )[0]?.id;
    if (leaveId) await removeLeave(tx, leaveId, now);
    const days: { employeeId: number; date: string }[] = [];
    for (let d = f.start_date; d <= f.end_date; d = addDays(d, 1)) days.push({ employeeId, date: d });
    await recomputePersonDays(tx, days, undefined, undefined, { kind: "recompute", ref });
    return "leave";
  }
  if (app.kind === "overtime") return (await cancelOvertimeWindow(tx, { source: OVERTIME_SOURCE, sourceKey: String(itemId) }, ref)) ? "overtime" : "nothing";
  if (app.kind === "meeting_excuse") return (await revokeMeetingExcuse(tx, itemId, now)) ? "meeting_excuse" : "nothing";
  return (await markPunchVanished(tx, { source: "app", recordId: `correction:${itemId}` })) ? "correction" : "nothing";
}
