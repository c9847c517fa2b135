// A test OA receiver for the HTTP sink (tests and bench): verifies the signature, applies each idempotency key
// once, keeps the highest version per record, and can misbehave on purpose — 500s, slow answers past the
// client's timeout, and "applied but the acknowledgement is lost" (answers 500 after applying, so the same key
// is delivered and acknowledged again). No app imports beyond the signature module: runs under tsx too.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { IDEMPOTENCY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyOaSignature } from "../signature";

export interface OaServerFaults {
  /** Fraction of requests answered 500 without applying. */
  fail500?: number;
  /** Fraction of requests that apply, then answer only after `slowMs` (past the client's timeout). */
  slow?: number;
  slowMs?: number;
  /** Fraction of requests that apply and then answer 500: the sender retries and the key arrives twice. */
  lostAck?: number;
  /** Fraction answered 429 with Retry-After: 1. */
  rateLimited?: number;
  random?: () => number;
  /**
   * Approval decisions (type "approval_decision.upserted") this returns true for (our record id, the payload with the
   * OA's own approval_id) were already decided in the OA: answered 409 {"error":"already_decided"} and not applied (counted in stats.alreadyDecided).
   */
  decidedInOa?: (recordId: string, data: Record<string, unknown>) => boolean;
}

export interface OaServerStats {
  requests: number;
  badSignature: number;
  /** Keys applied (each exactly once by construction) → how many times each key was received. */
  received: Map<string, number>;
  applied: Set<string>;
  /** record id → versions in the order they were applied. */
  appliedOrder: Map<string, number[]>;
  /** Deliveries of an older version after a newer one was applied (ignored by the version guard). */
  staleIgnored: number;
  /** Same record applied out of order (would be a bug in the sender). */
  outOfOrder: number;
  records: Map<string, { version: number; data: unknown }>;
  injected: { fail500: number; slow: number; lostAck: number; rateLimited: number };
  /** Decisions answered "already decided in the OA" (not applied). */
  alreadyDecided: number;
  /** Every delivery as received (type, record id, headers that matter), for tests that read what arrived. */
  deliveries: { type: string; recordId: string; key: string; signature: string; timestamp: string; data: unknown }[];
}

export interface OaTestServer {
  url: string;
  stats: OaServerStats;
  faults: OaServerFaults;
  close(): Promise<void>;
}

export async function startOaTestServer(secret: string, faults: OaServerFaults = {}): Promise<OaTestServer> {
  const stats: OaServerStats = {
    requests: 0,
    badSignature: 0,
    received: new Map(),
    applied: new Set(),
    appliedOrder: new Map(),
    staleIgnored: 0,
    outOfOrder: 0,
    records: new Map(),
    injected: { fail500: 0, slow: 0, lostAck: 0, rateLimited: 0 },
    alreadyDecided: 0,
    deliveries: [],
  };
  const sockets = new Set<import("node:net").Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function apply(key: string, body: { record_id: string; version: number; data: unknown }) {
    if (stats.applied.has(key)) return; // idempotency: each key applied once
    stats.applied.add(key);
    const cur = stats.records.get(body.record_id);
    if (cur && cur.version >= body.version) {
      stats.staleIgnored++;
      return;
    }
    const order = stats.appliedOrder.get(body.record_id) ?? [];
    if (order.length > 0 && order[order.length - 1] > body.version) stats.outOfOrder++;
    order.push(body.version);
    stats.appliedOrder.set(body.record_id, order);
    stats.records.set(body.record_id, { version: body.version, data: body.data });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      stats.requests++;
      const raw = Buffer.concat(chunks).toString("utf8");
      const ok = verifyOaSignature(
        secret,
        { timestamp: req.headers[TIMESTAMP_HEADER] as string, signature: req.headers[SIGNATURE_HEADER] as string },
        raw,
      );
      if (!ok) {
        stats.badSignature++;
        res.writeHead(401).end("bad signature");
        return;
      }
      const key = String(req.headers[IDEMPOTENCY_HEADER] ?? "");
      const body = JSON.parse(raw) as { type?: string; record_id: string; version: number; data: unknown; idempotency_key: string };
      if (key !== body.idempotency_key) {
        res.writeHead(400).end("idempotency key mismatch");
        return;
      }
      stats.received.set(key, (stats.received.get(key) ?? 0) + 1);
      stats.deliveries.push({ type: String(body.type ?? ""), recordId: String(body.record_id), key, signature: String(req.headers[SIGNATURE_HEADER] ?? ""), timestamp: String(req.headers[TIMESTAMP_HEADER] ?? ""), data: body.data });
      if (body.type === "approval_decision.upserted" && faults.decidedInOa?.(String(body.record_id), (body.data ?? {}) as Record<string, unknown>)) {
        stats.alreadyDecided++;
        res.writeHead(409, { "content-type": "application/json" }).end('{"error":"already_decided","message":"this approval was already decided in the OA"}');
        return;
      }
      const rnd = faults.random ?? Math.random;
      const r = rnd();
      let edge = faults.fail500 ?? 0;
      if (r < edge) {
        stats.injected.fail500++;
        res.writeHead(500).end("injected failure");
        return;
      }
      if (r < (edge += faults.rateLimited ?? 0)) {
        stats.injected.rateLimited++;
        res.writeHead(429, { "retry-after": "1" }).end("slow down");
        return;
      }
      if (r < (edge += faults.slow ?? 0)) {
        stats.injected.slow++;
        apply(key, body);
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.writableEnded) res.writeHead(200).end('{"ok":true}');
        }, faults.slowMs ?? 3_000);
        timers.add(t);
        return;
      }
      if (r < (edge += faults.lostAck ?? 0)) {
        stats.injected.lostAck++;
        apply(key, body);
        res.writeHead(500).end("applied, ack lost");
        return;
      }
      apply(key, body);
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/oa/qiandao`,
    stats,
    faults,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
