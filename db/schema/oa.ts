import { sql } from "drizzle-orm";
import { bigserial, bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/**
 * Durable outbox towards the OA: written in the same transaction as the change it describes.
 * Key: (sink, aggregate_type, aggregate_id, version) — an older version never overwrites a newer one at the sink.
 */
export const oaOutbox = pgTable(
  "oa_outbox",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    sink: text({ enum: ["none", "postgres", "http"] }).notNull(),
    aggregateType: text().notNull(), // meeting_attendance (later: attendance_day, approval)
    aggregateId: text().notNull(),
    version: integer().notNull(),
    idempotencyKey: text().notNull(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    status: text({ enum: ["pending", "delivered", "dead", "skipped", "superseded"] }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    lastError: text(),
    lastStatusCode: integer(),
    /** Category of the last failure: connection, timeout, http_5xx, http_429, http_4xx, oa_schema, invalid_payload, horizon. */
    failureReason: text(),
    createdAt: ts().notNull().defaultNow(),
    deliveredAt: ts(),
  },
  (t) => [
    uniqueIndex("oa_outbox_key_uq").on(t.sink, t.idempotencyKey),
    index("oa_outbox_due_idx").on(t.sink, t.status, t.nextAttemptAt),
    index("oa_outbox_aggregate_idx").on(t.aggregateType, t.aggregateId, t.version),
    index("oa_outbox_delivered_idx").on(t.sink, t.deliveredAt),
    // the dispatcher's head lookup: lowest pending version of one record (a probe per candidate row)
    index("oa_outbox_pending_head_idx").on(t.sink, t.aggregateType, t.aggregateId, t.version).where(sql`status = 'pending'`),
  ],
);

/** API keys for the OA's pull API: stored hashed, scoped, revocable. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    name: text().notNull(),
    prefix: text().notNull(), // shown in the console, first chars of the key
    hash: text().notNull(), // sha256 of the full key
    scopes: jsonb().$type<string[]>().notNull(),
    rateLimitPerMinute: integer().notNull().default(600),
    createdBy: bigint({ mode: "number" }),
    createdAt: ts().notNull().defaultNow(),
    revokedAt: ts(),
    lastUsedAt: ts(),
  },
  (t) => [uniqueIndex("api_keys_hash_uq").on(t.hash), index("api_keys_prefix_idx").on(t.prefix)],
);

/**
 * Pull-API rate limit, shared by every app instance: admitted requests per key per minute (database clock); the
 * sliding-window decision weighs the previous minute's row against this one's (lib/oa-sync/api/keys.ts). The request
 * that opens a key's new minute deletes the minutes before the previous one: about two rows per key ever used.
 */
export const apiRateWindows = pgTable(
  "api_rate_windows",
  {
    keyId: bigint({ mode: "number" })
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    windowStart: ts().notNull(),
    count: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyId, t.windowStart] })],
);

/**
 * A sink the receiver asked us to stop sending to (HTTP 429 Retry-After, RFC 6585 §4): until `paused_until` no
 * app instance or worker claims that sink's rows (lib/oa-sync/dispatcher.ts), not only the process that got the 429.
 */
export const oaSinkPauses = pgTable("oa_sink_pauses", {
  sink: text().primaryKey(),
  pausedUntil: ts().notNull(),
  reason: text().notNull(),
  updatedAt: ts().notNull().defaultNow(),
});
