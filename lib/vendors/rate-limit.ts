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

/** Clock jitter and network bunching between instances that a shared slice must absorb. */
export const SHARED_MARGIN_MS = 50;

/**
 * How a limit is cut into fixed slices counted in the database: any stretch of (window + margin) touches at most
 * n + 1 slices of length (window + margin) / n, so `perSlice` = ⌊limit / (n + 1)⌋ keeps every sliding window at
 * the vendor within the limit, whichever instance made the calls. n ≤ 19 keeps the cost to one row per slice.
 */
export function sliceSpec(spec: LimitSpec): { sliceMs: number; perSlice: number } {
  const effective = Math.max(1, Math.floor(spec.limit * (spec.headroom ?? 1)));
  const n = Math.max(1, Math.min(effective - 1, 19));
  return { sliceMs: Math.ceil((spec.windowMs + SHARED_MARGIN_MS) / n), perSlice: Math.max(1, Math.floor(effective / (n + 1))) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function firstRow(res: unknown): Record<string, unknown> | undefined {
  const rows = Array.isArray(res) ? res : ((res as { rows?: unknown[] }).rows ?? []);
  return rows[0] as Record<string, unknown> | undefined;
}

/**
 * The process limiter plus a budget shared through PostgreSQL: one atomic upsert per call on
 * (bucket, slice), timed by the database's clock so instances need not agree on theirs.
 */
export class SharedRateLimiter {
  private readonly slice: { sliceMs: number; perSlice: number };
  constructor(
    private readonly db: Db,
    readonly bucket: string,
    readonly spec: LimitSpec,
    private readonly local: RateLimiter = limiterFor(bucket, spec),
    /** Share of calls that also delete expired slices (a test that reads the slices back sets 0). */
    private readonly pruneRate = 0.01,
  ) {
    this.slice = sliceSpec(spec);
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

  /** Wait for a slot in the shared budget. */
  private async takeShared(): Promise<void> {
    const { sliceMs, perSlice } = this.slice;
    const keepMs = 2 * (this.spec.windowMs + SHARED_MARGIN_MS);
    for (;;) {
      const row = firstRow(
        await this.db.execute(sql`
          WITH t AS (SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms),
          ins AS (
            INSERT INTO vendor_rate_slices (bucket, slice, calls, expires_at)
            SELECT ${this.bucket}, now_ms / ${sliceMs}, 1, to_timestamp((now_ms + ${keepMs}) / 1000.0) FROM t
            ON CONFLICT (bucket, slice) DO UPDATE SET calls = vendor_rate_slices.calls + 1
              WHERE vendor_rate_slices.calls < ${perSlice}
            RETURNING calls)
          SELECT (SELECT now_ms FROM t) AS now_ms, (SELECT calls FROM ins) AS calls`),
      );
      const nowMs = Number(row?.now_ms ?? Date.now());
      if (row?.calls !== null && row?.calls !== undefined) {
        // now and then, drop slices nobody can need any more
        if (Math.random() < this.pruneRate) await this.db.execute(sql`DELETE FROM vendor_rate_slices WHERE expires_at < now()`);
        return;
      }
      await sleep(sliceMs - (nowMs % sliceMs) + Math.floor(Math.random() * 3));
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
