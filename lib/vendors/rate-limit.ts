// Per-API client-side rate limiting at the vendors' documented limits, so we never draw their limit codes.
// A sliding window per API (WeCom: 10,000 calls per minute; DingTalk: 20 per second) in which a call counts from
// its start until one window after its answer, so bunching in the network can never push the vendor over.
// The vendor's limit is per app, not per process: SharedRateLimiter adds a budget shared by every instance
// through PostgreSQL (vendor_rate_slices), as DingTalk suggests for several servers ("主动分布式限流",
// https://open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server).
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export interface LimitSpec {
  limit: number;
  windowMs: number;
  /** fraction of the documented limit we allow ourselves (headroom for clock and network jitter) */
  headroom?: number;
}

export class RateLimiter {
  private readonly done: number[] = []; // completion times of finished calls, ascending
  private head = 0;
  private inflight = 0;
  private readonly effective: number;
  private wake: (() => void) | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly spec: LimitSpec) {
    this.effective = Math.max(1, Math.floor(spec.limit * (spec.headroom ?? 1)));
  }

  /**
   * Resolves, in FIFO order, when a call may start; call the returned function when its answer has arrived.
   * A call occupies its slot from start until one window after its answer. The vendor counts a call when it
   * arrives, which is between our start and our answer, so no window at the vendor can hold more than `limit`
   * of our calls — however the network bunches them up.
   */
  acquire(): Promise<() => void> {
    const turn = this.chain.then(() => this.admit());
    this.chain = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async admit(): Promise<() => void> {
    for (;;) {
      const now = Date.now();
      while (this.head < this.done.length && this.done[this.head] <= now - this.spec.windowMs) this.head++;
      if (this.head > 1024) {
        this.done.splice(0, this.head);
        this.head = 0;
      }
      const busy = this.inflight + (this.done.length - this.head);
      if (busy < this.effective) {
        this.inflight++;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          this.inflight--;
          this.done.push(Date.now());
          const w = this.wake;
          this.wake = null;
          w?.();
        };
      }
      const waitMs = this.head < this.done.length ? this.done[this.head] + this.spec.windowMs - now + 1 : 60_000;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, waitMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }
}

/** Limiters by "<vendor>:<api>", shared by every client in the process. */
const g = globalThis as unknown as { __qiandaoLimiters?: Map<string, RateLimiter> };

export function limiterFor(key: string, spec: LimitSpec): RateLimiter {
  const m = (g.__qiandaoLimiters ??= new Map());
  let l = m.get(key);
  if (!l) m.set(key, (l = new RateLimiter(spec)));
  return l;
}

/** Clock jitter and network bunching between instances that the shared window must absorb. */
export const SHARED_MARGIN_MS = 50;
/** The shared budget's time grain: calls are counted in rows of this many ms of the database's clock. */
export const SHARED_SLICE_MS = 10;

/**
 * The shared budget's sliding window: at most `perWindow` calls in any (window + margin) of the database's clock.
 * A slice of SHARED_SLICE_MS counts whole while any part of it is in the window, so any stretch of `windowMs` that
 * touches ⌈window / slice⌉ + 1 slices holds at most `perWindow` calls as long as 2·slice < margin.
 */
export function sharedWindowSpec(spec: LimitSpec): { sliceMs: number; spanMs: number; perWindow: number } {
  return { sliceMs: SHARED_SLICE_MS, spanMs: spec.windowMs + SHARED_MARGIN_MS, perWindow: Math.max(1, Math.floor(spec.limit * (spec.headroom ?? 1))) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function firstRow(res: unknown): Record<string, unknown> | undefined {
  const rows = Array.isArray(res) ? res : ((res as { rows?: unknown[] }).rows ?? []);
  return rows[0] as Record<string, unknown> | undefined;
}

/**
 * The process limiter plus a budget shared through PostgreSQL (vendor_rate_slices): a sliding window of
 * (window + margin) on the database's clock, so instances need not agree on theirs. (The earlier fixed slices of
 * ⌊limit / 20⌋ calls each capped DingTalk's 20 per second at one call per 56 ms, 17.9 a second, and a call that
 * found its slice full waited for the next while holding its process slot.)
 */
export class SharedRateLimiter {
  private readonly window: { sliceMs: number; spanMs: number; perWindow: number };
  constructor(
    private readonly db: Db,
    readonly bucket: string,
    readonly spec: LimitSpec,
    private readonly local: RateLimiter = limiterFor(bucket, spec),
    /** Share of calls that also delete expired slices (a test that reads the slices back sets 0). */
    private readonly pruneRate = 0.01,
  ) {
    this.window = sharedWindowSpec(spec);
  }

  async acquire(): Promise<() => void> {
    const release = await this.local.acquire();
    try {
      await this.takeShared();
    } catch (e) {
      release();
      throw e;
    }
    return release;
  }

  /**
   * Wait for room in the shared window, and take it: count this call in the current slice, then count the window
   * (a new statement, so a snapshot holding every take committed before it). Over the limit: give the slice's call
   * back and wait for the oldest slice to leave the window. Of any takers that went on, the last to count saw every
   * other one's call (each was added before that taker counted), so no window ever lets more than the limit go on.
   * Two statements a call and no lock, where a transaction under an advisory lock took four round trips and held a
   * pooled connection while it waited.
   */
  private async takeShared(): Promise<void> {
    const { sliceMs, spanMs, perWindow } = this.window;
    const keepMs = 2 * spanMs;
    for (;;) {
      const mine = firstRow(
        await this.db.execute(sql`
          WITH t AS (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms)
          INSERT INTO vendor_rate_slices (bucket, slice, calls, expires_at)
          SELECT ${this.bucket}, now_ms / ${sliceMs}, 1, to_timestamp((now_ms + ${keepMs}) / 1000.0) FROM t
          ON CONFLICT (bucket, slice) DO UPDATE SET calls = vendor_rate_slices.calls + 1
          RETURNING slice, (SELECT now_ms FROM t) AS now_ms`),
      );
      const slice = Number(mine?.slice);
      const nowMs = Number(mine?.now_ms ?? Date.now());
      const seen = firstRow(
        await this.db.execute(sql`
          SELECT coalesce(sum(calls), 0)::int AS n, min(slice) FILTER (WHERE calls > 0) AS oldest
            FROM vendor_rate_slices
           WHERE bucket = ${this.bucket} AND slice >= (${nowMs}::bigint - ${spanMs}) / ${sliceMs}`),
      );
      if (Number(seen?.n ?? 0) <= perWindow) {
        // now and then, drop slices nobody can need any more
        if (Math.random() < this.pruneRate) await this.db.execute(sql`DELETE FROM vendor_rate_slices WHERE expires_at < now()`);
        return;
      }
      await this.db.execute(sql`UPDATE vendor_rate_slices SET calls = calls - 1 WHERE bucket = ${this.bucket} AND slice = ${slice}`);
      // full: wait until the oldest slice in the window has left it (jitter: takers that collided do not again)
      const oldest = seen?.oldest === null || seen?.oldest === undefined ? slice : Math.min(Number(seen.oldest), slice);
      await sleep(Math.max(1, (oldest + 1) * sliceMs + spanMs - nowMs + 1) + Math.floor(Math.random() * 5));
    }
  }
}

const sharedByDb = new WeakMap<object, Map<string, SharedRateLimiter>>();

/** The shared limiter for `key` on this database handle (one per instance and API). */
export function sharedLimiterFor(db: Db, key: string, spec: LimitSpec): SharedRateLimiter {
  let m = sharedByDb.get(db);
  if (!m) sharedByDb.set(db, (m = new Map()));
  let l = m.get(key);
  if (!l) m.set(key, (l = new SharedRateLimiter(db, key, spec)));
  return l;
}

/** WeCom: per corp per API 10,000/min (wecom.md §7); tickets 400/h per corp, 100/h per app; check-in APIs lower. */
export function wecomLimit(api: string): LimitSpec {
  if (api === "/cgi-bin/get_jsapi_ticket") return { limit: 400, windowMs: 3_600_000, headroom: 0.95 };
  if (api === "/cgi-bin/ticket/get") return { limit: 100, windowMs: 3_600_000, headroom: 0.95 };
  if (api === "/cgi-bin/checkin/getcheckindata" || api === "/cgi-bin/oa/getapprovalinfo") return { limit: 600, windowMs: 60_000, headroom: 0.95 };
  // add_checkin_record publishes no limit: held to punch_correction's documented 600/min (attendance-approvals.md §3.1)
  if (api === "/cgi-bin/checkin/add_checkin_record" || api === "/cgi-bin/checkin/punch_correction") return { limit: 600, windowMs: 60_000, headroom: 0.95 };
  // The day report's 100/min is what a month's pull waits on (two calls per 100 people): no extra headroom — the
  // window already runs from each call's start to a full minute after its answer, which no vendor-side minute
  // can overrun (a 5% cut made 200 calls take three minutes instead of two).
  if (api === "/cgi-bin/checkin/getcheckin_daydata") return { limit: 100, windowMs: 60_000 };
  return { limit: 10_000, windowMs: 60_000, headroom: 0.95 };
}

/**
 * DingTalk: 20 QPS per app per API (dingtalk.md §8). The full limit: a call already holds its slot for its own
 * latency on top of the window, which is the margin.
 */
export function dingtalkLimit(_api: string): LimitSpec {
  return { limit: 20, windowMs: 1000 };
}
