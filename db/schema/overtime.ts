import { bigint, bigserial, date, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/** 补偿方式 of an overtime: time off in lieu (调休) or overtime pay (加班费). */
export const OVERTIME_COMPENSATIONS = ["leave", "pay"] as const;
/**
 * How the day engine counts overtime (an org setting, app_settings "attendance_overtime_mode"; DingTalk's three modes):
 * punches — from punches only, no approval needed (the default); approval — the approved duration, punches ignored;
 * approval_punches — only punched minutes inside an approved window.
 */
export const OVERTIME_MODES = ["punches", "approval", "approval_punches"] as const;

/**
 * An approved overtime window the day engine reads (lib/attendance/recompute.ts). Natural key (source, source_key):
 * our own application ("approval", item id) or a mirrored native approval ("native", vendor:instance). Counted on
 * `business_date` (the day it starts; a night overtime may end the next morning). Cancelled, never deleted.
 */
export const overtimeApprovals = pgTable(
  "overtime_approvals",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    employeeId: bigint({ mode: "number" }).notNull(),
    businessDate: date({ mode: "string" }).notNull(),
    startsAt: ts().notNull(),
    endsAt: ts().notNull(),
    compensation: text({ enum: OVERTIME_COMPENSATIONS }).notNull().default("leave"),
    source: text().notNull(),
    sourceKey: text().notNull(),
    cancelledAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("overtime_approvals_source_uq").on(t.source, t.sourceKey), index("overtime_approvals_emp_idx").on(t.employeeId, t.businessDate)],
);
