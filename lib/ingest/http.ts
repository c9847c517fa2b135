// HTTP plumbing shared by every callback route: raw body read once with a size limit, typed rejections that
// become 4xx with a reason, the replay-window check, metrics, and "5xx only for our own failures".
import { env, vendorEnabled, type Vendor } from "@/lib/env";
import { log, requestLogger } from "@/lib/observability/log";
import { metrics } from "@/lib/observability/metrics";
import type { InboxSource } from "./store";

export const MAX_CALLBACK_BYTES = 1024 * 1024; // 1 MiB

/** A client's mistake: answered 4xx with `reason`, nothing written. */
export class CallbackRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 405 | 411 | 413 | 415,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "CallbackRejected";
  }
}

/** Read the body once, refusing more than `limit` bytes (Content-Length checked first, then while streaming). */
export async function readBodyBytes(req: Request, limit: number): Promise<Buffer> {
  const declared = req.headers.get("content-length");
  if (declared !== null) {
    const n = Number(declared);
    if (!Number.isFinite(n) || n < 0) throw new CallbackRejected(400, "invalid Content-Length");
    if (n > limit) throw new CallbackRejected(413, `body larger than ${limit} bytes`);
  }
  if (!req.body) return Buffer.alloc(0);
  // A declared length within the limit: Node's HTTP parser delivers exactly that many bytes, so read it whole.
  if (declared !== null) return Buffer.from(await req.arrayBuffer());
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new CallbackRejected(413, `body larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The body as UTF-8 text, at most `limit` bytes. */
export async function readRawBody(req: Request, limit = MAX_CALLBACK_BYTES): Promise<string> {
  return decodeUtf8(await readBodyBytes(req, limit));
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function decodeUtf8(buf: Uint8Array): string {
  try {
    return utf8.decode(buf);
  } catch {
    throw new CallbackRejected(400, "body is not valid UTF-8");
  }
}

export function requireContentType(req: Request, kind: "json" | "xml"): void {
  const ct = (req.headers.get("content-type") ?? "").toLowerCase();
  if (kind === "json") {
    if (!/^application\/([a-z0-9.+-]*\+)?json\b/.test(ct)) throw new CallbackRejected(415, "Content-Type must be application/json");
  } else if (ct !== "" && !/^(text|application)\/xml\b/.test(ct) && !/^text\/plain\b/.test(ct)) {
    throw new CallbackRejected(415, "Content-Type must be text/xml");
  }
}

/** Check a vendor timestamp (seconds or milliseconds) against CALLBACK_MAX_AGE_SECONDS (0 = off). */
export function checkTimestamp(value: string | null | undefined, now = Date.now()): void {
  const maxAge = env().CALLBACK_MAX_AGE_SECONDS;
  if (value === null || value === undefined || value === "") throw new CallbackRejected(400, "missing timestamp");
  if (!/^\d{1,16}$/.test(value)) throw new CallbackRejected(400, "timestamp is not a number");
  if (maxAge === 0) return;
  const n = Number(value);
  const ms = n > 1e11 ? n : n * 1000; // 13-digit values are milliseconds
  if (Math.abs(now - ms) > maxAge * 1000) throw new CallbackRejected(401, `timestamp outside the ${maxAge}s replay window`);
}

/** A vendor that is disabled in this deployment (lib/env vendorMode) takes no callbacks, whatever their keys. */
export function requireVendorEnabled(vendor: Vendor): void {
  if (!vendorEnabled(vendor)) throw new CallbackRejected(403, `${vendor === "wecom" ? "WeCom" : "DingTalk"} is not enabled on this server`);
}

export function requiredParam(value: string | null, name: string, max = 512): string {
  if (value === null || value === "") throw new CallbackRejected(400, `missing ${name}`);
  if (value.length > max) throw new CallbackRejected(400, `${name} too long`);
  return value;
}

export function rejectionResponse(e: CallbackRejected): Response {
  return Response.json({ error: "rejected", reason: e.reason }, { status: e.status, headers: { "cache-control": "no-store" } });
}

/**
 * Run a callback route: metrics (outcome, ack latency), CallbackRejected → 4xx, anything else → 503 so the vendor
 * retries (our failure, e.g. the database is down). `fn` reports "stored" or "duplicate" through `outcome`.
 */
export async function runCallback(
  source: InboxSource,
  fn: (outcome: (o: "stored" | "duplicate" | "verified") => void) => Promise<Response>,
  req?: Request,
): Promise<Response> {
  const started = performance.now();
  // Built only when there is something to log: a child logger (and a request id) per accepted callback is
  // measurable on the ack path.
  const reqLog = () => (req ? requestLogger(req) : log);
  let outcome = "verified";
  const m = metrics();
  try {
    const res = await fn((o) => (outcome = o));
    m.callbacks.inc({ source, outcome });
    m.ackLatency.observe({ source }, (performance.now() - started) / 1000);
    return res;
  } catch (e) {
    if (e instanceof CallbackRejected) {
      m.callbacks.inc({ source, outcome: "rejected_4xx" });
      if (log.isLevelEnabled("debug")) reqLog().debug({ source, status: e.status, reason: e.reason }, "callback rejected");
      return rejectionResponse(e);
    }
    m.callbacks.inc({ source, outcome: "error_5xx" });
    reqLog().error({ source, err: (e as Error)?.message?.split("\n")[0]?.slice(0, 200) }, "callback failed (answered 503)");
    return Response.json({ error: "unavailable", reason: "temporary failure, retry later" }, { status: 503 });
  }
}
