// The inbox write: one INSERT … ON CONFLICT (source, dedupe_key) DO NOTHING. The row is the job (see worker.ts),
// so "persist the event and enqueue its job in one transaction" is this single statement.
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

/** Insert once. Returns the new id, or null when (source, dedupe_key) was already stored (a redelivery). */
export async function storeInboxEvent(db: Db, e: VerifiedEvent): Promise<{ id: number | null; duplicate: boolean }> {
  const rows = await db
    .insert(inboxEvents)
    .values({
      source: e.source,
      channel: e.channel ?? "http",
      eventType: e.eventType.slice(0, 200),
      dedupeKey: e.dedupeKey.slice(0, 500),
      raw: e.raw,
      payload: e.payload,
    })
    .onConflictDoNothing({ target: [inboxEvents.source, inboxEvents.dedupeKey] })
    .returning({ id: inboxEvents.id });
  return rows.length ? { id: rows[0].id, duplicate: false } : { id: null, duplicate: true };
}

/** Several at once (pulls): one statement, conflicts skipped. Returns how many were new. */
export async function storeInboxEvents(db: Db, events: VerifiedEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const rows = await db
    .insert(inboxEvents)
    .values(
      events.map((e) => ({
        source: e.source,
        channel: e.channel ?? "http",
        eventType: e.eventType.slice(0, 200),
        dedupeKey: e.dedupeKey.slice(0, 500),
        raw: e.raw,
        payload: e.payload,
      })),
    )
    .onConflictDoNothing({ target: [inboxEvents.source, inboxEvents.dedupeKey] })
    .returning({ id: inboxEvents.id });
  return rows.length;
}

