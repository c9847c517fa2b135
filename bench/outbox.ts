// OA outbox drain rates to both sinks (postgres, http) beside the raw insert rate of the same run.
// Each phase: write N check-ins (meeting_attendance + oa_outbox rows, one transaction per 500) with the app
// stopped, then start `next start` with the sink configured and time the drain by polling the outbox.
// Env: BENCH_OA_N (default 20000), BENCH_PORT (default 3336; 3306 is often MySQL), NEXT_DIST_DIR (a prior build).
import { Client } from "pg";
import { openDatabase } from "@/db/client";
import { applyOaSchema } from "@/lib/oa-sync/sinks/postgres";
import { seedFakeOrg, writeCheckins, type FakeOrg } from "@/lib/oa-sync/testing/checkins";
import { startOaTestServer } from "@/lib/oa-sync/testing/oa-server";
import { createDatabase, startApp } from "./lib/server";

const N = Number(process.env.BENCH_OA_N ?? 20_000);
const PORT = Number(process.env.BENCH_PORT ?? 3336);
const SECRET = "bench-oa-secret";

async function drainTime(url: string, sink: string, expected: number, timeoutMs = 600_000, fraction = 1) {
  const c = new Client({ connectionString: url });
  await c.connect();
  const t0 = Date.now();
  try {
    for (;;) {
      const r = await c.query(
        `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
                count(*) FILTER (WHERE status = 'dead')::int AS dead,
                extract(epoch FROM max(delivered_at) - min(delivered_at))::float8 AS window
           FROM oa_outbox WHERE sink = $1`,
        [sink],
      );
      const row = r.rows[0];
      if (row.delivered + row.dead >= Math.ceil(expected * fraction)) {
        return { wallSeconds: (Date.now() - t0) / 1000, windowSeconds: Number(row.window), delivered: row.delivered, dead: row.dead, pending: row.pending };
      }
      if (Date.now() - t0 > timeoutMs) throw new Error(`${sink}: ${row.pending} still pending after ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 100));
    }
  } finally {
    await c.end();
  }
}

async function main() {
  const app = await createDatabase("qd_bench_oa_app");
  const oa = await createDatabase("qd_bench_oa_target");
  const database = await openDatabase({ url: app.url, poolSize: 4 });
  const db = database.db;
  const results: string[] = [];
  const report = (line: string) => {
    results.push(line);
    console.log(`  ${line}`); // as each phase ends: the faulty phase's backoff tail can be long
  };
  try {
    await applyOaSchema(oa.url);
    const org: FakeOrg = await seedFakeOrg(db, N, "bench");

    // 1) raw insert rate: check-in + outbox row, same transaction (what the meetings domain does)
    let t0 = Date.now();
    await writeCheckins(db, org, { sink: "postgres" });
    const insertSeconds = (Date.now() - t0) / 1000;
    const insertRate = N / insertSeconds;
    report(`raw insert (attendance + outbox, tx of 500): ${N} rows in ${insertSeconds.toFixed(2)} s = ${insertRate.toFixed(0)} rows/s`);

    // 2) postgres sink drain
    let proc = await startApp({ port: PORT, databaseUrl: app.url, env: { OA_SINK: "postgres", OA_DATABASE_URL: oa.url, SEED_DEMO: "0" } });
    let d = await drainTime(app.url, "postgres", N);
    await proc.stop();
    const oaCheck = new Client({ connectionString: oa.url });
    await oaCheck.connect();
    const landed = (await oaCheck.query("SELECT count(*)::int AS n FROM qiandao_meeting_attendance")).rows[0].n;
    await oaCheck.end();
    report(
      `postgres sink drain: ${d.delivered} delivered (${d.dead} dead) in ${d.wallSeconds.toFixed(2)} s wall = ${(d.delivered / d.wallSeconds).toFixed(0)} rows/s; ` +
        `first→last delivery ${d.windowSeconds.toFixed(2)} s = ${(d.delivered / Math.max(d.windowSeconds, 0.001)).toFixed(0)} rows/s; OA table rows ${landed}`,
    );

    // 3) http sink drain (healthy receiver), then 4) with 30% 500s / 2% slow / 5% lost acks
    for (const faulty of [false, true]) {
      const server = await startOaTestServer(SECRET, faulty ? { fail500: 0.3, slow: 0.005, slowMs: 12_000, lostAck: 0.05 } : {});
      const sinkName = "http";
      await db.execute((await import("drizzle-orm")).sql`DELETE FROM oa_outbox WHERE sink = 'http'`);
      t0 = Date.now();
      await writeCheckins(db, org, { sink: sinkName });
      const ins = (Date.now() - t0) / 1000;
      proc = await startApp({ port: PORT, databaseUrl: app.url, env: { OA_SINK: "http", OA_WEBHOOK_URL: server.url, OA_WEBHOOK_SECRET: SECRET, SEED_DEMO: "0" } });
      // With 35% failures per attempt a few rows need 8+ attempts (backoff doubles to minutes): the faulty run
      // measures 99.9% and reports the rest as still in backoff.
      d = await drainTime(app.url, sinkName, N, 900_000, faulty ? 0.999 : 1);
      await proc.stop();
      await server.close();
      report(
        `http sink drain${faulty ? " (30% 500, 0.5% >timeout, 5% lost ack; to 99.9%)" : ""}: ${d.delivered} delivered (${d.dead} dead, ${d.pending} in backoff) in ${d.wallSeconds.toFixed(2)} s wall = ${(d.delivered / d.wallSeconds).toFixed(0)} rows/s; ` +
          `first→last ${d.windowSeconds.toFixed(2)} s; receiver: ${server.stats.requests} requests, ${server.stats.applied.size} keys applied once, out-of-order ${server.stats.outOfOrder} ` +
          `[insert of this batch: ${(N / ins).toFixed(0)} rows/s]`,
      );
    }
  } finally {
    await database.close();
    await app.drop();
    await oa.drop();
  }
  console.log(`\nOA outbox bench (N = ${N})`);
  for (const r of results) console.log(`  ${r}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
