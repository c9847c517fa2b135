// Vendor attendance pulls (WeCom 打卡, DingTalk 考勤): the vendors' own day results, kept beside ours, and the
// targeted pulls a DingTalk attendance_check_record event asks for. Punches themselves live in `punches`.
import { bigint, bigserial, date, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/**
 * One vendor's verdict on a person-day (WeCom getcheckin_daydata, DingTalk attendance/list timeResult), normalised
 * to our coarse classes (normal, late, early_leave, missing, absent, rest) so disagreements can be listed.
 */
export const vendorDayResults = pgTable(
  "vendor_day_results",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text({ enum: ["wecom", "dingtalk"] }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    businessDate: date({ mode: "string" }).notNull(),
    verdict: text().array().notNull(),
    /** the vendor's own words (WeCom exception_infos / DingTalk timeResult per slot) */
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    fetchedAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("vendor_day_results_uq").on(t.source, t.employeeId, t.businessDate), index("vendor_day_results_date_idx").on(t.businessDate)],
);

/** A person-day to pull again soon (DingTalk's attendance_check_record event carries no timeResult). */
export const attendancePullRequests = pgTable(
  "attendance_pull_requests",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text({ enum: ["wecom", "dingtalk"] }).notNull(),
    externalUserId: text().notNull(),
    workDate: date({ mode: "string" }).notNull(),
    requestedAt: ts().notNull().defaultNow(),
    /** null while due; set when a pull covered it (a newer event sets it back to null) */
    doneAt: ts(),
    attempts: bigint({ mode: "number" }).notNull().default(0),
    lastError: text(),
  },
  (t) => [uniqueIndex("attendance_pull_requests_uq").on(t.source, t.externalUserId, t.workDate), index("attendance_pull_requests_due_idx").on(t.doneAt, t.requestedAt)],
);
