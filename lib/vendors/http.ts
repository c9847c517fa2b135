// Vendor HTTP: fetch with a timeout, retries with exponential backoff and full jitter on 5xx / timeouts / network
// errors, and one typed error. URLs are never logged whole: they carry access tokens in the query.
import { log } from "@/lib/observability/log";

export type VendorName = "wecom" | "dingtalk";

export type VendorErrorKind =
  | "timeout" // no answer within the timeout, after retries
  | "network" // connection failed, after retries
  | "http" // 5xx after retries, or an unexpected 4xx / non-JSON answer
  | "api" // the vendor answered with an error code (errcode / code)
  | "auth" // token invalid or expired even after one refresh
  | "bad_secret" // credentials rejected: never retried (WeCom bans the IP after repeated 40001)
  | "rate_limited"; // the vendor's rate-limit code (WeCom 45009, DingTalk 90018/90002…)

export class VendorError extends Error {
  constructor(
    readonly vendor: VendorName,
    readonly api: string,
    readonly kind: VendorErrorKind,
    message: string,
    readonly code?: number | string,
    readonly status?: number,
  ) {
    super(`${vendor} ${api}: ${message}`);
    this.name = "VendorError";
  }
  get retryable(): boolean {
    return this.kind === "timeout" || this.kind === "network" || this.kind === "http" || this.kind === "rate_limited";
  }
}

export interface HttpPolicy {
  timeoutMs: number;
  /** extra attempts after the first, for 5xx / timeouts / network errors */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  fetch: typeof fetch;
}

export const defaultHttpPolicy: HttpPolicy = { timeoutMs: 10_000, retries: 3, baseDelayMs: 200, maxDelayMs: 5_000, fetch: (...a) => fetch(...a) };

/** Full jitter (AWS architecture blog "Exponential Backoff And Jitter"): uniform in [0, min(max, base·2^n)]. */
export function backoffDelay(attempt: number, policy: Pick<HttpPolicy, "baseDelayMs" | "maxDelayMs">, rand: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(rand() * cap);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One vendor request with retries. Returns the parsed JSON body and status of the first non-5xx answer.
 * `api` names the endpoint for errors and logs (never the URL).
 */
export async function vendorRequest(
  vendor: VendorName,
  api: string,
  url: string,
  init: RequestInit,
  policy: Partial<HttpPolicy> = {},
  limiter?: { acquire(): Promise<() => void> },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const p = { ...defaultHttpPolicy, ...policy };
  let last: VendorError | null = null;
  for (let attempt = 0; attempt <= p.retries; attempt++) {
    if (attempt > 0) await sleep(backoffDelay(attempt - 1, p));
    // every attempt is a call the vendor counts: each takes its own rate-limit slot
    const release = limiter ? await limiter.acquire() : () => {};
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(new DOMException("timeout", "TimeoutError")), p.timeoutMs);
    try {
      const res = await p.fetch(url, { ...init, signal: ctrl.signal });
      const text = await res.text();
      if (res.status >= 500) {
        last = new VendorError(vendor, api, "http", `HTTP ${res.status}`, undefined, res.status);
        log.warn({ vendor, api, status: res.status, attempt }, "vendor 5xx");
        continue;
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        throw new VendorError(vendor, api, "http", `non-JSON answer (HTTP ${res.status})`, undefined, res.status);
      }
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        throw new VendorError(vendor, api, "http", `unexpected answer (HTTP ${res.status})`, undefined, res.status);
      }
      return { status: res.status, body: body as Record<string, unknown> };
    } catch (e) {
      if (e instanceof VendorError) throw e;
      const timedOut = ctrl.signal.aborted;
      last = new VendorError(vendor, api, timedOut ? "timeout" : "network", timedOut ? `no answer in ${p.timeoutMs} ms` : "connection failed");
      log.warn({ vendor, api, kind: last.kind, attempt }, "vendor request failed");
    } finally {
      clearTimeout(timer);
      release();
    }
  }
  throw last ?? new VendorError(vendor, api, "network", "request failed");
}
