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
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

export const meetings = pgTable(
  "meetings",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text({ enum: ["local", "tencent_meeting", "zoom", "agora", "wecom"] }).notNull().default("local"),
    externalId: text().notNull(), // vendor meeting id; a uuid for meetings created here
    occurrenceId: text().notNull().default(""), // Tencent sub_meeting_id for recurring meetings
    title: text().notNull(),
    description: text(),
    organizerId: bigint({ mode: "number" }),
    startsAt: ts().notNull(),
    endsAt: ts().notNull(),
    businessDate: date({ mode: "string" }).notNull(), // in ORG_TIMEZONE
    locationName: text(),
    latitude: doublePrecision(), // WGS-84
    longitude: doublePrecision(),
    radiusMeters: integer(),
    openBeforeMinutes: integer().notNull().default(15),
    lateAfterMinutes: integer().notNull().default(5),
    earlyLeaveMinutes: integer().notNull().default(10),
    inviteOnly: boolean().notNull().default(true),
    status: text({ enum: ["scheduled", "started", "ended", "cancelled"] }).notNull().default("scheduled"),
    joinUrl: text(),
    /** A meeting created here can be linked to a video meeting: its events then count for this meeting. */
    videoSource: text({ enum: ["tencent_meeting", "zoom", "agora", "wecom"] }),
    videoMeetingId: text(),
    /** Reminder this many minutes before the start; one nudge this many minutes after it (0 = none). */
    remindBeforeMinutes: integer().notNull().default(15),
    nudgeAfterMinutes: integer().notNull().default(10),
    /** 会议联动: a check-in to this meeting is also an attendance punch (e.g. the 9:00 all-hands is the morning punch). */
    countsForAttendance: boolean().notNull().default(false),
    /** 签退: people who check in in person must also check out in a window around the end, or they left early. */
    checkoutRequired: boolean().notNull().default(false),
    /** The check-out window: from this many minutes before the end … */
    checkoutOpensBeforeEndMinutes: integer().notNull().default(10),
    /** … to this many minutes after it (the meeting is settled, and absences written, once it closes). */
    checkoutClosesAfterEndMinutes: integer().notNull().default(30),
    /** A recurring meeting (周例会): its series, and which occurrence this is (1-based). */
    seriesId: bigint({ mode: "number" }),
    seriesIndex: integer(),
    /** Departments the invitation was made by (their members are in meeting_invitees with via_department_id). */
    inviteDepartmentIds: jsonb().$type<number[]>().notNull().default([]),
    /** Set once absences were written after the end (the job's watermark per meeting). */
    finalizedAt: ts(),
    /** Watermarks of the reminder and nudge jobs (each sent once per meeting). */
    remindersQueuedAt: ts(),
    nudgesQueuedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("meetings_external_uq").on(t.source, t.externalId, t.occurrenceId),
    index("meetings_starts_idx").on(t.startsAt),
    index("meetings_business_date_idx").on(t.businessDate),
    index("meetings_updated_idx").on(t.updatedAt, t.id),
    index("meetings_organizer_idx").on(t.organizerId, t.startsAt),
    index("meetings_video_idx").on(t.videoSource, t.videoMeetingId),
    index("meetings_series_idx").on(t.seriesId, t.startsAt),
  ],
);

/**
 * A recurring meeting (周例会): weekly, every two weeks or monthly, `count` occurrences from `startDate`, each a
 * meetings row of its own (series_id, series_index) at the wall-clock times below in ORG_TIMEZONE. Editing one
 * occurrence edits its row; editing the series edits the occurrences still to come (lib/meetings/series.ts).
 */
export const meetingSeries = pgTable("meeting_series", {
  id: bigserial({ mode: "number" }).primaryKey(),
  title: text().notNull(),
  organizerId: bigint({ mode: "number" }),
  frequency: text({ enum: ["weekly", "biweekly", "monthly"] }).notNull(),
  startDate: date({ mode: "string" }).notNull(),
  count: integer().notNull(),
  /** HH:mm in ORG_TIMEZONE */
  startTime: text().notNull(),
  endTime: text().notNull(),
  createdAt: ts().notNull().defaultNow(),
  updatedAt: ts().notNull().defaultNow(),
});

export const meetingInvitees = pgTable(
  "meeting_invitees",
  {
    meetingId: bigint({ mode: "number" }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    viaDepartmentId: bigint({ mode: "number" }),
    /** Who added this invitee after the meeting was created (a mark for someone not yet invited), and when. Null for
     * invitations made with the meeting (creation, edit, adoption). Shown in the organiser/console meeting view. */
    addedBy: bigint({ mode: "number" }),
    addedAt: ts(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.employeeId] }), index("meeting_invitees_emp_idx").on(t.employeeId)],
);

/** Join/leave intervals per person; `externalKey` is the natural key of the evidence (event ids, import row). */
export const meetingSessions = pgTable(
  "meeting_sessions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    meetingId: bigint({ mode: "number" }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    source: text().notNull(),
    externalKey: text().notNull(),
    joinedAt: ts().notNull(),
    leftAt: ts(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("meeting_sessions_key_uq").on(t.meetingId, t.externalKey),
    index("meeting_sessions_person_idx").on(t.meetingId, t.employeeId),
  ],
);

/**
 * Every video join/leave as it was reported (webhook, redelivery or reconciliation pull), one row per
 * (meeting, person, source, vendor participant key, join|leave, time): the evidence the person's video
 * meeting_sessions are recomputed from, in time order, so the result does not depend on arrival order
 * (a leave that arrives before its join waits here and pairs when the join comes). lib/meetings/presence.ts.
 */
export const meetingPresenceEvents = pgTable(
  "meeting_presence_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    meetingId: bigint({ mode: "number" }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    source: text().notNull(),
    participantKey: text().notNull(),
    action: text({ enum: ["join", "leave"] }).notNull(),
    at: ts().notNull(),
    device: text(),
    sourceEvent: text(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("meeting_presence_events_uq").on(t.meetingId, t.employeeId, t.source, t.participantKey, t.action, t.at),
  ],
);

/** One row per meeting × person: the attendance the reports, the live view and the OA see. */
export const meetingAttendance = pgTable(
  "meeting_attendance",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    meetingId: bigint({ mode: "number" }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    status: text({ enum: ["pending", "on_time", "late", "early_leave", "absent", "on_leave"] }).notNull(),
    method: text({ enum: ["qr", "geofence", "video", "manual", "import"] }),
    checkedInAt: ts(),
    /** The in-person check-out (签退) of a meeting that requires one; the first one counts. */
    checkedOutAt: ts(),
    firstJoinAt: ts(),
    lastLeaveAt: ts(),
    businessDate: date({ mode: "string" }).notNull(),
    /**
     * The person's department when the row was first written (a trigger fills it from employees when a writer
     * leaves it null): reports count history where it happened, and the daily fact table below stays an exact
     * function of this table even when people move.
     */
    departmentId: bigint({ mode: "number" }),
    device: text(),
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    version: integer().notNull().default(1),
    updatedAt: ts().notNull().defaultNow(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("meeting_attendance_uq").on(t.meetingId, t.employeeId),
    index("meeting_attendance_emp_idx").on(t.employeeId, t.businessDate),
    index("meeting_attendance_date_idx").on(t.businessDate),
    index("meeting_attendance_updated_idx").on(t.updatedAt, t.id),
    index("meeting_attendance_meeting_status_idx").on(t.meetingId, t.status),
  ],
);

/**
 * Incremental attendance facts for period reports: rows per business date × department × status. Maintained by
 * statement-level triggers on meeting_attendance (migration 0007), so every writer — app, seed, imports, raw SQL —
 * updates it in the same transaction. Triggers append signed deltas to meeting_attendance_daily_delta (no hot row
 * to lock, so a burst of check-ins into one department does not serialise); `foldAttendanceDeltas` moves them
 * into meeting_attendance_daily. The truth is daily + delta, summed.
 */
export const meetingAttendanceDaily = pgTable(
  "meeting_attendance_daily",
  {
    businessDate: date({ mode: "string" }).notNull(),
    departmentId: bigint({ mode: "number" }).notNull(), // 0 = no department
    status: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.businessDate, t.departmentId, t.status] })],
);

export const meetingAttendanceDailyDelta = pgTable(
  "meeting_attendance_daily_delta",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    businessDate: date({ mode: "string" }).notNull(),
    departmentId: bigint({ mode: "number" }).notNull(),
    status: text().notNull(),
    n: integer().notNull(),
  },
  (t) => [index("meeting_attendance_daily_delta_date_idx").on(t.businessDate)],
);

/** HR-entered leave (approvals feed this later). */
export const leaves = pgTable(
  "leaves",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    employeeId: bigint({ mode: "number" }).notNull(),
    startsAt: ts().notNull(),
    endsAt: ts().notNull(),
    reason: text(),
    createdBy: bigint({ mode: "number" }),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [index("leaves_emp_idx").on(t.employeeId, t.startsAt)],
);

/**
 * 会议请假 / 缺席说明: an approved excuse of one person for one meeting (from an approved meeting_excuse application,
 * lib/approvals/flows/effects.ts). While not revoked it counts as leave for that meeting only: a person without
 * check-in is on_leave (lib/meetings/excuses.ts recomputes the row). Natural key: the approval item id.
 */
export const meetingExcuses = pgTable(
  "meeting_excuses",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    meetingId: bigint({ mode: "number" }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    itemId: bigint({ mode: "number" }).notNull(),
    category: text().notNull(),
    reason: text().notNull().default(""),
    createdAt: ts().notNull().defaultNow(),
    revokedAt: ts(),
  },
  (t) => [uniqueIndex("meeting_excuses_item_uq").on(t.itemId), index("meeting_excuses_meeting_emp_idx").on(t.meetingId, t.employeeId)],
);

/** Video-meeting participants we could not map to an employee: listed for the organiser and HR to claim. */
export const unmatchedParticipants = pgTable(
  "unmatched_participants",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text().notNull(),
    externalUserId: text().notNull(),
    displayName: text(),
    email: text(),
    phone: text(),
    meetingId: bigint({ mode: "number" }),
    status: text({ enum: ["open", "claimed", "ignored"] }).notNull().default("open"),
    claimedEmployeeId: bigint({ mode: "number" }),
    claimedBy: bigint({ mode: "number" }),
    firstSeenAt: ts().notNull().defaultNow(),
    lastSeenAt: ts().notNull().defaultNow(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The inbox park key of this participant's events ("<source>:<corp>:<user>"): claiming re-runs them. */
    parkKey: text(),
  },
  (t) => [uniqueIndex("unmatched_participants_uq").on(t.source, t.externalUserId, t.meetingId)],
);
