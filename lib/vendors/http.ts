// Vendor HTTP: fetch with a timeout, retries with exponential backoff and full jitter on 5xx / timeouts / network
// errors, and one typed error. URLs are never logged whole: they carry access tokens in the query.
// Only a JSON object is an answer: an empty body, an HTML page (DingTalk's IP ban, a proxy's error page) or any
// other shape is an "unexpected" error, never parsed as success (issue 10 item 3).
import type { z } from "zod";
import { log } from "@/lib/observability/log";

export type VendorName = "wecom" | "dingtalk";

export type VendorErrorKind =
  | "timeout" // no answer within the timeout, after retries
  | "network" // connection failed, after retries
  | "http" // 5xx after retries, or an unexpected 4xx / non-JSON answer
  | "api" // the vendor answered with an error code (errcode / code)
  | "auth" // token invalid or expired even after one refresh
  | "bad_secret" // credentials rejected: never retried (WeCom bans the IP after repeated 40001)
  | "rate_limited" // the vendor's rate-limit code (WeCom 45009, DingTalk 90018/90002…)
  | "unexpected" // an answer outside the vendor's documented shapes (no errcode, HTML, empty body, IP-ban JSON)
  | "busy" // the vendor's "system busy" (-1) after our retries
  | "quota_exhausted" // DingTalk's monthly API quota (90020 / ApiCountLimitForOrg): no call until `retryAt`
  | "unknown_outcome"; // a call that must not be repeated (a message send) got no answer: it may have been delivered

export class VendorError extends Error {
  constructor(
    readonly vendor: VendorName,
    readonly api: string,
    readonly kind: VendorErrorKind,
    message: string,
    readonly code?: number | string,
    readonly status?: number,
    /** quota_exhausted: when the vendor's quota resets */
    readonly retryAt?: Date,
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
  /**
   * false for calls with an effect the vendor cannot deduplicate (a DingTalk work notification): after a
   * timeout, a network error or a 5xx the call may have taken effect, so it is never repeated.
   */
  idempotent?: boolean;
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
  const once = p.idempotent === false;
  let last: VendorError | null = null;
  for (let attempt = 0; attempt <= p.retries; attempt++) {
    if (attempt > 0) await sleep(backoffDelay(attempt - 1, p));
    // every attempt is a call the vendor counts: each takes its own rate-limit slot
    const slot = limiter ? await limiter.acquire() : () => {};
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      slot();
    };
    const ctrl = new AbortController();
    const timer = setTimeout(() => ctrl.abort(new DOMException("timeout", "TimeoutError")), p.timeoutMs);
    try {
      const res = await p.fetch(url, { ...init, signal: ctrl.signal });
      // The answer's status line is here, so the vendor has counted the call: its window runs from now. Reading
      // the body (and this process's own event-loop lag until it gets to it) need not keep the slot.
      release();
      const text = await res.text();
      if (res.status >= 500) {
        if (once) throw new VendorError(vendor, api, "unknown_outcome", `HTTP ${res.status}; not repeated`, undefined, res.status);
        last = new VendorError(vendor, api, "http", `HTTP ${res.status}`, undefined, res.status);
        log.warn({ vendor, api, status: res.status, attempt }, "vendor 5xx");
        continue;
      }
      if (!text.trim()) throw new VendorError(vendor, api, "unexpected", `empty answer (HTTP ${res.status})`, undefined, res.status);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw new VendorError(vendor, api, "unexpected", `non-JSON answer (HTTP ${res.status}, ${res.headers.get("content-type") ?? "no content-type"})`, undefined, res.status);
      }
      if (!body || typeof body !== "object" || Array.isArray(body)) {
        throw new VendorError(vendor, api, "unexpected", `answer is not a JSON object (HTTP ${res.status})`, undefined, res.status);
      }
      return { status: res.status, body: body as Record<string, unknown> };
    } catch (e) {
      if (e instanceof VendorError) throw e;
      const timedOut = ctrl.signal.aborted;
      if (once) throw new VendorError(vendor, api, "unknown_outcome", timedOut ? `no answer in ${p.timeoutMs} ms; not repeated` : "connection failed; not repeated");
      last = new VendorError(vendor, api, timedOut ? "timeout" : "network", timedOut ? `no answer in ${p.timeoutMs} ms` : "connection failed");
      log.warn({ vendor, api, kind: last.kind, attempt }, "vendor request failed");
    } finally {
      clearTimeout(timer);
      release();
    }
  }
  throw last ?? new VendorError(vendor, api, "network", "request failed");
}

/**
 * Check a vendor answer against its documented shape; anything else is an "unexpected" error naming only the
 * keys it had (values may carry personal data).
 */
export function vendorShape<S extends z.ZodType>(vendor: VendorName, api: string, schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const keys = value && typeof value === "object" ? Object.keys(value).slice(0, 8).join(",") : typeof value;
  const where = r.error.issues[0]?.path.join(".") || "answer";
  throw new VendorError(vendor, api, "unexpected", `answer not in the documented shape (${where}: ${r.error.issues[0]?.message ?? "invalid"}; keys ${keys || "none"})`);
}
