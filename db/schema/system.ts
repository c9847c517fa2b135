import { bigserial, bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/** Settings the app generates on first start and shares across instances (AUTH_SECRET, QR secret…). */
export const appSettings = pgTable("app_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedAt: ts().notNull().defaultNow(),
});

/** Shared access-token / ticket cache, so N instances refresh once (under a row lock). */
export const vendorTokens = pgTable("vendor_tokens", {
  key: text().primaryKey(), // e.g. "wecom:ww123:1000002:access_token"
  value: text().notNull(),
  expiresAt: ts().notNull(),
  updatedAt: ts().notNull().defaultNow(),
});

/** One run of a sync (org, reconciliation, failed-push recovery, OA), with counts and a watermark. */
export const syncRuns = pgTable(
  "sync_runs",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text().notNull(), // wecom, dingtalk, tencent_meeting, zoom, oa:postgres …
    kind: text().notNull(), // org_full, reconcile, failed_push, …
    windowStart: ts(),
    windowEnd: ts(),
    // held: an org snapshot that would remove too many people waits for HR (org_sync_holds)
    status: text({ enum: ["running", "succeeded", "failed", "partial", "held"] }).notNull().default("running"),
    added: integer().notNull().default(0),
    changed: integer().notNull().default(0),
    removed: integer().notNull().default(0),
    errorCount: integer().notNull().default(0),
    errors: jsonb().$type<string[]>().notNull().default([]),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    watermark: ts(), // "complete up to"
    startedAt: ts().notNull().defaultNow(),
    finishedAt: ts(),
  },
  (t) => [index("sync_runs_source_idx").on(t.source, t.kind, t.startedAt)],
);

/** Who did what, for every privileged action (links, replays, manual marks, key creation). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: ts().notNull().defaultNow(),
    actorEmployeeId: bigint({ mode: "number" }),
    actorLabel: text().notNull(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("audit_log_target_idx").on(t.targetType, t.targetId), index("audit_log_at_idx").on(t.at)],
);

/**
 * One outbox for every outbound chat message (reminders, nudges, alerts, later approval cards).
 * `dedupeKey` makes a second enqueue of the same message a no-op.
 */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    channel: text({ enum: ["wecom", "dingtalk"] }).notNull(),
    recipientEmployeeId: bigint({ mode: "number" }).notNull(),
    kind: text().notNull(), // meeting_reminder, checkin_nudge, oa_lag_alert, …
    dedupeKey: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    // unknown: the send got no answer and is never repeated (it may have been delivered)
    status: text({ enum: ["pending", "sending", "sent", "failed", "dead", "unknown"] }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    lastError: text(),
    vendorMessageId: text(),
    sentAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notification_outbox_dedupe_uq").on(t.dedupeKey),
    index("notification_outbox_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/**
 * Vendor rate budgets shared by every instance: calls per (bucket, slice) where a slice is a fixed 10 ms of the
 * database clock, summed over a sliding window (lib/vendors/rate-limit.ts SharedRateLimiter). Rows expire after two
 * windows.
 */
export const vendorRateSlices = pgTable(
  "vendor_rate_slices",
  {
    bucket: text().notNull(), // "<vendor>:<app>:<api>"
    slice: bigint({ mode: "number" }).notNull(), // epoch ms ÷ slice length
    calls: integer().notNull(),
    expiresAt: ts().notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.slice] })],
);

/**
 * A full org snapshot held back because applying it would mark too many people departed (lib/org/guard.ts):
 * HR confirms (applied) or discards it in the console. `removals` is the list HR sees.
 */
export const orgSyncHolds = pgTable(
  "org_sync_holds",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text({ enum: ["wecom", "dingtalk"] }).notNull(),
    corpId: text().notNull(),
    syncRunId: bigint({ mode: "number" }).notNull(),
    status: text({ enum: ["pending", "applied", "discarded", "superseded"] }).notNull().default("pending"),
    snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
    removals: jsonb().$type<{ employeeId: number; employeeNo: string; name: string }[]>().notNull(),
    activeBefore: integer().notNull(),
    createdAt: ts().notNull().defaultNow(),
    decidedAt: ts(),
    decidedBy: bigint({ mode: "number" }),
  },
  (t) => [index("org_sync_holds_source_idx").on(t.source, t.status)],
);
