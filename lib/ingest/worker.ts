/*
 * The inbox worker: the inbox row IS the job (a transactional inbox).
 *
 * ARCHITECTURE §3 says "INSERT inbox_event + enqueue a pg-boss job in the same transaction". We keep the
 * guarantee and drop the second write: the route's single INSERT … ON CONFLICT DO NOTHING both persists the
 * event and makes it due (status "received", next_attempt_at = now()), so there is nothing to enqueue and no way
 * for an event to exist without its job, or a job without its event. Versus pg-boss per event this halves the
 * writes on the ack path (what bounds callback throughput), keeps the retry state (attempts, last error, next
 * attempt, dead letter) on the row the console shows, and dedupes for free through (source, dedupe_key).
 * pg-boss stays for schedules (DingTalk failed-push recovery).
 *
 * Exactly-once effects with any number of web instances and workers: a tick opens ONE transaction, claims due
 * rows with SELECT … FOR UPDATE SKIP LOCKED (the row lock is the lease: a crash rolls it back and the row is
 * due again), runs each handler in a savepoint on that transaction, and writes the row's new status and its
 * inbox_effects row in the same transaction. Effects and "handled" commit together or not at all, and no second
 * worker can see the row while it is locked. A handler that throws rolls back its savepoint only; the row gets
 * attempts+1 and a backoff (or "dead" with the error after MAX_ATTEMPTS). "processing" rows whose lease
 * (next_attempt_at) expired are claimed too, for rows marked by other tools; this worker never leaves one behind.
 */
import { and, eq, getTableColumns, inArray, lte, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { inboxEffects, inboxEvents } from "@/db/schema";
import { approvalEventHandlers } from "@/lib/approvals/events";
import { attendanceEventHandlers } from "@/lib/attendance/punches/device";
import { attendancePullEventHandlers } from "@/lib/attendance/punches/pull-events";
import { meetingEventHandlers } from "@/lib/meetings/events";
import { log } from "@/lib/observability/log";
import { metrics } from "@/lib/observability/metrics";
import { orgEventHandlers } from "@/lib/org/events";
import { ingestEventHandlers } from "./handlers";
import { KNOWN_EVENT_TYPES } from "./known";
import type { EventHandler, HandlerResult, InboxEvent } from "./types";

export const INBOX_LOOP = "ingest.inbox";

// Every column but `raw`: handlers work from the parsed payload, and the raw body is the larger half of the row.
const { raw: _raw, ...HANDLER_COLUMNS } = getTableColumns(inboxEvents);
export const MAX_ATTEMPTS = 6;
export const BATCH_SIZE = 50;

export function findHandler(key: string): EventHandler | undefined {
  return orgEventHandlers[key] ?? meetingEventHandlers[key] ?? attendanceEventHandlers[key] ?? attendancePullEventHandlers[key] ?? approvalEventHandlers[key] ?? ingestEventHandlers[key];
}

/** Retry delay after `attempts` failures: 2 s, 4 s, 8 s … capped at 30 min, ±20 % jitter. */
export function backoffMs(attempts: number): number {
  const base = Math.min(2_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

function errText(e: unknown): string {
  const m = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return m.slice(0, 2000);
}

type Outcome = HandlerResult["outcome"] | "no_handler" | "failed" | "dead";

/** What a tick decided for one row; written for the whole batch in one UPDATE (same transaction as the effects). */
interface RowUpdate {
  id: number;
  status: InboxEvent["status"];
  attempts: number;
  handledAt: Date | null;
  lastError: string | null;
  parkKey: string | null;
  parkReason: string | null;
  nextAttemptAt: Date | null; // null = unchanged
}

async function decideOne(tx: Db, event: InboxEvent, effects: (typeof inboxEffects.$inferInsert)[]): Promise<{ outcome: Outcome; update: RowUpdate }> {
  const key = `${event.source}:${event.eventType}`;
  const handler = findHandler(key);
  const now = new Date();
  const attempts = event.attempts + 1;
  const base = { id: event.id, attempts, handledAt: null, lastError: null, parkKey: null, parkReason: null, nextAttemptAt: null };
  if (!handler) {
    const known = KNOWN_EVENT_TYPES.has(key);
    return {
      outcome: known ? "no_handler" : "ignored",
      update: { ...base, status: known ? "no_handler" : "ignored", handledAt: now, lastError: event.lastError, parkReason: known ? "no handler yet for this event type" : "unknown event type (stored, not processed)" },
    };
  }
  try {
    // A savepoint per handler: a throw undoes only this handler's writes, the rest of the batch goes on.
    // A pure handler writes nothing, so there is nothing to undo and no savepoint to pay for.
    const result = handler.pure ? await handler({ db: tx, event }) : await tx.transaction(async (sp) => handler({ db: sp, event }));
    return settle(event, result, key, effects);
  } catch (e) {
    const dead = attempts >= MAX_ATTEMPTS;
    log.warn({ inboxId: event.id, key, attempts, dead }, "inbox handler failed");
    return {
      outcome: dead ? "dead" : "failed",
      update: { ...base, status: dead ? "dead" : "received", lastError: errText(e), nextAttemptAt: new Date(Date.now() + (dead ? 0 : backoffMs(attempts))) },
    };
  }
}

/** The row update (and effect) for a handler's result. */
function settle(event: InboxEvent, result: HandlerResult, key: string, effects: (typeof inboxEffects.$inferInsert)[]): { outcome: Outcome; update: RowUpdate } {
  const now = new Date();
  const base = { id: event.id, attempts: event.attempts + 1, handledAt: null, lastError: null, parkKey: null, parkReason: null, nextAttemptAt: null };
  if (result.outcome === "handled") {
    effects.push({ inboxEventId: event.id, handler: key, details: result.effects ?? {} });
    return { outcome: "handled", update: { ...base, status: "handled", handledAt: now } };
  }
  if (result.outcome === "parked") {
    return { outcome: "parked", update: { ...base, status: "parked", parkKey: result.parkKey, parkReason: result.reason.slice(0, 500) } };
  }
  return { outcome: "ignored", update: { ...base, status: "ignored", handledAt: now, parkReason: result.reason.slice(0, 500) } };
}

async function writeUpdates(tx: Db, updates: RowUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const values = sql.join(
    updates.map(
      (u) =>
        sql`(${u.id}::bigint, ${u.status}::text, ${u.attempts}::int, ${u.handledAt}::timestamptz, ${u.lastError}::text, ${u.parkKey}::text, ${u.parkReason}::text, ${u.nextAttemptAt}::timestamptz)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update inbox_events as e set
      status = v.status, attempts = v.attempts, handled_at = v.handled_at, last_error = v.last_error,
      park_key = v.park_key, park_reason = v.park_reason, next_attempt_at = coalesce(v.next_attempt_at, e.next_attempt_at)
    from (values ${values}) as v(id, status, attempts, handled_at, last_error, park_key, park_reason, next_attempt_at)
    where e.id = v.id`);
}

/**
 * Claim and process one batch of due rows. Returns how many rows it took (the loop runs again at once if > 0).
 * `onlyIds` limits the claim to those rows: a request that must answer with the effect of its own event (the
 * in-app punch) runs it at once, through the same handler and bookkeeping as the loop.
 */
export async function processInboxBatch(db: Db, batchSize = BATCH_SIZE, onlyIds?: number[]): Promise<number> {
  const m = metrics();
  const counted: { source: string; outcome: Outcome }[] = [];
  const n = await db.transaction(async (tx) => {
    const claim = (only: SQL | undefined, limit: number) =>
      tx
        .select(HANDLER_COLUMNS)
        .from(inboxEvents)
        // The database's clock, as the INSERT's default used: a JS Date (millisecond precision) can sit a few
        // microseconds before a row stored just now, which would leave that row unclaimed until the next tick.
        .where(and(inArray(inboxEvents.status, ["received", "processing"]), lte(inboxEvents.nextAttemptAt, sql`now()`), only))
        .orderBy(inboxEvents.nextAttemptAt, inboxEvents.id)
        .limit(limit)
        .for("update", { skipLocked: true });
    // Callbacks, pushes and taps go ahead of a bulk vendor pull (a month of punches for the whole company is tens of
    // thousands of rows): a webhook or an OA approval push waits seconds, not for the backlog (inbox_events_live_due_idx).
    const live = onlyIds ? [] : await claim(ne(inboxEvents.channel, "pull"), batchSize);
    const due = onlyIds
      ? await claim(inArray(inboxEvents.id, onlyIds), batchSize)
      : live.length < batchSize
        ? [...live, ...(await claim(live.length ? notInArray(inboxEvents.id, live.map((e) => e.id)) : undefined, batchSize - live.length))]
        : live;
    const effects: (typeof inboxEffects.$inferInsert)[] = [];
    const updates: RowUpdate[] = [];
    // Events whose handler takes batches go together (one savepoint, shared loads); the rest one by one.
    const batched = new Map<string, InboxEvent[]>();
    const single: InboxEvent[] = [];
    for (const event of due) {
      const key = `${event.source}:${event.eventType}`;
      if (findHandler(key)?.batch) batched.set(key, [...(batched.get(key) ?? []), event]);
      else single.push(event);
    }
    for (const [key, events] of batched) {
      if (events.length < 2) {
        single.push(...events);
        continue;
      }
      const handler = findHandler(key)!;
      let results: HandlerResult[] | null = null;
      try {
        results = await tx.transaction(async (sp) => handler.batch!({ db: sp, events }));
      } catch (e) {
        log.warn({ key, events: events.length, err: errText(e) }, "inbox batch handler failed; handling its events one by one");
      }
      if (!results) {
        single.push(...events);
        continue;
      }
      events.forEach((event, i) => {
        const { outcome, update } = settle(event, results![i], key, effects);
        updates.push(update);
        counted.push({ source: event.source, outcome });
      });
    }
    for (const event of single) {
      const { outcome, update } = await decideOne(tx, event, effects);
      updates.push(update);
      counted.push({ source: event.source, outcome });
    }
    // Effects and statuses of the whole batch commit together with the handlers' own writes.
    if (effects.length) await tx.insert(inboxEffects).values(effects);
    await writeUpdates(tx, updates);
    return due.length;
  });
  for (const c of counted) m.handled.inc(c);
  return n;
}

/** Re-run parked events waiting for `parkKey` (called by identity/meetings when the ledger gains that identity). */
export async function rerunParked(db: Db, parkKey: string): Promise<number> {
  const rows = await db
    .update(inboxEvents)
    .set({ status: "received", nextAttemptAt: new Date(), parkReason: null })
    .where(and(eq(inboxEvents.status, "parked"), eq(inboxEvents.parkKey, parkKey)))
    .returning({ id: inboxEvents.id });
  if (rows.length) wakeInbox();
  return rows.length;
}

/** Make dead / no-handler / ignored events due again (operator replay). Returns the ids that changed. */
export async function requeueEvents(db: Db, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(inboxEvents)
    .set({ status: "received", attempts: 0, nextAttemptAt: new Date(), lastError: null, handledAt: null })
    .where(and(inArray(inboxEvents.id, ids), or(eq(inboxEvents.status, "dead"), eq(inboxEvents.status, "no_handler"), eq(inboxEvents.status, "ignored"))))
    .returning({ id: inboxEvents.id });
  if (rows.length) wakeInbox();
  return rows.map((r) => r.id);
}

export async function discardEvents(db: Db, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .update(inboxEvents)
    .set({ status: "discarded", handledAt: new Date() })
    .where(and(inArray(inboxEvents.id, ids), eq(inboxEvents.status, "dead")))
    .returning({ id: inboxEvents.id });
  return rows.map((r) => r.id);
}

/** Wake this process's inbox loop (no-op when workers run elsewhere; they poll every idleMs). */
let runtimeModule: Promise<typeof import("@/lib/jobs/runtime")> | undefined;
export function wakeInbox(): void {
  // Dynamic import: lib/jobs/runtime → registry → lib/ingest/jobs → here would otherwise be an import cycle.
  // Resolved once: this runs after every stored callback.
  (runtimeModule ??= import("@/lib/jobs/runtime")).then((m) => m.wakeLoop(INBOX_LOOP)).catch(() => {});
}

