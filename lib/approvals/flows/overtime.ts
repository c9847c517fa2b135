// 加班申请: the window an overtime form stands for, the checks at submit (days back like 补卡, not too far ahead, no
// overlap with another open or approved overtime of the same person), and its effect once approved — an
// overtime_approvals row (natural key: source "approval", our item id) that the day engine reads in the approval
// modes, its business date recomputed; cancelled (and recomputed again) when the approval is undone.
import "server-only";
import { and, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalApplications, approvalDecisions, approvalItems, employees, overtimeApprovals } from "@/db/schema";
import { recomputePersonDays } from "@/lib/attendance/recompute";
import { AppError } from "@/lib/errors";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { correctionCaps } from "./correction-caps";
import { overtimeMinutes, OVERTIME_COMPENSATION_LABEL, type OvertimeApplication } from "./schemas";

/** How far ahead an overtime may be applied for (事前申请). */
export const OVERTIME_DAYS_AHEAD = 31;
export const OVERTIME_SOURCE = "approval";

type OvertimeForm = Pick<OvertimeApplication, "date" | "start_time" | "end_time" | "end_next_day">;

export function overtimeWindow(f: OvertimeForm): { businessDate: string; startsAt: Date; endsAt: Date; minutes: number } {
  const startsAt = zonedTimeToUtc(f.date, f.start_time);
  const endsAt = zonedTimeToUtc(f.end_next_day ? addDays(f.date, 1) : f.date, f.end_time);
  return { businessDate: f.date, startsAt, endsAt, minutes: overtimeMinutes(f) };
}

/** "2 小时 30 分钟" / "6 小时". */
export function hoursText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h && m ? `${h} 小时 ${m} 分钟` : h ? `${h} 小时` : `${m} 分钟`;
}

/** The application's title and form fields as the 待办 page and the console show them. */
export function describeOvertime(f: OvertimeApplication): { title: string; fields: { label: string; value: string }[] } {
  const w = overtimeWindow(f);
  const end = `${f.end_next_day ? "次日 " : ""}${f.end_time}`;
  return {
    title: `加班 · ${f.date} ${f.start_time}–${end}（${hoursText(w.minutes)}）`,
    fields: [
      { label: "加班日期", value: f.date },
      { label: "开始时间", value: f.start_time },
      { label: "结束时间", value: end },
      { label: "时长", value: hoursText(w.minutes) },
      { label: "补偿方式", value: OVERTIME_COMPENSATION_LABEL[f.compensation] },
      { label: "事由", value: f.reason },
    ],
  };
}

/**
 * Refuse an overtime that is too old (HR's 补卡 days back), too far ahead, or overlaps another overtime of the
 * applicant that is still open or approved (422, the clash named). Locks the applicant's row so two overtimes filed
 * at once are checked one after the other.
 */
export async function assertOvertimeAllowed(tx: Db, employeeId: number, f: OvertimeForm, now = new Date()): Promise<void> {
  await tx.select({ id: employees.id }).from(employees).where(eq(employees.id, employeeId)).for("update");
  const today = businessDate(now);
  const { daysBack } = await correctionCaps(tx);
  const earliest = addDays(today, -daysBack);
  if (f.date < earliest) throw new AppError("bad_request", 422, `只能申请 ${daysBack} 天内的加班（最早 ${earliest}）`, { reason: "too_old", daysBack });
  const latest = addDays(today, OVERTIME_DAYS_AHEAD);
  if (f.date > latest) throw new AppError("bad_request", 422, `最多提前 ${OVERTIME_DAYS_AHEAD} 天申请加班（最晚 ${latest}）`, { reason: "too_far_ahead" });
  const mine = overtimeWindow(f);
  const others = await tx
    .select({ itemId: approvalApplications.itemId, form: approvalApplications.form })
    .from(approvalApplications)
    .innerJoin(approvalItems, eq(approvalItems.id, approvalApplications.itemId))
    .leftJoin(approvalDecisions, eq(approvalDecisions.itemId, approvalItems.id))
    .where(
      and(
        eq(approvalApplications.kind, "overtime"),
        eq(approvalItems.applicantId, employeeId),
        gte(sql`${approvalApplications.form}->>'date'`, addDays(f.date, -1)),
        lte(sql`${approvalApplications.form}->>'date'`, addDays(f.date, 1)),
        or(eq(approvalItems.status, "open"), and(eq(approvalItems.status, "decided"), inArray(approvalDecisions.outcome, ["agree"]))),
      ),
    );
  for (const o of others) {
    const w = overtimeWindow(o.form as OvertimeForm);
    if (w.startsAt < mine.endsAt && mine.startsAt < w.endsAt) {
      const of = o.form as OvertimeForm;
      throw new AppError("bad_request", 422, `与已提交的加班（${of.date} ${of.start_time}–${of.end_next_day ? "次日 " : ""}${of.end_time}）时间重叠`, { reason: "overlap", itemId: o.itemId });
    }
  }
}

/** Store the approved window (idempotent by source key) and recompute the day it counts on. */
export async function applyOvertimeWindow(
  tx: Db,
  key: { source: string; sourceKey: string },
  employeeId: number,
  w: { businessDate: string; startsAt: Date; endsAt: Date },
  compensation: "leave" | "pay",
  ref: string,
): Promise<void> {
  await tx
    .insert(overtimeApprovals)
    .values({ employeeId, businessDate: w.businessDate, startsAt: w.startsAt, endsAt: w.endsAt, compensation, source: key.source, sourceKey: key.sourceKey })
    .onConflictDoUpdate({ target: [overtimeApprovals.source, overtimeApprovals.sourceKey], set: { businessDate: w.businessDate, startsAt: w.startsAt, endsAt: w.endsAt, compensation, cancelledAt: null } });
  await recomputePersonDays(tx, [{ employeeId, date: w.businessDate }], undefined, undefined, { kind: "recompute", ref });
}

/** Undo: the window cancelled (kept for the record) and its day recomputed. Nothing held → nothing done. */
export async function cancelOvertimeWindow(tx: Db, key: { source: string; sourceKey: string }, ref: string): Promise<boolean> {
  const [row] = await tx
    .update(overtimeApprovals)
    .set({ cancelledAt: sql`now()` })
    .where(and(eq(overtimeApprovals.source, key.source), eq(overtimeApprovals.sourceKey, key.sourceKey), isNull(overtimeApprovals.cancelledAt)))
    .returning({ employeeId: overtimeApprovals.employeeId, date: overtimeApprovals.businessDate });
  if (!row) return false;
  await recomputePersonDays(tx, [{ employeeId: row.employeeId, date: row.date }], undefined, undefined, { kind: "recompute", ref });
  return true;
}
