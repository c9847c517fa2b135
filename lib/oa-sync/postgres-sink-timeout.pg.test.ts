// The postgres sink against an OA database that accepts the connection but does not answer the upsert (a lock
// held by the OA's own work, or a stalled server): the batch must come back as a timeout to retry — before the
// dispatcher's lease runs out — not hang the dispatch loop; and the pool must still work afterwards.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPostgresUrl } from "@/tests/db";
import { applyOaSchema, postgresSink } from "./sinks/postgres";
import type { OutboxItem } from "./sinks/types";

const BASE = testPostgresUrl() ?? "postgres://postgres@127.0.0.1:5432/postgres";

async function pgReachable(url: string): Promise<string | null> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.end();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

const unreachable = await pgReachable(BASE);

function item(recordId: number, version: number): OutboxItem {
  return {
    id: recordId * 10 + version,
    aggregateType: "meeting_attendance",
    aggregateId: String(recordId),
    version,
    idempotencyKey: `meeting_attendance:${recordId}:v${version}`,
    payload: {
      record_id: recordId,
      meeting_id: 7,
      meeting_title: "周会",
      employee_no: "E001",
      employee_name: "张三",
      department_name: "研发部",
      checked_in_at: "2026-03-02T01:02:03.000Z",
      method: "qr",
      status: "present",
      device: null,
      business_date: "2026-03-02",
      version,
      updated_at: "2026-03-02T01:02:03.000Z",
    },
    attempts: 1,
    createdAt: new Date(),
  };
}

describe.skipIf(unreachable !== null)("postgres sink: a stalled OA database times out instead of hanging", () => {
  const oaName = `qd_oa_${randomBytes(5).toString("hex")}`;
  const oaUrl = (() => {
    const u = new URL(BASE);
    u.pathname = `/${oaName}`;
    return u.toString();
  })();

  beforeAll(async () => {
    const a = new Client({ connectionString: BASE });
    await a.connect();
    await a.query(`CREATE DATABASE ${oaName}`);
    await a.end();
    await applyOaSchema(oaUrl);
  });
  afterAll(async () => {
    const a = new Client({ connectionString: BASE });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${oaName} WITH (FORCE)`);
    await a.end();
  });

  it("a lock held on the OA table → retry with reason timeout within the statement timeout; then delivered on the same pool", async () => {
    const sink = postgresSink(oaUrl, { connectTimeoutMs: 2_000, statementTimeoutMs: 800, poolSize: 1 });
    const locker = new Client({ connectionString: oaUrl });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE qiandao_meeting_attendance IN ACCESS EXCLUSIVE MODE");
      const started = Date.now();
      const hung = Symbol("hung");
      const out = await Promise.race([sink.deliver([item(1, 1)]), new Promise<typeof hung>((r) => setTimeout(() => r(hung), 8_000))]);
      expect(out).not.toBe(hung);
      const o = (out as Awaited<ReturnType<typeof sink.deliver>>).get(11);
      expect(o).toMatchObject({ kind: "retry", reason: "timeout" });
      expect(Date.now() - started).toBeLessThan(5_000);
      await locker.query("ROLLBACK");

      // the pool's only connection is usable again (not left mid-query)
      const again = await sink.deliver([item(1, 1)]);
      expect(again.get(11)).toMatchObject({ kind: "delivered" });
      const rows = await locker.query("SELECT version FROM qiandao_meeting_attendance WHERE record_id = 1");
      expect(rows.rows).toEqual([{ version: 1 }]);
    } finally {
      await locker.query("ROLLBACK").catch(() => {});
      await locker.end();
      await sink.close?.();
    }
  }, 30_000);

  it("a server that goes silent mid-connection (no answer, no error) → timeout; the stuck connection is discarded, not pooled", async () => {
    // a TCP relay in front of PostgreSQL that can stop forwarding our queries (a network black hole)
    const target = new URL(BASE);
    let stalled = false;
    const sockets = new Set<net.Socket>();
    const relay = net.createServer((down) => {
      const up = net.connect(Number(target.port || 5432), target.hostname);
      sockets.add(down).add(up);
      down.on("data", (d) => {
        if (!stalled) up.write(d);
      });
      up.on("data", (d) => down.write(d));
      const end = () => {
        down.destroy();
        up.destroy();
      };
      down.on("error", end).on("close", end);
      up.on("error", end).on("close", end);
    });
    await new Promise<void>((r) => relay.listen(0, "127.0.0.1", r));
    const u = new URL(oaUrl);
    u.hostname = "127.0.0.1";
    u.port = String((relay.address() as net.AddressInfo).port);
    const sink = postgresSink(u.toString(), { connectTimeoutMs: 2_000, statementTimeoutMs: 300, poolSize: 1 });
    try {
      expect((await sink.deliver([item(2, 1)])).get(21)).toMatchObject({ kind: "delivered" });
      stalled = true;
      const hung = Symbol("hung");
      const out = await Promise.race([sink.deliver([item(2, 2)]), new Promise<typeof hung>((r) => setTimeout(() => r(hung), 12_000))]);
      expect(out).not.toBe(hung);
      expect((out as Awaited<ReturnType<typeof sink.deliver>>).get(22)).toMatchObject({ kind: "retry", reason: "timeout" });
      stalled = false;
      expect((await sink.deliver([item(2, 2)])).get(22)).toMatchObject({ kind: "delivered" });
    } finally {
      stalled = false;
      await sink.close?.();
      for (const s of sockets) s.destroy();
      await new Promise((r) => relay.close(r));
    }
  }, 40_000);
});
