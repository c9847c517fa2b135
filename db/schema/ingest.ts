import { sql } from "drizzle-orm";
import { bigserial, bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/**
 * The inbox: every verified vendor event, stored before it is acknowledged (ARCHITECTURE §3).
 * (source, dedupe_key) is the natural key, so a redelivery inserts nothing.
 * The row is also the job: workers claim due rows with FOR UPDATE SKIP LOCKED.
 */
export const inboxEvents = pgTable(
  "inbox_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text({ enum: ["wecom", "dingtalk", "tencent_meeting", "zoom", "agora", "import", "reconcile", "device", "app", "attendance", "oa"] }).notNull(),
    channel: text({ enum: ["http", "stream", "pull", "file", "internal"] }).notNull().default("http"),
    eventType: text().notNull(),
    dedupeKey: text().notNull(),
    raw: text().notNull(), // the body as received (still encrypted where the vendor encrypts)
    payload: jsonb().$type<Record<string, unknown>>().notNull(), // decrypted, parsed
    status: text({
      enum: ["received", "processing", "handled", "no_handler", "ignored", "parked", "dead", "discarded"],
    })
      .notNull()
      .default("received"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    lastError: text(),
    parkReason: text(),
    parkKey: text(), // e.g. "wecom:ww123:zhangsan": re-run when the ledger gains this identity
    receivedAt: ts().notNull().defaultNow(),
    handledAt: ts(),
  },
  (t) => [
    uniqueIndex("inbox_events_dedupe_uq").on(t.source, t.dedupeKey),
    index("inbox_events_due_idx").on(t.status, t.nextAttemptAt),
    // due rows that are not bulk pulls, in claim order: what the worker takes first (lib/ingest/worker.ts)
    index("inbox_events_live_due_idx").on(t.nextAttemptAt, t.id).where(sql`status IN ('received', 'processing') AND channel <> 'pull'`),
    index("inbox_events_received_idx").on(t.receivedAt),
    index("inbox_events_park_idx").on(t.parkKey),
  ],
);

/** Side effects a handler performed, keyed by inbox id: lets tests and operators count "handled exactly once". */
export const inboxEffects = pgTable(
  "inbox_effects",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    inboxEventId: bigint({ mode: "number" }).notNull(),
    handler: text().notNull(),
    at: ts().notNull().defaultNow(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("inbox_effects_event_idx").on(t.inboxEventId)],
);
