// POST each record as JSON to the OA's webhook, signed (signature.ts) with the idempotency key in a header.
// 2xx → delivered; 408/429/5xx, timeouts and connection errors → retry; any other 4xx → dead letter with reason.
// Contract for the OA side: docs/oa/http-sink.md.
import { parseRetryAfterMs } from "../backoff";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signOaBody, TIMESTAMP_HEADER } from "../signature";
import type { DeliveryOutcome, OaSinkDriver, OutboxItem } from "./types";

export interface HttpSinkOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
  concurrency?: number;
  fetchImpl?: typeof fetch;
}

export function httpEnvelope(item: OutboxItem): string {
  return JSON.stringify({
    idempotency_key: item.idempotencyKey,
    type: `${item.aggregateType}.upserted`,
    record_id: item.aggregateId,
    version: item.version,
    data: item.payload,
  });
}

/** `{"result":"already_decided"}` (or `"error"`): the OA's answer to a decision it had already taken itself. */
export function saysAlreadyDecided(body: string): boolean {
  try {
    const j = JSON.parse(body) as { result?: unknown; error?: unknown };
    return j?.result === "already_decided" || j?.error === "already_decided";
  } catch {
    return false;
  }
}

export function httpSink(opts: HttpSinkOptions): OaSinkDriver {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const doFetch = opts.fetchImpl ?? fetch;
  // A 429's Retry-After is about the receiver, not one record (RFC 6585 §4: "too many requests in a given amount of
  // time"): until then nothing more is sent — not the rest of this batch, not other lanes' batches.
  let pausedUntil = 0;

  async function deliverOne(item: OutboxItem): Promise<DeliveryOutcome> {
    const wait = pausedUntil - Date.now();
    if (wait > 0) return { kind: "retry", reason: "http_429", error: "not sent: the OA asked to wait (429 Retry-After)", retryAfterMs: wait };
    const body = httpEnvelope(item);
    const timestamp = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await doFetch(opts.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signOaBody(opts.secret, timestamp, body),
          [IDEMPOTENCY_HEADER]: item.idempotencyKey,
          "user-agent": "Qiandao-OA-Sync/1",
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
      });
    } catch (e) {
      const name = (e as Error).name;
      if (name === "TimeoutError" || name === "AbortError") {
        return { kind: "retry", reason: "timeout", error: `no answer within ${timeoutMs} ms` };
      }
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { kind: "retry", reason: "connection", error: `${cause ?? name}: ${(e as Error).message}`.slice(0, 300) };
    }
    // Read (and bound) the body so the connection is reused; it is only kept as the error text.
    const text = await res.text().catch(() => "");
    const snippet = text.slice(0, 200);
    const s = res.status;
    // An approval decision the OA had already taken in its own workflow: a final answer, not a failure (2xx with
    // {"result":"already_decided"}, or 409 with that result or error) — recorded on the item, never resent.
    if (item.aggregateType === "approval_decision" && ((s >= 200 && s < 300) || s === 409) && saysAlreadyDecided(text)) {
      return { kind: "delivered", statusCode: s, answer: "already_decided" };
    }
    if (s >= 200 && s < 300) return { kind: "delivered", statusCode: s };
    if (s === 429) {
      const retryAfterMs = parseRetryAfterMs(res.headers.get("retry-after")) ?? undefined;
      if (retryAfterMs) pausedUntil = Math.max(pausedUntil, Date.now() + retryAfterMs);
      return { kind: "retry", reason: "http_429", statusCode: s, error: `429 ${snippet}`, retryAfterMs };
    }
    if (s === 408) return { kind: "retry", reason: "http_408", statusCode: s, error: `408 ${snippet}` };
    if (s >= 500) return { kind: "retry", reason: "http_5xx", statusCode: s, error: `${s} ${snippet}` };
    return { kind: "dead", reason: "http_4xx", statusCode: s, error: `${s} ${snippet}` };
  }

  return {
    name: "http",
    pausedForMs: () => Math.max(0, pausedUntil - Date.now()),
    async deliver(items) {
      const out = new Map<number, DeliveryOutcome>();
      let next = 0;
      const workers = Array.from({ length: Math.min(opts.concurrency ?? 8, items.length) }, async () => {
        while (next < items.length) {
          const item = items[next++];
          out.set(item.id, await deliverOne(item));
        }
      });
      await Promise.all(workers);
      return out;
    },
  };
}
