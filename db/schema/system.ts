import { bigserial, bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

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
    status: text({ enum: ["running", "succeeded", "failed", "partial"] }).notNull().default("running"),
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
    status: text({ enum: ["pending", "sending", "sent", "failed", "dead"] }).notNull().default("pending"),
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
