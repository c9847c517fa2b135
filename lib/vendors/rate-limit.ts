// Per-API client-side rate limiting at the vendors' documented limits, so we never draw their limit codes.
// A sliding window per API (WeCom: 10,000 calls per minute; DingTalk: 20 per second) in which a call counts from
// its start until one window after its answer, so bunching in the network can never push the vendor over.

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

/** WeCom: per corp per API 10,000/min (wecom.md §7); tickets 400/h per corp, 100/h per app; check-in APIs lower. */
export function wecomLimit(api: string): LimitSpec {
  if (api === "/cgi-bin/get_jsapi_ticket") return { limit: 400, windowMs: 3_600_000, headroom: 0.95 };
  if (api === "/cgi-bin/ticket/get") return { limit: 100, windowMs: 3_600_000, headroom: 0.95 };
  if (api === "/cgi-bin/checkin/getcheckindata" || api === "/cgi-bin/oa/getapprovalinfo") return { limit: 600, windowMs: 60_000, headroom: 0.95 };
  if (api === "/cgi-bin/checkin/getcheckin_daydata") return { limit: 100, windowMs: 60_000, headroom: 0.95 };
  return { limit: 10_000, windowMs: 60_000, headroom: 0.95 };
}

/**
 * DingTalk: 20 QPS per app per API (dingtalk.md §8). The full limit: a call already holds its slot for its own
 * latency on top of the window, which is the margin.
 */
export function dingtalkLimit(_api: string): LimitSpec {
  return { limit: 20, windowMs: 1000 };
}
