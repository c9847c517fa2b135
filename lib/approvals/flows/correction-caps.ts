// The caps HR sets on 补卡 (attendance corrections): how many per payroll period, how many days back, the cut-off
// day of the next month after which a period takes no more corrections (payroll has been run), and which
// exceptions may be corrected at all. Counted per applicant over the period the corrected date belongs to:
// applications still open or approved count; refused, returned, withdrawn and revoked ones give the chance back.
import "server-only";
import { and, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, approvalApplications, approvalDecisions, approvalItems, attendanceDays, employees } from "@/db/schema";
import { periodOf, periodRange, shiftPeriod } from "@/lib/attendance/payroll-period";
import { payrollStartDay } from "@/lib/attendance/period-lock";
import { AppError } from "@/lib/errors";
import { addDays, businessDate } from "@/lib/time";

export const CORRECTION_CAPS_KEY = "approval_correction_caps";
/** The exceptions a 补卡 can put right, as HR ticks them (attendance_days statuses grouped). */
export const CORRECTABLE = ["missing", "late", "early_leave", "absent"] as const;
export type Correctable = (typeof CORRECTABLE)[number];
const STATUS_GROUP: Record<string, Correctable> = { missing_in: "missing", missing_out: "missing", late: "late", serious_late: "late", absent_late: "late", early_leave: "early_leave", absent: "absent" };

export interface CorrectionCaps {
  maxPerPeriod: number;
  daysBack: number;
  /** 0: no cut-off; N (1–28): a period's corrections close at the end of day N of the month after the period. */
  cutOffDay: number;
  correctable: Correctable[];
}
export const DEFAULT_CORRECTION_CAPS: CorrectionCaps = { maxPerPeriod: 3, daysBack: 30, cutOffDay: 0, correctable: [...CORRECTABLE] };

export async function correctionCaps(db: Db): Promise<CorrectionCaps> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, CORRECTION_CAPS_KEY));
  return parseCorrectionCaps(row?.value);
}

/** Stored caps, field by field: anything missing or malformed falls back to the default. */
export function parseCorrectionCaps(raw: unknown): CorrectionCaps {
  const v = (raw && typeof raw === "object" ? raw : {}) as Partial<Record<keyof CorrectionCaps, unknown>>;
  const d = DEFAULT_CORRECTION_CAPS;
  const whole = (x: unknown, dflt: number, max = 10_000) => (Number.isInteger(x) && (x as number) >= 0 && (x as number) <= max ? (x as number) : dflt);
  const correctable = Array.isArray(v.correctable) ? CORRECTABLE.filter((c) => (v.correctable as unknown[]).includes(c)) : d.correctable;
  return { maxPerPeriod: whole(v.maxPerPeriod, d.maxPerPeriod), daysBack: whole(v.daysBack, d.daysBack), cutOffDay: whole(v.cutOffDay, d.cutOffDay, 28), correctable };
}

/** The last day a correction for a date in `period` ("YYYY-MM") may be filed: day `cutOffDay` of the next month; null for none. */
export function correctionCutOff(period: string, cutOffDay: number): string | null {
  if (cutOffDay <= 0) return null;
  return `${shiftPeriod(period, 1)}-${String(cutOffDay).padStart(2, "0")}`;
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
  /** The last day this period takes corrections (null: no cut-off). */
  cutOff: string | null;
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
        // a revoked 补卡 gives its chance back, like a refused one
        isNull(approvalApplications.revokedAt),
      ),
    );
  return { period, from, to, used: n, max: caps.maxPerPeriod, remaining: Math.max(0, caps.maxPerPeriod - n), daysBack: caps.daysBack, earliest: addDays(today, -caps.daysBack), cutOff: correctionCutOff(period, caps.cutOffDay) };
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
  if (a.cutOff && today > a.cutOff) throw new AppError("bad_request", 422, `${a.period} 考勤周期的补卡已于 ${a.cutOff} 截止`, { reason: "cut_off", period: a.period, cutOff: a.cutOff });
  if (a.remaining <= 0) throw new AppError("bad_request", 422, `本考勤周期已补卡 ${a.used} 次，已达上限 ${a.max} 次`, { reason: "cap_reached", used: a.used, max: a.max, period: a.period });
  // Which exceptions may be corrected: a computed day with none of them has nothing to put right. A day not
  // computed yet (no shift, or the engine has not run) is let through: the approver sees the day.
  const caps = await correctionCaps(tx);
  const [day] = await tx.select({ statuses: attendanceDays.statuses }).from(attendanceDays).where(and(eq(attendanceDays.employeeId, employeeId), eq(attendanceDays.businessDate, date)));
  if (day) {
    const groups = new Set(day.statuses.map((st) => STATUS_GROUP[st]).filter((g): g is Correctable => g !== undefined));
    if (!groups.size) throw new AppError("bad_request", 422, `${date} 的考勤没有异常，无需补卡`, { reason: "nothing_to_correct" });
    if (![...groups].some((g) => caps.correctable.includes(g))) throw new AppError("bad_request", 422, `${date} 的异常（${[...groups].map((g) => CORRECTABLE_NAME[g]).join("、")}）不允许补卡`, { reason: "not_correctable", exceptions: [...groups] });
  }
}

export const CORRECTABLE_NAME: Record<Correctable, string> = { missing: "缺卡", late: "迟到", early_leave: "早退", absent: "旷工" };
