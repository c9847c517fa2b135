// The HTTP sink against a misbehaving test OA: 30% 500s, some answers past the timeout, some acknowledgements
// lost (so keys arrive twice) → every record delivered, each key applied once, per-record order kept.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { backoffDelayMs, parseRetryAfterMs } from "./backoff";
import { claimDue, dispatchLanes, dispatchOnce, rowsOf, type DispatchOptions } from "./dispatcher";
import { oaSinkHealth } from "./health";
import { httpSink } from "./sinks/http";
import { startOaTestServer, type OaTestServer } from "./testing/oa-server";
import { seedFakeOrg, writeCheckins } from "./testing/checkins";
import { signOaBody, verifyOaSignature } from "./signature";

const SECRET = "oa-test-secret";
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function until(fn: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe("http sink against a faulty OA", () => {
  let server: OaTestServer;
  afterAll(async () => server?.close());

  it("delivers every version once, in order per record, through 500s, timeouts and lost acks", async () => {
    const db = t.database.db;
    server = await startOaTestServer(SECRET, { fail500: 0.3, slow: 0.05, slowMs: 400, lostAck: 0.1 });
    const org = await seedFakeOrg(db, 120, "http");
    await writeCheckins(db, org, { sink: "http" });
    await writeCheckins(db, org, { sink: "http", employees: org.employees.slice(0, 60) });
    await writeCheckins(db, org, { sink: "http", employees: org.employees.slice(0, 30) });
    const total = 120 + 60 + 30;

    const sink = httpSink({ url: server.url, secret: SECRET, timeoutMs: 150, concurrency: 8 });
    const opts: DispatchOptions = { horizonMs: 3_600_000, batchSize: 50, leaseMs: 5_000, backoff: { baseMs: 10, capMs: 80 } };
    const done = await until(async () => {
      // concurrent lanes, as the production loop runs them: ordering must hold across lanes too
      await dispatchLanes(db, sink, { ...opts, batchSize: 10, lanes: 6, budgetMs: 2_000 });
      const h = (await oaSinkHealth(db)).find((x) => x.sink === "http")!;
      return h.backlog === 0;
    }, 60_000);
    expect(done).toBe(true);

    const h = (await oaSinkHealth(db)).find((x) => x.sink === "http")!;
    expect(h.delivered).toBe(total);
    expect(h.dead).toBe(0);
    // Faults really happened, and duplicates really reached the receiver.
    expect(server.stats.injected.fail500).toBeGreaterThan(0);
    expect(server.stats.injected.slow + server.stats.injected.lostAck).toBeGreaterThan(0);
    expect([...server.stats.received.values()].some((n) => n > 1)).toBe(true);
    expect(server.stats.badSignature).toBe(0);
    // Each idempotency key applied exactly once; every record holds its latest version; never out of order.
    expect(server.stats.applied.size).toBe(total);
    expect(server.stats.outOfOrder).toBe(0);
    const latest = rowsOf<{ id: string; version: number }>(await db.execute(sql`SELECT id::text AS id, version FROM meeting_attendance`));
    for (const r of latest) {
      expect(server.stats.records.get(r.id)?.version).toBe(r.version);
      const order = server.stats.appliedOrder.get(r.id)!;
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
    // Failure reasons are visible per sink.
    expect(h.failuresByReason.map((f) => f.reason)).toEqual(expect.arrayContaining(["http_5xx"]));
  }, 90_000);

  it("dead-letters a 4xx with its reason, honours Retry-After on 429, gives up at the horizon", async () => {
    const db = t.database.db;
    const org = await seedFakeOrg(db, 3, "codes");
    await writeCheckins(db, org, { sink: "http" });
    const statuses = [422, 429, 503];
    let i = 0;
    const sink = httpSink({
      url: "http://oa.invalid/hook",
      secret: SECRET,
      fetchImpl: async () => {
        const s = statuses[i++ % 3];
        return new Response("nope", { status: s, headers: s === 429 ? { "retry-after": "120" } : {} });
      },
    });
    const r = await dispatchOnce(db, sink, { horizonMs: 3_600_000, batchSize: 3 });
    expect(r).toMatchObject({ claimed: 3, dead: 1, retried: 2 });
    const rows = rowsOf<{ status: string; failure_reason: string; last_status_code: number; wait: number }>(
      await db.execute(sql`
        SELECT status, failure_reason, last_status_code, extract(epoch FROM next_attempt_at - now())::float8 AS wait
          FROM oa_outbox WHERE idempotency_key LIKE 'meeting_attendance:%' AND payload->>'employee_no' LIKE 'codes-%' ORDER BY last_status_code`),
    );
    expect(rows.map((x) => [x.status, x.failure_reason, Number(x.last_status_code)])).toEqual([
      ["dead", "http_4xx", 422],
      ["pending", "http_429", 429],
      ["pending", "http_5xx", 503],
    ]);
    expect(Number(rows[1].wait)).toBeGreaterThan(110); // Retry-After: 120 s
    expect(Number(rows[1].wait)).toBeLessThan(121);
    // …and the whole sink is paused for as long, for every instance
    const [pause] = rowsOf<{ left: number }>(await db.execute(sql`SELECT extract(epoch FROM paused_until - now())::float8 AS left FROM oa_sink_pauses WHERE sink = 'http'`));
    expect(Number(pause.left)).toBeGreaterThan(110);
    expect(await dispatchOnce(db, sink, { horizonMs: 3_600_000, batchSize: 3 })).toMatchObject({ claimed: 0 });

    // Past the horizon a failing row becomes a dead letter (reason "horizon").
    await db.execute(sql`UPDATE oa_outbox SET next_attempt_at = now(), created_at = now() - interval '2 hours' WHERE status = 'pending' AND payload->>'employee_no' LIKE 'codes-%'`);
    await db.execute(sql`UPDATE oa_sink_pauses SET paused_until = now() WHERE sink = 'http'`); // the 120 s have passed
    const failing = httpSink({ url: "http://oa.invalid/hook", secret: SECRET, fetchImpl: async () => new Response("down", { status: 502 }) });
    const g = await dispatchOnce(db, failing, { horizonMs: 3_600_000, batchSize: 10 });
    expect(g.dead).toBe(2);
    const reasons = rowsOf<{ failure_reason: string }>(await db.execute(sql`SELECT failure_reason FROM oa_outbox WHERE status = 'dead' AND payload->>'employee_no' LIKE 'codes-%'`));
    expect(reasons.map((x) => x.failure_reason).sort()).toEqual(["horizon", "horizon", "http_4xx"]);
  });

  it("never claims version n+1 while version n is pending", async () => {
    const db = t.database.db;
    const org = await seedFakeOrg(db, 2, "order");
    await writeCheckins(db, org, { sink: "none" });
    await writeCheckins(db, org, { sink: "none" });
    const first = await claimDue(db, "none", 10, 60_000);
    expect(first.map((x) => x.version)).toEqual([1, 1]);
    // v1 leased (in flight): v2 must not be claimable by another worker.
    await db.execute(sql`UPDATE oa_outbox SET next_attempt_at = now() WHERE sink = 'none' AND version = 2`);
    expect(await claimDue(db, "none", 10, 60_000)).toEqual([]);
  });

  it("later versions waiting behind a backed-off version do not starve other records", async () => {
    const db = t.database.db;
    const org = await seedFakeOrg(db, 5, "starve");
    const sink = "starve";
    await writeCheckins(db, org, { sink, employees: org.employees.slice(0, 4) }); // v1 of A..D
    await writeCheckins(db, org, { sink, employees: org.employees.slice(0, 4) }); // v2 of A..D
    await writeCheckins(db, org, { sink, employees: org.employees.slice(4) }); // v1 of E (newest)
    // A..D's v1 are in a long backoff; their v2 are due and come first in the due order.
    await db.execute(sql`UPDATE oa_outbox SET next_attempt_at = now() + interval '1 hour' WHERE sink = ${sink} AND version = 1 AND payload->>'employee_no' <> 'starve-00005'`);
    await db.execute(sql`UPDATE oa_outbox SET next_attempt_at = now() - interval '1 minute' WHERE sink = ${sink} AND version = 2`);
    const got: string[] = [];
    for (let i = 0; i < 3 && got.length === 0; i++) {
      for (const c of await claimDue(db, sink, 2, 60_000)) got.push(`${String(c.payload.employee_no)}:v${c.version}`);
    }
    expect(got).toEqual(["starve-00005:v1"]);
    // When A's v1 is delivered, A's v2 is next in line at once.
    const a1 = rowsOf<{ id: number }>(await db.execute(sql`SELECT id::int AS id FROM oa_outbox WHERE sink = ${sink} AND version = 1 AND payload->>'employee_no' = 'starve-00001'`))[0];
    await db.execute(sql`UPDATE oa_outbox SET next_attempt_at = now() WHERE id = ${a1.id}`);
    const okSink = { name: sink as "none", deliver: async (items: { id: number }[]) => new Map(items.map((i) => [i.id, { kind: "delivered" as const }])) };
    const first = await dispatchOnce(db, okSink, { horizonMs: 3_600_000, batchSize: 10 });
    expect(first.delivered).toBe(1);
    const next = await claimDue(db, sink, 10, 60_000);
    expect(next.map((c) => `${String(c.payload.employee_no)}:v${c.version}`)).toEqual(["starve-00001:v2"]);
  });
});

describe("backoff and signature", () => {
  it("grows exponentially with jitter, capped", () => {
    const p = { baseMs: 1_000, capMs: 10_000 };
    expect(backoffDelayMs(1, p, () => 0)).toBe(500);
    expect(backoffDelayMs(1, p, () => 1)).toBe(1_000);
    expect(backoffDelayMs(3, p, () => 1)).toBe(4_000);
    expect(backoffDelayMs(20, p, () => 1)).toBe(10_000);
    expect(parseRetryAfterMs("7")).toBe(7_000);
    expect(parseRetryAfterMs(new Date(Date.now() + 30_000).toUTCString())).toBeGreaterThan(28_000);
    expect(parseRetryAfterMs("soon")).toBeNull();
  });
  it("verifies the HMAC over timestamp.body in constant time and rejects old or tampered requests", () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = signOaBody("s3cret", ts, '{"a":1}');
    expect(verifyOaSignature("s3cret", { timestamp: ts, signature: sig }, '{"a":1}')).toBe(true);
    expect(verifyOaSignature("s3cret", { timestamp: ts, signature: sig }, '{"a":2}')).toBe(false);
    expect(verifyOaSignature("other", { timestamp: ts, signature: sig }, '{"a":1}')).toBe(false);
    const old = String(Number(ts) - 3_600);
    expect(verifyOaSignature("s3cret", { timestamp: old, signature: signOaBody("s3cret", old, "x") }, "x")).toBe(false);
  });
});
