// HR's approval rules in the console (/console/approval-rules): the 补卡 caps (count per payroll period, days back,
// the cut-off day of the next month, which exceptions may be corrected) and the 审批超时 of the OA's items with the
// quiet hours of every reminder. Forms post strings; each field is checked here, a bad one is a 400 that writes
// nothing; a change is audited (the same values again write nothing).
import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { appSettings, approvalFlows, OVERTIME_MODES, overtimeApprovals } from "@/db/schema";
import { OVERTIME_MODE_KEY, overtimeMode } from "@/lib/attendance/overtime-mode";
import type { OvertimeMode } from "@/lib/attendance/engine";
import { personDaysOn, recomputePersonDays } from "@/lib/attendance/recompute";
import { addDays, businessDate } from "@/lib/time";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";
import { CORRECTABLE, CORRECTION_CAPS_KEY, correctionCaps, type CorrectionCaps } from "./flows/correction-caps";
import { MAX_REMINDERS, MAX_TIMEOUT_HOURS } from "./escalation/schedule";
import { APPROVAL_TIMEOUT_KEY, approvalTimeoutSettings, type ApprovalTimeoutSettings } from "./escalation/settings";

export function assertCanEditApprovalRules(viewer: Viewer): void {
  if (!viewer.roles.has("hr") && !viewer.roles.has("admin")) throw forbidden("only HR or an admin sets approval rules");
}

const whole = (min: number, max: number) => z.string().trim().regex(/^\d{1,5}$/, "must be a whole number").transform(Number).pipe(z.number().int().min(min).max(max));
const ticked = z.literal("on").optional();

export const correctionCapsForm = z.object({
  maxPerPeriod: whole(0, 100),
  daysBack: whole(0, 366),
  cutOffDay: whole(0, 28),
  correctable_missing: ticked,
  correctable_late: ticked,
  correctable_early_leave: ticked,
  correctable_absent: ticked,
});

export const approvalTimeoutForm = z
  .object({
    oaEnabled: ticked,
    oaHours: z.string().trim().regex(/^\d{1,4}(\.\d)?$/, "must be a number of hours").transform(Number).pipe(z.number().positive().max(MAX_TIMEOUT_HOURS)),
    oaRemindMax: whole(0, MAX_REMINDERS),
    escalate_leader: ticked,
    escalate_hr: ticked,
    quietStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM"),
    quietEnd: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM"),
  });

async function save(tx: Db, key: string, value: object) {
  await tx.insert(appSettings).values({ key, value }).onConflictDoUpdate({ target: appSettings.key, set: { value, updatedAt: sql`now()` } });
}

export async function saveCorrectionCaps(db: Db, viewer: Viewer, input: z.infer<typeof correctionCapsForm>): Promise<{ caps: CorrectionCaps; changed: boolean }> {
  assertCanEditApprovalRules(viewer);
  const caps: CorrectionCaps = {
    maxPerPeriod: input.maxPerPeriod,
    daysBack: input.daysBack,
    cutOffDay: input.cutOffDay,
    correctable: CORRECTABLE.filter((c) => input[`correctable_${c}`] === "on"),
  };
  return db.transaction(async (tx) => {
    const before = await correctionCaps(tx);
    if (JSON.stringify(before) === JSON.stringify(caps)) return { caps, changed: false };
    await save(tx, CORRECTION_CAPS_KEY, caps);
    await writeAudit(tx, viewer, "approvals.correction_caps", { type: "app_settings", id: CORRECTION_CAPS_KEY }, { from: before, to: caps });
    return { caps, changed: true };
  });
}

export async function saveApprovalTimeout(db: Db, viewer: Viewer, input: z.infer<typeof approvalTimeoutForm>): Promise<{ settings: ApprovalTimeoutSettings; changed: boolean }> {
  assertCanEditApprovalRules(viewer);
  const escalateTo = (["leader", "hr"] as const).filter((w) => input[`escalate_${w}`] === "on");
  const settings: ApprovalTimeoutSettings = {
    oa: input.oaEnabled === "on" ? { hours: input.oaHours, remindMax: input.oaRemindMax, escalateTo } : null,
    quietStart: input.quietStart,
    quietEnd: input.quietEnd,
  };
  return db.transaction(async (tx) => {
    const before = await approvalTimeoutSettings(tx);
    if (JSON.stringify(before) === JSON.stringify(settings)) return { settings, changed: false };
    await save(tx, APPROVAL_TIMEOUT_KEY, settings);
    await writeAudit(tx, viewer, "approvals.timeout", { type: "app_settings", id: APPROVAL_TIMEOUT_KEY }, { from: before, to: settings });
    return { settings, changed: true };
  });
}

export const overtimeModeForm = z.object({ mode: z.enum(OVERTIME_MODES) });
/** How far back a change of the overtime mode recomputes the days already computed (the open months, roughly). */
export const OVERTIME_MODE_RECOMPUTE_DAYS = 62;

/**
 * 加班计算方式: change it, audited, and recompute the last OVERTIME_MODE_RECOMPUTE_DAYS of computed days and the
 * days with approved overtime since then (days in a locked payroll period are held as late evidence by the
 * recompute, as for any change). The same mode again writes nothing.
 */
export async function saveOvertimeMode(db: Db, viewer: Viewer, input: z.infer<typeof overtimeModeForm>, now = new Date()): Promise<{ mode: OvertimeMode; changed: boolean; recomputed: number }> {
  assertCanEditApprovalRules(viewer);
  return db.transaction(async (tx) => {
    const before = await overtimeMode(tx);
    if (before === input.mode) return { mode: before, changed: false, recomputed: 0 };
    await save(tx, OVERTIME_MODE_KEY, { mode: input.mode });
    await writeAudit(tx, viewer, "attendance.overtime_mode", { type: "app_settings", id: OVERTIME_MODE_KEY }, { from: before, to: input.mode });
    const today = businessDate(now);
    const dates: string[] = [];
    for (let d = addDays(today, -OVERTIME_MODE_RECOMPUTE_DAYS); d <= today; d = addDays(d, 1)) dates.push(d);
    const approved = await tx
      .select({ employeeId: overtimeApprovals.employeeId, date: overtimeApprovals.businessDate })
      .from(overtimeApprovals)
      .where(sql`${overtimeApprovals.businessDate} >= ${dates[0]}::date AND ${overtimeApprovals.businessDate} <= ${today}::date`);
    const recomputed = await recomputePersonDays(tx, [...(await personDaysOn(tx, dates)), ...approved], undefined, undefined, { kind: "recompute", ref: "overtime-mode" });
    return { mode: input.mode, changed: true, recomputed };
  });
}

/** Every flow HR has (active first, then by kind and priority): what the rules page lists. */
export async function listFlows(db: Db, viewer: Viewer): Promise<(typeof approvalFlows.$inferSelect)[]> {
  assertCanEditApprovalRules(viewer);
  const rows = await db.select().from(approvalFlows);
  return rows.sort((a, b) => Number(b.active) - Number(a.active) || a.kind.localeCompare(b.kind) || a.priority - b.priority || a.id - b.id);
}
