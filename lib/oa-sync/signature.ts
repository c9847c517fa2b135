// HMAC-SHA256 signature of the HTTP sink: hex(HMAC(secret, `${timestamp}.${body}`)), sent as `sha256=<hex>`.
// The OA verifies it with the snippet in docs/oa/http-sink.md (same algorithm, constant-time compare).
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-qiandao-signature";
export const TIMESTAMP_HEADER = "x-qiandao-timestamp";
export const IDEMPOTENCY_HEADER = "idempotency-key";

export function signOaBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** Verify a signature and the timestamp's age (seconds). Constant-time. */
export function verifyOaSignature(
  secret: string,
  headers: { timestamp: string | null; signature: string | null },
  body: string,
  maxAgeSeconds = 300,
  nowMs = Date.now(),
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (maxAgeSeconds > 0 && Math.abs(nowMs / 1000 - Number(timestamp)) > maxAgeSeconds) return false;
  const expected = Buffer.from(signOaBody(secret, timestamp, body));
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
