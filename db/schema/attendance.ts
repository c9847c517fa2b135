import {
  bigserial,
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

export const DAY_TYPES = ["workday", "weekend", "statutory_holiday", "in_lieu_rest", "makeup_workday"] as const;
export const SHIFT_KINDS = ["fixed", "flexible", "night", "free"] as const;
export const PUNCH_SOURCES = ["app", "wecom", "dingtalk", "device", "file", "meeting"] as const;
export const SPAN_KINDS = ["leave", "trip", "field"] as const;

/** One shift section; times are minutes from 00:00 of the business date the instance starts on (≥ 1440 = next day). */
export interface ShiftSectionSpec {
  start: number;
  end: number;
  rests?: { start: number; end: number }[];
  /** Valid punch windows (minutes before/after the expected in and out punches). */
  inBefore?: number;
  inAfter?: number;
  outBefore?: number;
  outAfter?: number;
}

/** Per attendance group: which chat reminders go out and when; quiet hours are local wall-clock "HH:MM" (ORG_TIMEZONE). */
export interface GroupReminderSettings {
  enabled: boolean;
  punchInAfterMinutes: number;
  punchOut: boolean;
  missingNextMorning: boolean;
  missingAt: string;
  monthSummary: boolean;
  quietStart: string;
  quietEnd: string;
}
export const DEFAULT_GROUP_REMINDERS: GroupReminderSettings = {
  enabled: true,
  punchInAfterMinutes: 10,
  punchOut: true,
  missingNextMorning: true,
  missingAt: "09:30",
  monthSummary: true,
  quietStart: "22:00",
  quietEnd: "08:00",
};

/**
 * Every punch from every channel. Natural key: (source, device_id, record_id); device_id is "" except for punch
 * devices, whose record ids are only unique per device. Never deleted: a vendor-side change is recorded in `history`.
 */
export const punches = pgTable(
  "punches",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text({ enum: PUNCH_SOURCES }).notNull(),
    recordId: text().notNull(),
    deviceId: text().notNull().default(""),
    employeeId: bigint({ mode: "number" }).notNull(),
    punchedAt: ts().notNull(), // UTC instant
    businessDate: date({ mode: "string" }).notNull(), // the person-day it counts for (night shifts: the start date)
    direction: text({ enum: ["in", "out"] }),
    latitude: doublePrecision(), // GCJ-02 (normalised with gcoord)
    longitude: doublePrecision(),
    coord: text({ enum: ["gcj02", "wgs84", "bd09"] }), // as received
    placeName: text(),
    wifiBssid: text(),
    suspicious: boolean().notNull().default(false),
    suspiciousReason: text(),
    field: boolean().notNull().default(false),
    remark: text(),
    changeState: text({ enum: ["added", "changed", "vanished"] }).notNull().default("added"),
    history: jsonb().$type<{ at: string; state: string; before: Record<string, unknown> }[]>().notNull().default([]),
    raw: jsonb().$type<Record<string, unknown>>(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("punches_natural_uq").on(t.source, t.deviceId, t.recordId),
    index("punches_emp_date_idx").on(t.employeeId, t.businessDate),
    index("punches_emp_at_idx").on(t.employeeId, t.punchedAt),
    // the pull API's feed order (GET /api/v1/punches)
    index("punches_updated_idx").on(t.updatedAt, t.id),
  ],
);

/** The five day types, seeded from chinese-days; HR rows (source "hr") win over the package. */
export const calendarDays = pgTable(
  "calendar_days",
  {
    date: date({ mode: "string" }).primaryKey(),
    dayType: text({ enum: DAY_TYPES }).notNull(),
    name: text(),
    source: text({ enum: ["chinese-days", "hr"] }).notNull(),
    sourceVersion: text(),
    editedBy: bigint({ mode: "number" }),
    updatedAt: ts().notNull().defaultNow(),
  },
);

/** Calendar refreshes: what changed, so a person-day recompute can be traced to it. */
export const calendarChanges = pgTable(
  "calendar_changes",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    date: date({ mode: "string" }).notNull(),
    before: text(),
    after: text(),
    source: text().notNull(),
    sourceVersion: text(),
    changedAt: ts().notNull().defaultNow(),
  },
  (t) => [index("calendar_changes_date_idx").on(t.date)],
);

export const attendanceGroups = pgTable(
  "attendance_groups",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    name: text().notNull(),
    /** Higher wins when a person matches several groups (a person-level membership beats a department one). */
    priority: integer().notNull().default(0),
    defaultShiftId: bigint({ mode: "number" }),
    /** Fixed week: work on workdays and make-up workdays, rest otherwise. Roster groups schedule per day. */
    schedule: text({ enum: ["calendar", "roster"] }).notNull().default("calendar"),
    places: jsonb().$type<{ name: string; lat: number; lng: number; radiusMeters: number }[]>().notNull().default([]),
    wifi: jsonb().$type<{ ssid: string; bssid: string }[]>().notNull().default([]),
    fieldAllowed: boolean().notNull().default(false),
    /** Chat reminders of this group's people (lib/attendance/reminder-rules.ts reads it; defaults there too). */
    reminders: jsonb().$type<GroupReminderSettings>().notNull().default(DEFAULT_GROUP_REMINDERS),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
);

export const attendanceGroupMembers = pgTable(
  "attendance_group_members",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    groupId: bigint({ mode: "number" }).notNull(),
    departmentId: bigint({ mode: "number" }),
    employeeId: bigint({ mode: "number" }),
    excluded: boolean().notNull().default(false),
  },
  (t) => [
    uniqueIndex("attendance_group_members_uq").on(t.groupId, t.departmentId, t.employeeId),
    index("attendance_group_members_emp_idx").on(t.employeeId),
    index("attendance_group_members_dept_idx").on(t.departmentId),
  ],
);

export const shifts = pgTable("shifts", {
  id: bigserial({ mode: "number" }).primaryKey(),
  name: text().notNull(),
  kind: text({ enum: SHIFT_KINDS }).notNull(),
  sections: jsonb().$type<ShiftSectionSpec[]>().notNull().default([]),
  graceMinutes: integer().notNull().default(0),
  seriousLateMinutes: integer(),
  absentLateMinutes: integer(),
  earlyLeaveGraceMinutes: integer().notNull().default(0),
  halfDayMinutes: integer(),
  flexEarliestArrival: integer(), // minutes from 00:00
  flexLatestArrival: integer(),
  requiredMinutes: integer(), // flexible: presence incl. rests; free: worked
  dayStartMinutes: integer().notNull().default(0), // free schedule: when a new attendance day begins
  workdayOvertimeAfterMinutes: integer(),
  /** 删除 of a shift that past days were computed with: hidden from pickers, kept for history (names, recompute). */
  archivedAt: ts(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});

/** 排班: one row per person × date; shift_id null = rest. */
export const rosters = pgTable(
  "rosters",
  {
    employeeId: bigint({ mode: "number" }).notNull(),
    date: date({ mode: "string" }).notNull(),
    shiftId: bigint({ mode: "number" }),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("rosters_uq").on(t.employeeId, t.date)],
);

/** Leave, business trips, field work: HR-entered now, approvals later (source + source_key natural key). */
export const leaveSpans = pgTable(
  "leave_spans",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    employeeId: bigint({ mode: "number" }).notNull(),
    kind: text({ enum: SPAN_KINDS }).notNull(),
    startsAt: ts().notNull(),
    endsAt: ts().notNull(),
    halfDay: boolean().notNull().default(false),
    leaveType: text(),
    reason: text(),
    source: text().notNull().default("hr"),
    sourceKey: text().notNull(),
    createdBy: bigint({ mode: "number" }),
    cancelledAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("leave_spans_source_uq").on(t.source, t.sourceKey),
    index("leave_spans_emp_idx").on(t.employeeId, t.startsAt),
  ],
);

/** Expected punches, generated ahead of time so "not yet punched" is queryable during the day. */
export const expectedSlots = pgTable(
  "expected_slots",
  {
    employeeId: bigint({ mode: "number" }).notNull(),
    businessDate: date({ mode: "string" }).notNull(),
    slot: integer().notNull(),
    kind: text({ enum: ["in", "out"] }).notNull(),
    shiftId: bigint({ mode: "number" }),
    expectedAt: ts().notNull(),
    windowStart: ts().notNull(),
    windowEnd: ts().notNull(),
    status: text().notNull().default("pending"), // pending | normal | late | ... | missing_in | covered
    punchId: bigint({ mode: "number" }),
  },
  (t) => [
    uniqueIndex("expected_slots_uq").on(t.employeeId, t.businessDate, t.slot),
    index("expected_slots_pending_idx").on(t.status, t.expectedAt),
  ],
);

export const attendanceDays = pgTable(
  "attendance_days",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    employeeId: bigint({ mode: "number" }).notNull(),
    businessDate: date({ mode: "string" }).notNull(),
    dayType: text({ enum: DAY_TYPES }).notNull(),
    shiftId: bigint({ mode: "number" }),
    statuses: text().array().notNull(),
    lateMinutes: integer().notNull().default(0),
    earlyLeaveMinutes: integer().notNull().default(0),
    workedMinutes: integer().notNull().default(0),
    leaveMinutes: integer().notNull().default(0),
    overtimeWorkdayMinutes: integer().notNull().default(0),
    overtimeRestDayMinutes: integer().notNull().default(0),
    overtimeHolidayMinutes: integer().notNull().default(0),
    evidencePunchIds: bigint({ mode: "number" }).array().notNull(),
    evidenceLeaveIds: bigint({ mode: "number" }).array().notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    explanation: text().notNull(),
    version: integer().notNull().default(1),
    computedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("attendance_days_uq").on(t.employeeId, t.businessDate),
    index("attendance_days_date_idx").on(t.businessDate),
    index("attendance_days_computed_idx").on(t.computedAt, t.id),
  ],
);
