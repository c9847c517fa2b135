// Retry timing: exponential backoff with full jitter between half and the whole step, capped; 429's
// Retry-After wins when the server gives one.

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 15 * 60_000 };

/** Delay before attempt `attempts + 1` (attempts already made ≥ 1). */
export function backoffDelayMs(attempts: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random): number {
  const step = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or unparsable. */
export function parseRetryAfterMs(value: string | null, nowMs = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
