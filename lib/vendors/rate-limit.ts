// Per-API client-side rate limiting at the vendors' documented limits, so we never draw their limit codes.
// Two shapes: a sliding window (WeCom: 10,000 calls per minute per API, bursts allowed) and, for per-second
// limits (DingTalk: 20 QPS per app per API), even spacing between call starts, which keeps any 1 s window under
// the limit even when answers arrive unevenly.

export interface LimitSpec {
  limit: number;
  windowMs: number;
  /** fraction of the documented limit we allow ourselves (headroom for clock and network jitter) */
  headroom?: number;
}

export class RateLimiter {
  private readonly times: number[] = [];
  private head = 0;
  private nextStart = 0;
  private readonly effective: number;
  private readonly spacingMs: number;
  private chain: Promise<void> = Promise.resolve();

  constructor(readonly spec: LimitSpec) {
    this.effective = Math.max(1, Math.floor(spec.limit * (spec.headroom ?? 1)));
    this.spacingMs = spec.windowMs <= 1000 ? spec.windowMs / this.effective : 0;
  }

  /** Resolves when a call may start. Calls are admitted in FIFO order. */
  acquire(): Promise<void> {
    const turn = this.chain.then(() => this.wait());
    this.chain = turn.catch(() => undefined);
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = Date.now();
      if (this.spacingMs > 0) {
        const at = Math.max(now, this.nextStart);
        this.nextStart = at + this.spacingMs;
        // timers may fire a millisecond early: never start before the slot
        while (Date.now() < at) await new Promise((r) => setTimeout(r, at - Date.now()));
        return;
      }
      while (this.head < this.times.length && this.times[this.head] <= now - this.spec.windowMs) this.head++;
      if (this.head > 1024) {
        this.times.splice(0, this.head);
        this.head = 0;
      }
      if (this.times.length - this.head < this.effective) {
        this.times.push(now);
        return;
      }
      await new Promise((r) => setTimeout(r, this.times[this.head] + this.spec.windowMs - now + 1));
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

/** DingTalk: 20 QPS per app per API (dingtalk.md §8). Spaced at 95% of it. */
export function dingtalkLimit(_api: string): LimitSpec {
  return { limit: 20, windowMs: 1000, headroom: 0.95 };
}
