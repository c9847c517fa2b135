// The OA dispatcher: claims due outbox rows for one sink — only the lowest pending version of each record, so
// version n+1 never goes out before version n — delivers them and records the outcome.
// A claim is a lease (next_attempt_at moves forward), not a held lock: no transaction stays open while the OA
// is called, and a crashed worker's rows come due again when the lease runs out (redelivery is idempotent).
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordApprovalWriteBacks, type WriteBackAnswer } from "@/lib/approvals/write-back";
import { log } from "@/lib/observability/log";
import { backoffDelayMs, DEFAULT_BACKOFF, type BackoffPolicy } from "./backoff";
import type { DeliveryOutcome, OaSinkDriver, OutboxItem } from "./sinks/types";

export interface DispatchOptions {
  batchSize?: number;
  leaseMs?: number;
  backoff?: BackoffPolicy;
  /** Give up (dead letter, reason "horizon") once a row is older than this and still failing. */
  horizonMs: number;
}

export interface DispatchResult {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
}

export function rowsOf<T = Record<string, unknown>>(r: unknown): T[] {
  return ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
}

let lastStatsCheck = 0;

/**
 * A burst of check-ins (or an outage's backlog) can leave oa_outbox with statistics that still describe an empty
 * table; the planner then probes the per-record head with the wrong index and a claim becomes quadratic
 * (measured: 200 s for 20,000 rows before, 20 ms after). Re-analyse when many rows changed since the last
 * analyse, at most every 30 s — cheaper than waiting for autovacuum's next round.
 */
async function refreshStatsIfStale(db: Db): Promise<void> {
  if (Date.now() - lastStatsCheck < 30_000) return;
  lastStatsCheck = Date.now();
  try {
    const r = rowsOf<{ changed: number | null; live: number | null }>(
      await db.execute(sql`SELECT n_mod_since_analyze AS changed, n_live_tup AS live FROM pg_stat_user_tables WHERE relname = 'oa_outbox'`),
    );
    const changed = Number(r[0]?.changed ?? 0);
    if (changed > 1_000 && changed > Number(r[0]?.live ?? 0) * 0.2) await db.execute(sql`ANALYZE oa_outbox`);
  } catch {
    /* statistics views unavailable: autovacuum will do it */
  }
}

/**
 * Claim up to `limit` due heads (lowest pending version per record) for `sink`, leasing them for `leaseMs`.
 * Three single-table statements instead of one correlated query: none can turn quadratic whatever the planner
 * believes about the table (a correlated head probe did, on stale statistics, after a burst of 20,000 rows).
 */
/** Aggregate types a person waits for (the write-back's answer is shown on the item they just decided). */
const INTERACTIVE_TYPES = ["approval_decision"] as const;

export async function claimDue(db: Db, sink: string, limit: number, leaseMs: number): Promise<OutboxItem[]> {
  await refreshStatsIfStale(db);
  const res = await db.transaction(async (tx) => {
  // 1. due rows, oldest first (a few more than needed: some are not heads), locked for this short transaction so
  //    concurrent lanes and workers get disjoint candidates
  //    Someone is waiting on a phone for an approval decision's write-back: those rows go ahead of any backlog
  //    (an OA outage of hours, or a first sync of a month of attendance) through the pending-head index.
  type DueRow = { id: number; aggregate_type: string; aggregate_id: string; version: number };
  const urgent = rowsOf<DueRow>(
    await tx.execute(sql`
      SELECT id, aggregate_type, aggregate_id, version FROM oa_outbox
       WHERE sink = ${sink} AND status = 'pending' AND aggregate_type IN (${sql.join(INTERACTIVE_TYPES.map((t) => sql`${t}`), sql`, `)})
         AND next_attempt_at <= now()
         AND NOT EXISTS (SELECT 1 FROM oa_sink_pauses p WHERE p.sink = ${sink} AND p.paused_until > now())
       ORDER BY next_attempt_at, id LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`),
  );
  const rest = rowsOf<DueRow>(
    await tx.execute(sql`
      SELECT id, aggregate_type, aggregate_id, version FROM oa_outbox
       WHERE sink = ${sink} AND status = 'pending' AND next_attempt_at <= now()
         ${urgent.length ? sql`AND id NOT IN (${sql.join(urgent.map((u) => sql`${u.id}`), sql`, `)})` : sql``}
         AND NOT EXISTS (SELECT 1 FROM oa_sink_pauses p WHERE p.sink = ${sink} AND p.paused_until > now())
       ORDER BY next_attempt_at, id LIMIT ${limit * 2 - urgent.length}
       FOR UPDATE SKIP LOCKED`),
  );
  const due = [...urgent, ...rest];
  if (due.length === 0) return null;
  // 2. the lowest pending version of each of those records (leased rows stay pending, so they block their successors)
  const heads = new Map<string, { version: number; next: string }>();
  const byType = new Map<string, Set<string>>();
  for (const d of due) byType.set(d.aggregate_type, (byType.get(d.aggregate_type) ?? new Set()).add(String(d.aggregate_id)));
  for (const [type, aggIds] of byType) {
    const mins = rowsOf<{ aggregate_id: string; version: number; next: string }>(
      await tx.execute(sql`
        SELECT DISTINCT ON (aggregate_id) aggregate_id, version, next_attempt_at::text AS next FROM oa_outbox
         WHERE sink = ${sink} AND status = 'pending' AND aggregate_type = ${type}
           AND aggregate_id IN (${sql.join([...aggIds].map((i) => sql`${i}`), sql`, `)})
         ORDER BY aggregate_id, version`),
    );
    for (const m of mins) heads.set(`${type}\u0000${m.aggregate_id}`, { version: Number(m.version), next: m.next });
  }
  const ids: number[] = [];
  const blocked: { id: number; next: string }[] = [];
  for (const d of due) {
    const h = heads.get(`${d.aggregate_type}\u0000${d.aggregate_id}`);
    if (h && h.version === Number(d.version)) ids.push(Number(d.id));
    else if (h) blocked.push({ id: Number(d.id), next: h.next });
  }
  // A later version waiting behind an earlier one in backoff would crowd the due window forever (and starve the
  // heads behind it): it takes its predecessor's schedule instead.
  if (blocked.length > 0) {
    await tx.execute(sql`
      UPDATE oa_outbox o SET next_attempt_at = b.next
        FROM jsonb_to_recordset(${JSON.stringify(blocked)}::jsonb) AS b(id bigint, next timestamptz)
       WHERE o.id = b.id AND o.status = 'pending' AND o.next_attempt_at < b.next`);
  }
  ids.splice(limit);
  if (ids.length === 0) return null;
  // 3. lease them (already locked by this transaction)
  return tx.execute(sql`
    UPDATE oa_outbox o
       SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}), attempts = o.attempts + 1
     WHERE o.id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) AND o.status = 'pending'
    RETURNING o.id, o.aggregate_type, o.aggregate_id, o.version, o.idempotency_key, o.payload, o.attempts, o.created_at`);
  });
  if (!res) return [];
  return rowsOf<Record<string, unknown>>(res).map((r) => ({
    id: Number(r.id),
    aggregateType: String(r.aggregate_type),
    aggregateId: String(r.aggregate_id),
    version: Number(r.version),
    idempotencyKey: String(r.idempotency_key),
    payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    attempts: Number(r.attempts),
    createdAt: new Date(r.created_at as string),
  }));
}

async function record(db: Db, sink: string, items: OutboxItem[], outcomes: Map<number, DeliveryOutcome>, opts: DispatchOptions): Promise<DispatchResult> {
  const result: DispatchResult = { claimed: items.length, delivered: 0, retried: 0, dead: 0 };
  const deliveredIds: number[] = [];
  const retries: { id: number; delayMs: number; reason: string; error: string; code: number | null }[] = [];
  const now = Date.now();
  for (const item of items) {
    const o = outcomes.get(item.id) ?? { kind: "retry", reason: "connection", error: "no outcome from sink" };
    if (o.kind === "delivered") {
      deliveredIds.push(item.id);
      continue;
    }
    const pastHorizon = now - item.createdAt.getTime() > opts.horizonMs;
    if (o.kind === "dead" || pastHorizon) {
      result.dead++;
      const reason = o.kind === "dead" ? o.reason : "horizon";
      const error = o.kind === "dead" ? o.error : `gave up after ${item.attempts} attempts (${o.reason}: ${o.error})`;
      await db.execute(sql`
        UPDATE oa_outbox SET status = 'dead', failure_reason = ${reason}, last_error = ${error},
               last_status_code = ${o.statusCode ?? null}
         WHERE id = ${item.id} AND status = 'pending'`);
      log.warn({ outboxId: item.id, key: item.idempotencyKey, reason }, "oa outbox row dead-lettered");
      continue;
    }
    result.retried++;
    retries.push({ id: item.id, delayMs: o.retryAfterMs ?? backoffDelayMs(item.attempts, opts.backoff ?? DEFAULT_BACKOFF), reason: o.reason, error: o.error, code: o.statusCode ?? null });
  }
  // A 429 with Retry-After is about the receiver: pause the whole sink for every instance (claimDue checks it).
  const pauseMs = Math.max(0, ...items.map((i) => outcomes.get(i.id)).map((o) => (o?.kind === "retry" && o.statusCode === 429 ? (o.retryAfterMs ?? 0) : 0)));
  if (pauseMs > 0) {
    await db.execute(sql`
      INSERT INTO oa_sink_pauses AS p (sink, paused_until, reason) VALUES (${sink}, now() + make_interval(secs => ${pauseMs / 1000}), 'http_429')
      ON CONFLICT (sink) DO UPDATE SET paused_until = greatest(p.paused_until, excluded.paused_until), reason = excluded.reason, updated_at = now()`);
    log.warn({ sink, pauseMs }, "oa sink paused: the receiver answered 429 Retry-After");
  }
  if (retries.length > 0) {
    // One statement for the whole batch (an outage sends every claimed row here at once).
    await db.execute(sql`
      UPDATE oa_outbox o SET next_attempt_at = now() + make_interval(secs => r.delay_ms / 1000.0),
             failure_reason = r.reason, last_error = r.error, last_status_code = r.code
        FROM jsonb_to_recordset(${JSON.stringify(retries.map((r) => ({ id: r.id, delay_ms: r.delayMs, reason: r.reason, error: r.error, code: r.code })))}::jsonb)
             AS r(id bigint, delay_ms float8, reason text, error text, code int)
       WHERE o.id = r.id AND o.status = 'pending'`);
  }
  if (deliveredIds.length > 0) {
    result.delivered = deliveredIds.length;
    await db.execute(sql`
      UPDATE oa_outbox SET status = 'delivered', delivered_at = now(), last_error = NULL
       WHERE id IN (${sql.join(deliveredIds.map((id) => sql`${id}`), sql`, `)}) AND status = 'pending'`);
  }
  // Decisions on the OA's approval todos: the item shows what the OA answered (or that the write-back failed).
  const writeBacks: WriteBackAnswer[] = [];
  for (const item of items) {
    if (item.aggregateType !== "approval_decision") continue;
    const o = outcomes.get(item.id);
    const itemId = Number(item.aggregateId);
    if (o?.kind === "delivered") {
      writeBacks.push({ itemId, answer: sink === "none" ? "skipped" : (o.answer ?? "accepted"), statusCode: o.statusCode ?? null });
    } else if (o?.kind === "dead" || (o && now - item.createdAt.getTime() > opts.horizonMs)) {
      writeBacks.push({ itemId, answer: "failed", statusCode: o.statusCode ?? null, detail: o.error.slice(0, 300) });
    }
  }
  if (writeBacks.length > 0) await recordApprovalWriteBacks(db, writeBacks);
  const settled = items.filter((i) => deliveredIds.includes(i.id) || outcomes.get(i.id)?.kind === "dead" || now - i.createdAt.getTime() > opts.horizonMs);
  if (settled.length > 0) {
    // Their next versions were parked on this row's schedule (claimDue): they are next in line now.
    await db.execute(sql`
      UPDATE oa_outbox o SET next_attempt_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(settled.map((i) => ({ t: i.aggregateType, a: i.aggregateId, v: i.version })))}::jsonb) AS s(t text, a text, v int)
       WHERE o.sink = ${sink} AND o.aggregate_type = s.t AND o.aggregate_id = s.a AND o.version > s.v
         AND o.status = 'pending' AND o.next_attempt_at > now()`);
  }
  return result;
}

/** One claim → deliver → record round. Returns counts (claimed 0 means nothing was due). */
export async function dispatchOnce(db: Db, sink: OaSinkDriver, opts: DispatchOptions): Promise<DispatchResult> {
  if ((sink.pausedForMs?.() ?? 0) > 0) return { claimed: 0, delivered: 0, retried: 0, dead: 0 }; // 429 Retry-After
  const items = await claimDue(db, sink.name, opts.batchSize ?? 200, opts.leaseMs ?? 60_000);
  if (items.length === 0) return { claimed: 0, delivered: 0, retried: 0, dead: 0 };
  let outcomes: Map<number, DeliveryOutcome>;
  try {
    outcomes = await sink.deliver(items);
  } catch (e) {
    outcomes = new Map(items.map((i) => [i.id, { kind: "retry", reason: "connection", error: (e as Error).message.slice(0, 300) }]));
  }
  return record(db, sink.name, items, outcomes, opts);
}

/** Drain until nothing is due (tests, bench, "retry now"). Stops after `maxRounds` as a guard. */
export async function drain(db: Db, sink: OaSinkDriver, opts: DispatchOptions, maxRounds = 10_000): Promise<DispatchResult> {
  const total: DispatchResult = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
  for (let i = 0; i < maxRounds; i++) {
    const r = await dispatchOnce(db, sink, opts);
    if (r.claimed === 0) break;
    total.claimed += r.claimed;
    total.delivered += r.delivered;
    total.retried += r.retried;
    total.dead += r.dead;
  }
  return total;
}

/**
 * Several claim → deliver → record lanes at once, for up to `budgetMs`: a slow answer (up to the HTTP timeout)
 * holds back only its own lane's small batch, not everything. Lanes claim disjoint rows (a claim leases them),
 * and a record's next version is never claimable while an earlier one is pending, so ordering holds.
 */
export async function dispatchLanes(db: Db, sink: OaSinkDriver, opts: DispatchOptions & { lanes: number; budgetMs: number }): Promise<DispatchResult> {
  const total: DispatchResult = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
  const until = Date.now() + opts.budgetMs;
  await Promise.all(
    Array.from({ length: opts.lanes }, async () => {
      while (Date.now() < until) {
        const r = await dispatchOnce(db, sink, opts);
        total.claimed += r.claimed;
        total.delivered += r.delivered;
        total.retried += r.retried;
        total.dead += r.dead;
        if (r.claimed === 0 || r.delivered + r.dead === 0) break;
      }
    }),
  );
  return total;
}
