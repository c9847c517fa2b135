// What an approved application does, once (approval_applications.effects_applied_at), in the deciding transaction:
// leave → an on-leave span for attendance (source "approval", key = item id) and a leave for meetings (overlapping
// meetings recompute to on_leave), then the applicant's days recompute through the engine (locked periods hold
// them as late evidence); 补卡 → a punch through the one punch write path (which recomputes its day); 加班 → an
// approved overtime window (overtime_approvals, key = item id) read by the engine's approval modes, its day recomputed.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalApplications, approvalItems, leaveSpans } from "@/db/schema";
import { writePunches } from "@/lib/attendance/punches/store";
import { recomputePersonDays } from "@/lib/attendance/recompute";
import { recordLeave } from "@/lib/meetings/mutations";
import { addDays, zonedTimeToUtc } from "@/lib/time";
import { applyOvertimeWindow, OVERTIME_SOURCE, overtimeWindow } from "./overtime";
import { correctionApplication, leaveApplication, overtimeApplication } from "./schemas";

export async function applyApprovedEffects(tx: Db, itemId: number, now = new Date()): Promise<"applied" | "already"> {
  const [app] = await tx
    .select({ kind: approvalApplications.kind, form: approvalApplications.form, effectsAppliedAt: approvalApplications.effectsAppliedAt, applicantId: approvalItems.applicantId })
    .from(approvalApplications)
    .innerJoin(approvalItems, eq(approvalItems.id, approvalApplications.itemId))
    .where(eq(approvalApplications.itemId, itemId));
  if (!app || app.effectsAppliedAt) return "already";
  const employeeId = Number(app.applicantId);
  if (app.kind === "leave") {
    const f = leaveApplication.parse({ ...app.form });
    const startsAt = zonedTimeToUtc(f.start_date, "00:00");
    const endsAt = zonedTimeToUtc(addDays(f.end_date, 1), "00:00");
    await tx
      .insert(leaveSpans)
      .values({ employeeId, kind: "leave", startsAt, endsAt, leaveType: f.leave_type, reason: f.reason, source: "approval", sourceKey: String(itemId), createdBy: employeeId })
      .onConflictDoNothing({ target: [leaveSpans.source, leaveSpans.sourceKey] });
    await recordLeave(tx, { employeeId, startsAt, endsAt, reason: `${f.leave_type}：${f.reason}`, createdBy: employeeId }, now);
    const days: { employeeId: number; date: string }[] = [];
    for (let d = f.start_date; d <= f.end_date; d = addDays(d, 1)) days.push({ employeeId, date: d });
    await recomputePersonDays(tx, days, undefined, undefined, { kind: "recompute", ref: `approval:${itemId}` });
  } else if (app.kind === "overtime") {
    const f = overtimeApplication.parse({ ...app.form });
    await applyOvertimeWindow(tx, { source: OVERTIME_SOURCE, sourceKey: String(itemId) }, employeeId, overtimeWindow(f), f.compensation, `approval:${itemId}`);
  } else {
    const f = correctionApplication.parse({ ...app.form });
    await writePunches(tx, [{ source: "app", recordId: `correction:${itemId}`, employeeId, punchedAt: zonedTimeToUtc(f.date, f.time), remark: "补卡" }]);
  }
  await tx.update(approvalApplications).set({ effectsAppliedAt: sql`now()` }).where(eq(approvalApplications.itemId, itemId));
  return "applied";
}
