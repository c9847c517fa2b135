// The caps HR sets on 补卡 (attendance corrections): how many per payroll period, and how many days back. Counted
// per applicant over the period the corrected date belongs to: applications still open or approved count; refused,
// returned and withdrawn ones give the chance back.
import "server-only";
import { and, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, approvalApplications, approvalDecisions, approvalItems, employees } from "@/db/schema";
import { periodOf, periodRange } from "@/lib/attendance/payroll-period";
import { payrollStartDay } from "@/lib/attendance/period-lock";
import { AppError } from "@/lib/errors";
import { addDays, businessDate } from "@/lib/time";

export const CORRECTION_CAPS_KEY = "approval_correction_caps";
export const DEFAULT_CORRECTION_CAPS = { maxPerPeriod: 3, daysBack: 30 };
export type CorrectionCaps = typeof DEFAULT_CORRECTION_CAPS;

export async function correctionCaps(db: Db): Promise<CorrectionCaps> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, CORRECTION_CAPS_KEY));
  const v = (row?.value ?? {}) as Partial<Record<keyof CorrectionCaps, unknown>>;
  const whole = (x: unknown, d: number) => (Number.isInteger(x) && (x as number) >= 0 ? (x as number) : d);
  return { maxPerPeriod: whole(v.maxPerPeriod, DEFAULT_CORRECTION_CAPS.maxPerPeriod), daysBack: whole(v.daysBack, DEFAULT_CORRECTION_CAPS.daysBack) };
}

export interface CorrectionAllowance {
  period: string;
  from: string;
  to: string;
  used: number;
  max: number;
  remaining: number;
  daysBack: number;
  /** The earliest date that may still be corrected (today − daysBack). */
  earliest: string;
}

/** How many corrections `employeeId` has used and has left in the period of `date` (default: today's period). */
export async function correctionAllowance(db: Db, employeeId: number, now = new Date(), date?: string): Promise<CorrectionAllowance> {
  const caps = await correctionCaps(db);
  const today = businessDate(now);
  const period = periodOf(date ?? today, await payrollStartDay(db));
  const { from, to } = periodRange(period, await payrollStartDay(db));
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(approvalApplications)
    .innerJoin(approvalItems, eq(approvalItems.id, approvalApplications.itemId))
    .leftJoin(approvalDecisions, eq(approvalDecisions.itemId, approvalItems.id))
    .where(
      and(
        eq(approvalApplications.kind, "correction"),
        eq(approvalItems.applicantId, employeeId),
        gte(sql`${approvalApplications.form}->>'date'`, from),
        lte(sql`${approvalApplications.form}->>'date'`, to),
        or(eq(approvalItems.status, "open"), and(eq(approvalItems.status, "decided"), inArray(approvalDecisions.outcome, ["agree"]))),
      ),
    );
  return { period, from, to, used: n, max: caps.maxPerPeriod, remaining: Math.max(0, caps.maxPerPeriod - n), daysBack: caps.daysBack, earliest: addDays(today, -caps.daysBack) };
}

/**
 * Refuse a correction for `date` that breaks a cap (422, the cap named). Locks the applicant's row so two
 * corrections filed at once are counted one after the other.
 */
export async function assertCorrectionAllowed(tx: Db, employeeId: number, date: string, now = new Date()): Promise<void> {
  await tx.select({ id: employees.id }).from(employees).where(eq(employees.id, employeeId)).for("update");
  const a = await correctionAllowance(tx, employeeId, now, date);
  const today = businessDate(now);
  if (date > today) throw new AppError("bad_request", 422, "不能为将来的日期补卡", { reason: "future_date" });
  if (date < a.earliest) throw new AppError("bad_request", 422, `只能补 ${a.daysBack} 天内的卡（最早 ${a.earliest}）`, { reason: "too_old", daysBack: a.daysBack });
  if (a.remaining <= 0) throw new AppError("bad_request", 422, `本考勤周期已补卡 ${a.used} 次，已达上限 ${a.max} 次`, { reason: "cap_reached", used: a.used, max: a.max, period: a.period });
}
