// Review of the OA outbox against issue #6: per-record order when an admin retries a dead letter while a newer
// version is in flight, and 429 Retry-After honoured by the whole sink (not only by the row that got it).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "@/lib/auth/viewer";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { retryDeadLetter } from "./dead-letters";
import { claimDue, dispatchLanes, dispatchOnce, rowsOf } from "./dispatcher";
import { oaSinkHealth } from "./health";
import { httpSink } from "./sinks/http";
import { seedFakeOrg, writeCheckins } from "./testing/checkins";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const admin: Viewer = {
  employeeId: 1,
  employeeNo: "A1",
  name: "管理员",
  departmentId: null,
  departmentName: null,
  roles: new Set(["admin"]),
  managedPaths: [],
  provider: null,
};

describe("dead-letter retry and per-record order", () => {
  it("retrying version n while version n+1 is in flight does not send n alongside (or after) n+1", async () => {
    const db = t.database.db;
    const sink = "gaps-retry";
    const org = await seedFakeOrg(db, 1, "gretry");
    await writeCheckins(db, org, { sink }); // v1
    await writeCheckins(db, org, { sink }); // v2
    const [v1, v2] = rowsOf<{ id: number }>(await db.execute(sql`SELECT id::int AS id FROM oa_outbox WHERE sink = ${sink} ORDER BY version`));
    // v1 was refused (4xx) → dead; v2 is then the head and is claimed: in flight at the OA right now
    await db.execute(sql`UPDATE oa_outbox SET status = 'dead', failure_reason = 'http_4xx' WHERE id = ${v1.id}`);
    const inFlight = await claimDue(db, sink, 10, 60_000);
    expect(inFlight.map((i) => i.id)).toEqual([v2.id]);

    // v2 carries the record's whole current state: v1 is superseded, not sent next to v2
    expect(await retryDeadLetter(db, admin, v1.id)).toBe("superseded");
    expect(await claimDue(db, sink, 10, 60_000)).toEqual([]);
    const audit = rowsOf<{ action: string }>(await db.execute(sql`SELECT action FROM audit_log WHERE target_type = 'oa_outbox' AND target_id = ${String(v1.id)}`));
    expect(audit.map((a) => a.action)).toEqual(["oa_outbox.retry_superseded"]);
  });

  it("retrying version n when no newer version is pending or delivered puts it back in line", async () => {
    const db = t.database.db;
    const sink = "gaps-retry2";
    const org = await seedFakeOrg(db, 1, "gretry2");
    await writeCheckins(db, org, { sink }); // v1
    await writeCheckins(db, org, { sink }); // v2
    const [v1, v2] = rowsOf<{ id: number }>(await db.execute(sql`SELECT id::int AS id FROM oa_outbox WHERE sink = ${sink} ORDER BY version`));
    await db.execute(sql`UPDATE oa_outbox SET status = 'dead', failure_reason = 'http_4xx' WHERE id IN (${v1.id}, ${v2.id})`);
    expect(await retryDeadLetter(db, admin, v1.id)).toBe("retried");
    expect((await claimDue(db, sink, 10, 60_000)).map((i) => i.id)).toEqual([v1.id]);
  });
});

describe("a decision someone waits for goes ahead of the backlog", () => {
  it("an approval decision enqueued behind 30 due check-ins is in the first claim of 5", async () => {
    const db = t.database.db;
    const sink = "gaps-urgent";
    const org = await seedFakeOrg(db, 30, "gurgent");
    await writeCheckins(db, org, { sink });
    await db.execute(sql`
      INSERT INTO oa_outbox (sink, aggregate_type, aggregate_id, version, idempotency_key, payload, next_attempt_at)
      VALUES (${sink}, 'approval_decision', '424242', 1, 'approval_decision:424242:v1', '{}'::jsonb, now())`);
    const first = await claimDue(db, sink, 5, 60_000);
    expect(first).toHaveLength(5);
    expect(first[0]).toMatchObject({ aggregateType: "approval_decision", aggregateId: "424242" });
    expect(first.slice(1).every((i) => i.aggregateType !== "approval_decision")).toBe(true);
    // the rest of the backlog still drains in order, and the decision is not claimed twice
    const rest = [];
    for (let batch = await claimDue(db, sink, 10, 60_000); batch.length; batch = await claimDue(db, sink, 10, 60_000)) rest.push(...batch);
    expect(rest).toHaveLength(26);
    expect(rest.some((i) => i.aggregateType === "approval_decision")).toBe(false);
  });
});

describe("429 Retry-After holds for the whole sink", () => {
  it("after a 429 nothing more is sent until Retry-After has passed — not the rest of the batch, not other lanes", async () => {
    const db = t.database.db;
    const org = await seedFakeOrg(db, 8, "g429");
    await writeCheckins(db, org, { sink: "http" });
    let calls = 0;
    const sink = httpSink({
      url: "http://oa.invalid/hook",
      secret: "s",
      concurrency: 1,
      fetchImpl: async () => (++calls === 1 ? new Response("slow down", { status: 429, headers: { "retry-after": "1" } }) : new Response("ok", { status: 200 })),
    });
    const opts = { horizonMs: 3_600_000, batchSize: 4 };
    const first = await dispatchOnce(db, sink, opts);
    expect(first).toMatchObject({ claimed: 4, retried: 4, delivered: 0 });
    expect(calls).toBe(1);
    // other lanes, within the second: nothing claimed, nothing sent
    expect(await dispatchLanes(db, sink, { ...opts, lanes: 3, budgetMs: 300 })).toMatchObject({ claimed: 0 });
    expect(calls).toBe(1);
    const waits = rowsOf<{ reason: string; wait: number }>(
      await db.execute(sql`SELECT failure_reason AS reason, extract(epoch FROM next_attempt_at - now())::float8 AS wait FROM oa_outbox WHERE sink = 'http' AND status = 'pending' AND failure_reason IS NOT NULL`),
    );
    expect(waits).toHaveLength(4);
    for (const w of waits) {
      expect(w.reason).toBe("http_429");
      expect(Number(w.wait)).toBeGreaterThan(0.3);
      expect(Number(w.wait)).toBeLessThanOrEqual(1.05);
    }
    await new Promise((r) => setTimeout(r, 1_100));
    let delivered = 0;
    for (let i = 0; i < 5 && delivered < 8; i++) delivered += (await dispatchOnce(db, sink, opts)).delivered;
    expect(delivered).toBe(8);
    expect(calls).toBe(9);
  });
  it("a 429 one instance got pauses the sink for every instance (the pause is in the database)", async () => {
    const db = t.database.db;
    const org = await seedFakeOrg(db, 8, "g429b");
    await writeCheckins(db, org, { sink: "http" });
    let callsA = 0;
    let callsB = 0;
    // two app instances: two sink objects, each with its own in-process state
    const a = httpSink({ url: "http://oa.invalid/hook", secret: "s", concurrency: 1, fetchImpl: async () => (++callsA === 1 ? new Response("slow down", { status: 429, headers: { "retry-after": "2" } }) : new Response("ok")) });
    const b = httpSink({ url: "http://oa.invalid/hook", secret: "s", concurrency: 1, fetchImpl: async () => (++callsB, new Response("ok")) });
    const opts = { horizonMs: 3_600_000, batchSize: 4 };
    expect(await dispatchOnce(db, a, opts)).toMatchObject({ claimed: 4, retried: 4 });
    // four rows are still due, but instance B holds off: it never got a 429 itself
    expect(await dispatchOnce(db, b, opts)).toMatchObject({ claimed: 0 });
    expect(callsB).toBe(0);
    const [pause] = rowsOf<{ reason: string; left: number }>(
      await db.execute(sql`SELECT reason, extract(epoch FROM paused_until - now())::float8 AS left FROM oa_sink_pauses WHERE sink = 'http'`),
    );
    expect(pause.reason).toBe("http_429");
    expect(Number(pause.left)).toBeGreaterThan(0.5);
    expect(Number(pause.left)).toBeLessThanOrEqual(2.05);
    expect((await oaSinkHealth(db)).find((h) => h.sink === "http")!.pausedUntil).not.toBeNull(); // the health page says so
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await oaSinkHealth(db)).find((h) => h.sink === "http")!.pausedUntil).toBeNull();
    let delivered = 0;
    for (let i = 0; i < 5 && delivered < 8; i++) delivered += (await dispatchOnce(db, b, opts)).delivered;
    expect(delivered).toBe(8);
    expect(callsB).toBe(8);
  });
});
