// The inbox write: one INSERT … ON CONFLICT (source, dedupe_key) DO NOTHING. The row is the job (see worker.ts),
// so "persist the event and enqueue its job in one transaction" is this single statement.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxEvents } from "@/db/schema";

export type InboxSource = (typeof inboxEvents.$inferInsert)["source"];
export type InboxChannel = NonNullable<(typeof inboxEvents.$inferInsert)["channel"]>;

export interface VerifiedEvent {
  source: InboxSource;
  channel?: InboxChannel;
  eventType: string;
  dedupeKey: string;
  raw: string;
  payload: Record<string, unknown>;
}

// The ack path's statement, built once per database handle and prepared by name: each pooled connection parses
// and plans it once instead of on every callback, and no query is rebuilt per request.
function prepareInsert(db: Db) {
  return db
    .insert(inboxEvents)
    .values({
      source: sql.placeholder("source"),
      channel: sql.placeholder("channel"),
      eventType: sql.placeholder("eventType"),
      dedupeKey: sql.placeholder("dedupeKey"),
      raw: sql.placeholder("raw"),
      payload: sql.placeholder("payload"),
    })
    .onConflictDoNothing({ target: [inboxEvents.source, inboxEvents.dedupeKey] })
    .returning({ id: inboxEvents.id })
    .prepare("qd_inbox_insert");
}
/** The stored columns of a verified event (type and key bounded to their column sizes). */
function inboxRow(e: VerifiedEvent) {
  return {
    source: e.source,
    channel: e.channel ?? ("http" as const),
    eventType: e.eventType.slice(0, 200),
    dedupeKey: e.dedupeKey.slice(0, 500),
    raw: e.raw,
    payload: e.payload,
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepareInsert>>();

/** Insert once. Returns the new id, or null when (source, dedupe_key) was already stored (a redelivery). */
export async function storeInboxEvent(db: Db, e: VerifiedEvent): Promise<{ id: number | null; duplicate: boolean }> {
  let insert = prepared.get(db);
  if (!insert) prepared.set(db, (insert = prepareInsert(db)));
  const rows = await insert.execute(inboxRow(e));
  return rows.length ? { id: rows[0].id, duplicate: false } : { id: null, duplicate: true };
}

/**
 * Several at once (pulls): one statement, conflicts skipped; the rows travel as one JSON parameter (a 500-row
 * multi-VALUES insert costs more to build than to run). Returns how many were new.
 */
export async function storeInboxEvents(db: Db, events: VerifiedEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = JSON.stringify(
    events.map((e) => {
      const r = inboxRow(e);
      return { s: r.source, c: r.channel, t: r.eventType, k: r.dedupeKey, r: r.raw, p: r.payload };
    }),
  );
  const res = await db.execute(sql`
    INSERT INTO inbox_events (source, channel, event_type, dedupe_key, raw, payload)
    SELECT x.s, x.c, x.t, x.k, x.r, x.p FROM jsonb_to_recordset(${rows}::jsonb) AS x(s text, c text, t text, k text, r text, p jsonb)
    ON CONFLICT (source, dedupe_key) DO NOTHING
    RETURNING id`);
  return ((res as { rows?: unknown[] }).rows ?? (res as unknown as unknown[])).length;
}
