// Ingest benchmark (issue 4): encrypted WeCom events at 64 connections on `next start` + PostgreSQL, beside
//  (a) the app's own /api/health (framework floor: one DB round trip) and
//  (b) a plain Node `http` server doing the same verify + decrypt + INSERT (the machine's ceiling),
// then a steady 500 events/s open loop for p50/p99 ack latency.
//   NEXT_DIST_DIR=.next-ingest npx tsx bench/ingest.ts      (or `npm run bench -- ingest`)
// Env: BENCH_SECONDS (per closed-loop run, default 10), BENCH_PORT (default 3304), BENCH_WORKERS_IN_WEB (default 0:
// the inbox loop runs in a separate `npm run worker` during the run, as a production deployment would).
import http from "node:http";
import { Pool } from "pg";
import { createDatabase, startApp, startWorker } from "./lib/server";
import { CallbackRejected, MAX_CALLBACK_BYTES } from "@/lib/ingest/http";
import { currentCallbackKeys } from "@/lib/ingest/testing/keys";
import { closedLoop, makeAgent, openLoop, pct, type SendResult } from "@/lib/ingest/testing/load";
import { verifyWecomPost } from "@/lib/ingest/verify";
import { type SignedRequest, wecomSignedPost, wecomTextMessage } from "@/lib/vendors/wecom/sender";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 3304);
const CONNS = 64;

function readNodeBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    req.on("data", (c: Buffer) => {
      total += c.length;
      if (total > MAX_CALLBACK_BYTES) reject(new CallbackRejected(413, "too large"));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The reference: node:http + the same verify/decrypt (lib/ingest/verify) + the same INSERT … ON CONFLICT. */
async function plainServer(port: number, databaseUrl: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const keys = currentCallbackKeys().wecom;
  const server = http.createServer(async (req, res) => {
    try {
      if (req.url === "/api/health") {
        await pool.query("select 1");
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok","db":"ok"}');
        return;
      }
      const url = new URL(req.url ?? "/", "http://localhost");
      const raw = await readNodeBody(req);
      const e = verifyWecomPost(url.searchParams, raw, keys);
      await pool.query(
        `insert into inbox_events (source, channel, event_type, dedupe_key, raw, payload) values ($1,'http',$2,$3,$4,$5)
         on conflict (source, dedupe_key) do nothing`,
        [e.source, e.eventType, e.dedupeKey, e.raw, e.payload],
      );
      res.writeHead(200).end();
    } catch (err) {
      res.writeHead(err instanceof CallbackRejected ? err.status : 503).end();
    }
  });
  await new Promise<void>((r) => server.listen(port, r));
  return { url: `http://localhost:${port}`, close: () => new Promise<void>((r) => server.close(() => pool.end().then(() => r()))) };
}

function events(n: number, tag: string): SignedRequest[] {
  const k = currentCallbackKeys().wecom;
  return Array.from({ length: n }, (_, i) => wecomSignedPost(k, wecomTextMessage(k.corpId, `user${i % 300}`, `${tag}${i}`, "bench 消息")));
}

function summary(name: string, r: { results: SendResult[]; seconds: number }) {
  const ok = r.results.filter((x) => x.status >= 200 && x.status < 300);
  const lat = ok.map((x) => x.ms);
  const rate = ok.length / r.seconds;
  console.log(
    `${name.padEnd(44)} ${rate.toFixed(0).padStart(6)}/s   p50 ${pct(lat, 50).toFixed(1).padStart(6)} ms   p99 ${pct(lat, 99).toFixed(1).padStart(6)} ms   non-2xx ${r.results.length - ok.length}`,
  );
  return { rate, p50: pct(lat, 50), p99: pct(lat, 99) };
}

/** Run a closed loop for ~SECONDS: estimate how many requests that is from a short probe. */
async function timed(agent: http.Agent, base: string, make: (n: number) => SignedRequest[]) {
  const probe = await closedLoop(agent, base, make(CONNS * 8), CONNS);
  const perSec = (CONNS * 8) / probe.seconds;
  return closedLoop(agent, base, make(Math.max(CONNS * 20, Math.round(perSec * SECONDS))), CONNS);
}

async function main() {
  const db = await createDatabase("qd_bench_ingest");
  const workersInWeb = process.env.BENCH_WORKERS_IN_WEB === "1";
  const app = await startApp({ port: PORT, databaseUrl: db.url, workers: workersInWeb });
  const worker = workersInWeb
    ? null
    : startWorker(db.url);
  const agent = makeAgent(CONNS);
  const pool = new Pool({ connectionString: db.url, max: 1 });
  /** Wait until the worker has handled every event received so far; print how long that took. */
  const drained = async (when: string) => {
    const t0 = Date.now();
    for (;;) {
      const { rows } = await pool.query(`select count(*)::int as n from inbox_events where status in ('received', 'processing')`);
      if (rows[0].n === 0) break;
      if (Date.now() - t0 > 120_000) throw new Error(`inbox not drained ${when}: ${rows[0].n} events left`);
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`  (inbox drained ${when} in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  };
  let n = 0;
  const health = (k: number) => Array.from({ length: k }, () => ({ method: "GET" as const, pathAndQuery: "/api/health", headers: {} }));
  const wecom = (k: number) => events(k, `b${n++}-`);
  try {
    console.log(`ingest bench: ${CONNS} connections, ~${SECONDS} s per closed-loop run, next start + PostgreSQL (workers ${workersInWeb ? "in web" : "in a separate process"})`);
    await closedLoop(agent, app.url, health(500), CONNS); // warm-up
    await closedLoop(agent, app.url, wecom(500), CONNS);
    const h = summary("next start  GET /api/health", await timed(agent, app.url, health));
    const w = summary("next start  POST /api/callbacks/wecom (enc.)", await timed(agent, app.url, wecom));
    // The closed loop leaves thousands of events for the worker; a steady run that starts before they are handled
    // measures the worker catching up (competing for the same CPU), not the steady state. Wait for the inbox to drain.
    await drained("after the closed loop");
    const steady = summary("next start  wecom steady 500/s open loop", await openLoop(agent, app.url, wecom(500 * SECONDS), 500));
    await drained("after wecom at 500/s");
    // References for the latency target: the framework floor at the same 500/s, and both routes at 70% of what
    // the health route sustains on this machine (below saturation, where p99 measures us rather than a queue).
    const steadyH = summary("next start  health steady 500/s open loop", await openLoop(agent, app.url, health(500 * SECONDS), 500));
    const below = Math.max(50, Math.round((h.rate * 0.7) / 10) * 10);
    const steadyBelow = summary(`next start  wecom steady ${below}/s open loop`, await openLoop(agent, app.url, wecom(below * SECONDS), below));
    await drained(`after wecom at ${below}/s`);
    const steadyBelowH = summary(`next start  health steady ${below}/s open loop`, await openLoop(agent, app.url, health(below * SECONDS), below));

    const plain = await plainServer(PORT + 10, db.url);
    const pAgent = makeAgent(CONNS);
    await closedLoop(pAgent, plain.url, wecom(500), CONNS);
    const ph = summary("plain node  GET /api/health", await timed(pAgent, plain.url, health));
    const p = summary("plain node  POST wecom verify+decrypt+insert", await timed(pAgent, plain.url, wecom));
    pAgent.destroy();
    await plain.close();

    console.log(`\ningest / health (next start): ${((w.rate / h.rate) * 100).toFixed(0)}%   (target ≥ 70%)`);
    console.log(`ingest next / plain node:     ${((w.rate / p.rate) * 100).toFixed(0)}%   (plain health ${ph.rate.toFixed(0)}/s)`);
    console.log(`steady 500/s p99: ${steady.p99.toFixed(1)} ms   (target < 100 ms; /api/health at 500/s: p99 ${steadyH.p99.toFixed(1)} ms)`);
    console.log(`steady ${below}/s (70% of health's rate) p99: wecom ${steadyBelow.p99.toFixed(1)} ms, health ${steadyBelowH.p99.toFixed(1)} ms`);
  } finally {
    agent.destroy();
    await pool.end();
    worker?.kill("SIGTERM");
    await app.stop();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
