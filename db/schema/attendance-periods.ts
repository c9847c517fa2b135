import { sql } from "drizzle-orm";
import { bigint, bigserial, date, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/**
 * A payroll period HR has closed (封账): while `state` is locked nothing dated in [from_date, to_date] recomputes.
 * Keyed by its date range, so a later change of the period start day leaves existing locks exactly where they were.
 */
export const attendancePeriodLocks = pgTable(
  "attendance_period_locks",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    period: text().notNull(), // "YYYY-MM": the period named after the month it ends in
    fromDate: date({ mode: "string" }).notNull(),
    toDate: date({ mode: "string" }).notNull(),
    state: text({ enum: ["locked", "reopened"] }).notNull(),
    lockedBy: bigint({ mode: "number" }),
    lockedAt: ts().notNull().defaultNow(),
    reopenedBy: bigint({ mode: "number" }),
    reopenedAt: ts(),
    reopenReason: text(),
  },
  (t) => [uniqueIndex("attendance_period_locks_range_uq").on(t.fromDate, t.toDate), index("attendance_period_locks_state_idx").on(t.state, t.fromDate, t.toDate)],
);

/**
 * Evidence that arrived for a person-day inside a locked period (a punch, a vanished punch, a queued recompute): held
 * here instead of recomputing. Reopening the period recomputes the person-days and marks the rows applied.
 * One pending row per (person, date, kind, ref): a redelivered punch queues nothing twice.
 */
export const attendanceLateEvidence = pgTable(
  "attendance_late_evidence",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    lockId: bigint({ mode: "number" }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    businessDate: date({ mode: "string" }).notNull(),
    kind: text({ enum: ["punch", "punch_vanished", "recompute"] }).notNull(),
    ref: text().notNull(), // punch id, or the recompute's reason
    source: text(), // the punch's channel (device, wecom, app…)
    arrivedAt: ts().notNull().defaultNow(),
    appliedAt: ts(),
  },
  (t) => [
    uniqueIndex("attendance_late_evidence_pending_uq").on(t.employeeId, t.businessDate, t.kind, t.ref).where(sql`applied_at IS NULL`),
    index("attendance_late_evidence_lock_idx").on(t.lockId, t.appliedAt),
  ],
);
