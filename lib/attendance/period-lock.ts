// Payroll periods and their lock (封账, issue 14 item 3): the period start day (an organisation setting in
// app_settings), locking a period (nothing in it recomputes: lib/attendance/period-gate.ts queues late evidence) and
// reopening it with a reason (the queued person-days recompute through the inbox job). Every change is audited.
import "server-only";
import { and, asc, count, desc, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { appSettings, attendanceLateEvidence, attendancePeriodLocks, auditLog, employees } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { employeeScope } from "@/lib/auth/scope";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";
import { env } from "@/lib/env";
import { businessDate } from "@/lib/time";
import { enqueueRecompute } from "./calendar-refresh";
import { DEFAULT_START_DAY, MAX_START_DAY, MIN_START_DAY, periodOf, periodRange } from "./payroll-period";

const START_DAY_KEY = "attendance_payroll_start_day";
export const PERIOD_TARGET = "attendance_period";

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM")
  .refine((m) => m >= "2000-01" && m <= "2100-12", "month out of range");
export const startDayBody = z
  .object({ startDay: z.number().int(`startDay must be a whole number from ${MIN_START_DAY} to ${MAX_START_DAY}`).min(MIN_START_DAY).max(MAX_START_DAY) })
  .strict();
export const lockBody = z.object({ month }).strict();
export const reopenBody = z
  .object({ month, reason: z.string().trim().min(1, "a reason is required to reopen a period").max(500, "reason must be at most 500 characters") })
  .strict();

/** Locking, reopening and the period setting are HR's and admins' (managers read the state on the sheet). */
export function assertCanManagePeriods(viewer: Viewer): void {
  if (!canSeeEveryone(viewer)) throw forbidden("payroll periods are managed by HR and admins");
}

/** The day payroll periods start on (1: calendar months). */
export async function payrollStartDay(db: Db): Promise<number> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, START_DAY_KEY));
  const n = Number((row?.value as { startDay?: unknown } | undefined)?.startDay);
  return Number.isInteger(n) && n >= MIN_START_DAY && n <= MAX_START_DAY ? n : DEFAULT_START_DAY;
}

/** The period today belongs to, in the organisation's time zone. */
export const currentPeriod = (startDay: number, now = new Date()): string => periodOf(businessDate(now, env().ORG_TIMEZONE), startDay);

/** HR sets the start day; a change is audited (the same value again writes nothing). */
export async function setPayrollStartDay(db: Db, viewer: Viewer, input: z.infer<typeof startDayBody>): Promise<{ startDay: number; changed: boolean }> {
  assertCanManagePeriods(viewer);
  return db.transaction(async (tx) => {
    const before = await payrollStartDay(tx);
    if (before === input.startDay) return { startDay: before, changed: false };
    await tx
      .insert(appSettings)
      .values({ key: START_DAY_KEY, value: { startDay: input.startDay } })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: { startDay: input.startDay }, updatedAt: sql`now()` } });
    await writeAudit(tx, viewer, "attendance.period.start_day", { type: "attendance_settings", id: START_DAY_KEY }, { from: before, to: input.startDay });
    return { startDay: input.startDay, changed: true };
  });
}

export type PeriodLock = typeof attendancePeriodLocks.$inferSelect;

async function lockRow(db: Db, from: string, to: string, forUpdate = false): Promise<PeriodLock | undefined> {
  const q = db.select().from(attendancePeriodLocks).where(and(eq(attendancePeriodLocks.fromDate, from), eq(attendancePeriodLocks.toDate, to)));
  return (forUpdate ? await q.for("update") : await q)[0];
}

/** Lock (封账) the period `month` under the current start day. Locking a locked period is a no-op. */
export async function lockPeriod(db: Db, viewer: Viewer, input: z.infer<typeof lockBody>): Promise<{ lock: PeriodLock; changed: boolean }> {
  assertCanManagePeriods(viewer);
  return db.transaction(async (tx) => {
    const { from, to } = periodRange(input.month, await payrollStartDay(tx));
    // A concurrent first lock of the same range inserts nothing here and is read back below.
    await tx
      .insert(attendancePeriodLocks)
      .values({ period: input.month, fromDate: from, toDate: to, state: "reopened", lockedBy: viewer.employeeId })
      .onConflictDoNothing({ target: [attendancePeriodLocks.fromDate, attendancePeriodLocks.toDate] });
    const row = (await lockRow(tx, from, to, true))!;
    if (row.state === "locked") return { lock: row, changed: false };
    const [lock] = await tx
      .update(attendancePeriodLocks)
      .set({ state: "locked", lockedBy: viewer.employeeId, lockedAt: sql`now()` })
      .where(eq(attendancePeriodLocks.id, row.id))
      .returning();
    await writeAudit(tx, viewer, "attendance.period.lock", { type: PERIOD_TARGET, id: lock.id }, { period: input.month, from, to });
    return { lock, changed: true };
  });
}

/**
 * Reopen a locked period with a reason: the person-days with queued late evidence recompute through the inbox job
 * ("attendance:recompute") and the queue rows are marked applied, in one transaction. Reopening an open period is a
 * no-op.
 */
export async function reopenPeriod(db: Db, viewer: Viewer, input: z.infer<typeof reopenBody>): Promise<{ lock: PeriodLock | null; changed: boolean; queued: number }> {
  assertCanManagePeriods(viewer);
  return db.transaction(async (tx) => {
    const { from, to } = periodRange(input.month, await payrollStartDay(tx));
    const row = await lockRow(tx, from, to, true);
    if (!row || row.state !== "locked") return { lock: row ?? null, changed: false, queued: 0 };
    const [lock] = await tx
      .update(attendancePeriodLocks)
      .set({ state: "reopened", reopenedBy: viewer.employeeId, reopenedAt: sql`now()`, reopenReason: input.reason })
      .where(eq(attendancePeriodLocks.id, row.id))
      .returning();
    const pending = await tx
      .selectDistinct({ employeeId: attendanceLateEvidence.employeeId, date: attendanceLateEvidence.businessDate })
      .from(attendanceLateEvidence)
      .where(and(eq(attendanceLateEvidence.lockId, row.id), isNull(attendanceLateEvidence.appliedAt)))
      .orderBy(asc(attendanceLateEvidence.employeeId), asc(attendanceLateEvidence.businessDate));
    const queued = await enqueueRecompute(tx, pending, "period reopen", `period-reopen:${row.id}:${lock.reopenedAt!.getTime()}`);
    await tx
      .update(attendanceLateEvidence)
      .set({ appliedAt: sql`now()` })
      .where(and(eq(attendanceLateEvidence.lockId, row.id), isNull(attendanceLateEvidence.appliedAt)));
    await writeAudit(tx, viewer, "attendance.period.reopen", { type: PERIOD_TARGET, id: lock.id }, { period: input.month, from, to, reason: input.reason, personDays: queued });
    return { lock, changed: true, queued };
  });
}

export interface LateEvidenceRow {
  id: number;
  employeeNo: string;
  name: string;
  businessDate: string;
  kind: string;
  ref: string;
  source: string | null;
  arrivedAt: string;
}
export interface PeriodState {
  month: string;
  startDay: number;
  from: string;
  to: string;
  lock: { id: number; state: "locked" | "reopened"; lockedAt: string; reopenedAt: string | null; reopenReason: string | null } | null;
  /** Late evidence still queued (not applied), within the viewer's scope. */
  pending: number;
  evidence: LateEvidenceRow[];
  history: { at: string; action: string; actor: string; reason: string | null }[];
  /** Other locked periods covering some of these dates (locked under another start day): those days stay locked. */
  overlaps: { period: string; from: string; to: string }[];
  canManage: boolean;
}

/** The lock state of `month`, its queued late evidence (the viewer's scope) and its audited history. */
export async function periodState(db: Db, viewer: Viewer, monthName: string, startDay: number, limit = 100): Promise<PeriodState> {
  const { from, to } = periodRange(monthName, startDay);
  const row = await lockRow(db, from, to);
  const overlaps = (
    await db
      .select({ period: attendancePeriodLocks.period, from: attendancePeriodLocks.fromDate, to: attendancePeriodLocks.toDate })
      .from(attendancePeriodLocks)
      .where(and(eq(attendancePeriodLocks.state, "locked"), lte(attendancePeriodLocks.fromDate, to), gte(attendancePeriodLocks.toDate, from)))
      .orderBy(asc(attendancePeriodLocks.fromDate))
  ).filter((l) => l.from !== from || l.to !== to);
  const base = { month: monthName, startDay, from, to, overlaps, canManage: canSeeEveryone(viewer) };
  if (!row) return { ...base, lock: null, pending: 0, evidence: [], history: [] };
  const where = and(eq(attendanceLateEvidence.lockId, row.id), isNull(attendanceLateEvidence.appliedAt), employeeScope(viewer));
  const [[{ n }], evidence, history] = await Promise.all([
    db.select({ n: count() }).from(attendanceLateEvidence).innerJoin(employees, eq(employees.id, attendanceLateEvidence.employeeId)).where(where),
    db
      .select({
        id: attendanceLateEvidence.id,
        employeeNo: employees.employeeNo,
        name: employees.name,
        businessDate: attendanceLateEvidence.businessDate,
        kind: attendanceLateEvidence.kind,
        ref: attendanceLateEvidence.ref,
        source: attendanceLateEvidence.source,
        arrivedAt: attendanceLateEvidence.arrivedAt,
      })
      .from(attendanceLateEvidence)
      .innerJoin(employees, eq(employees.id, attendanceLateEvidence.employeeId))
      .where(where)
      .orderBy(desc(attendanceLateEvidence.arrivedAt), desc(attendanceLateEvidence.id))
      .limit(limit),
    db
      .select({ at: auditLog.at, action: auditLog.action, actor: auditLog.actorLabel, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, PERIOD_TARGET), eq(auditLog.targetId, String(row.id)), inArray(auditLog.action, ["attendance.period.lock", "attendance.period.reopen"])))
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(20),
  ]);
  return {
    ...base,
    lock: { id: row.id, state: row.state, lockedAt: row.lockedAt.toISOString(), reopenedAt: row.reopenedAt?.toISOString() ?? null, reopenReason: row.reopenReason },
    pending: n,
    evidence: evidence.map((e) => ({ ...e, arrivedAt: e.arrivedAt.toISOString() })),
    history: history.map((h) => ({ at: h.at.toISOString(), action: h.action, actor: h.actor, reason: typeof h.details.reason === "string" ? h.details.reason : null })),
  };
}
