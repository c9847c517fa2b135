// Crash test on real PostgreSQL against `next start`:
//   NEXT_DIST_DIR=.next-ingest npx tsx scripts/crash-test.ts [events=20000] [rate=500] [kills=3] [port=3304]
// Phase 1: `events` distinct signed WeCom text messages at ≥`rate`/s while the server is SIGKILLed `kills` times
// and restarted; the sender retries every request without a 2xx (as WeCom does). Afterwards: exactly `events`
// inbox rows, each handled exactly once (inbox_effects rows per event = 1).
// Phase 2: two app instances (each also running the inbox loop) + one separate `npm run worker` on the same
// database; a burst spread across both instances is handled by three processes racing on SKIP LOCKED; no event
// may be handled twice. CRASH_PHASE=1|2 runs one phase; CRASH_BURST sets the burst size (default 5000).
// CRASH_WORKER=separate: in phase 1 the app runs no workers (WORKERS_IN_WEB=0) and one `npm run worker` process
// handles the inbox, as a PostgreSQL deployment would; only the app is SIGKILLed.
import { Client } from "pg";
import { createDatabase, startApp, startWorker, type AppProcess } from "@/bench/lib/server";
import { currentCallbackKeys } from "@/lib/ingest/testing/keys";
import { makeAgent, sendOnce } from "@/lib/ingest/testing/load";
import { type SignedRequest, wecomSignedPost, wecomTextMessage } from "@/lib/vendors/wecom/sender";

const EVENTS = Number(process.argv[2] ?? 20000);
const RATE = Number(process.argv[3] ?? 500);
const KILLS = Number(process.argv[4] ?? 3);
const PORT = Number(process.argv[5] ?? 3304);
const BURST = Number(process.env.CRASH_BURST ?? 5000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function buildEvents(n: number, prefix: string): SignedRequest[] {
  const k = currentCallbackKeys().wecom;
  const out: SignedRequest[] = [];
  for (let i = 0; i < n; i++) out.push(wecomSignedPost(k, wecomTextMessage(k.corpId, `user${i % 500}`, `${prefix}${String(i).padStart(8, "0")}`, `消息 ${i}`)));
  return out;
}

async function counts(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`
      select (select count(*)::int from inbox_events) as rows,
             (select count(*)::int from inbox_events where status = 'handled') as handled,
             (select count(*)::int from inbox_events where status in ('received','processing')) as pending,
             (select count(*)::int from inbox_events where status not in ('handled','received','processing')) as other,
             (select count(*)::int from inbox_effects) as effects,
             (select count(distinct inbox_event_id)::int from inbox_effects) as effect_events,
             (select count(*)::int from (select inbox_event_id from inbox_effects group by 1 having count(*) > 1) d) as twice`);
    return r.rows[0] as { rows: number; handled: number; pending: number; other: number; effects: number; effect_events: number; twice: number };
  } finally {
    await c.end();
  }
}

async function waitDrained(url: string, expected: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await counts(url);
    if ((c.pending === 0 && c.rows >= expected) || Date.now() > deadline) return c;
    if (Date.now() % 10_000 < 500) console.log(`  … draining: ${c.handled} handled, ${c.pending} pending`);
    await sleep(500);
  }
}

// The sender, like a vendor's push fleet: CRASH_CONNECTIONS sockets (default 64), at most CRASH_MAX_INFLIGHT events
// outstanding (default 2000), each attempt abandoned after CRASH_TIMEOUT_MS (default 5000: WeCom's deadline) and
// retried with backoff.
const CONNECTIONS = Number(process.env.CRASH_CONNECTIONS ?? 64);
const MAX_INFLIGHT = Number(process.env.CRASH_MAX_INFLIGHT ?? 2000);
const TIMEOUT_MS = Number(process.env.CRASH_TIMEOUT_MS ?? 5000);

/** Send everything at `rate`/s with up to MAX_INFLIGHT in flight; non-2xx (incl. connection refused) is retried. */
async function sendWithRetries(bases: () => string[], reqs: SignedRequest[], rate: number, onProgress?: (acked: number) => Promise<void>) {
  const agent = makeAgent(CONNECTIONS); // a bounded connection pool; queued requests wait their turn
  let acked = 0;
  let attempts = 0;
  let failures = 0;
  let lastFirstOnWire = 0;
  const statuses = new Map<number, number>();
  const t0 = performance.now();
  const inflight = new Set<Promise<void>>();
  const one = async (i: number) => {
    for (let attempt = 0; ; attempt++) {
      const list = bases();
      const onWire = attempt === 0 ? () => (lastFirstOnWire = Math.max(lastFirstOnWire, performance.now())) : undefined;
      const r = await sendOnce(agent, list[(i + attempt) % list.length], reqs[i], TIMEOUT_MS, onWire);
      attempts++;
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status >= 200 && r.status < 300) break;
      failures++;
      await sleep(Math.min(100 * 2 ** Math.min(attempt, 5), 2000));
    }
    acked++;
  };
  let progressAt = 0;
  const ticker = setInterval(() => {
    const st = [...statuses.entries()].map(([s, n]) => `${s || "conn"}=${n}`).join(" ");
    console.log(`  … ${((performance.now() - t0) / 1000).toFixed(0)} s: acked ${acked}, in flight ${inflight.size}, attempts ${attempts} [${st}]`);
  }, 5000);
  for (let i = 0; i < reqs.length; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    while (inflight.size >= MAX_INFLIGHT) await Promise.race(inflight);
    const p = one(i).finally(() => inflight.delete(p));
    inflight.add(p);
    if (onProgress && i >= progressAt) {
      progressAt = i + Math.floor(reqs.length / 20);
      void onProgress(i);
    }
  }
  await Promise.all(inflight);
  clearInterval(ticker);
  const sendSeconds = (performance.now() - t0) / 1000;
  agent.destroy();
  // First attempts on the wire: the rate at which the sender put new events on connections (what it offered);
  // sendSeconds runs until the last acknowledgement (the server's throughput, retries included).
  const offeredSeconds = (lastFirstOnWire - t0) / 1000;
  return { acked, attempts, failures, statuses, sendSeconds, offeredSeconds };
}

async function phase1(url: string) {
  console.log(`\n=== phase 1: ${EVENTS} signed WeCom events at ${RATE}/s, SIGKILL ×${KILLS} ===`);
  const reqs = buildEvents(EVENTS, "crash");
  await assertPortFree(PORT);
  const separate = process.env.CRASH_WORKER === "separate";
  console.log(`  workers: ${separate ? "one separate process (the app runs none)" : "in the app process"}`);
  const worker = separate ? startWorker(url) : null;
  let app: AppProcess = await startApp({ port: PORT, databaseUrl: url, workers: !separate });
  const killAt = Array.from({ length: KILLS }, (_, i) => Math.floor((EVENTS * (i + 1)) / (KILLS + 1)));
  const kills: { atEvent: number; downMs: number }[] = [];
  let restarting: Promise<void> | null = null;
  const res = await sendWithRetries(
    () => [app.url],
    reqs,
    RATE,
    async (sentIdx) => {
      if (restarting || kills.length >= KILLS || sentIdx < killAt[kills.length]) return;
      const atEvent = sentIdx;
      restarting = (async () => {
        const t = Date.now();
        await app.kill(); // SIGKILL: no graceful shutdown, in-flight requests and worker transactions die
        app = await startApp({ port: PORT, databaseUrl: url, workers: !separate });
        kills.push({ atEvent, downMs: Date.now() - t });
        console.log(`  SIGKILL #${kills.length} at ~event ${atEvent}; back up after ${Date.now() - t} ms`);
      })().finally(() => (restarting = null));
    },
  );
  while (restarting) await restarting;
  console.log(`  sender: ${CONNECTIONS} connections, ≤${MAX_INFLIGHT} events in flight, ${TIMEOUT_MS} ms attempt timeout`);
  console.log(`  first attempts of ${EVENTS} events on the wire within ${res.offeredSeconds.toFixed(1)} s → offered ${(EVENTS / res.offeredSeconds).toFixed(0)}/s`);
  console.log(`  all ${EVENTS} acknowledged after ${res.sendSeconds.toFixed(1)} s → acknowledged ${(EVENTS / res.sendSeconds).toFixed(0)}/s; ${res.attempts} HTTP attempts (${res.failures} retried)`);
  console.log(`  attempt statuses: ${[...res.statuses.entries()].map(([s, n]) => `${s || "conn-error"}=${n}`).join("  ")}`);
  const drainT0 = Date.now();
  const c = await waitDrained(url, EVENTS, 900_000);
  console.log(`  drained ${EVENTS} events ${((Date.now() - drainT0) / 1000).toFixed(1)} s after the last ack`);
  await app.stop();
  worker?.kill("SIGTERM");
  console.log(`  inbox rows: ${c.rows} (expected ${EVENTS}); handled: ${c.handled}; pending: ${c.pending}; other: ${c.other}`);
  console.log(`  inbox_effects rows: ${c.effects}; events with an effect: ${c.effect_events}; events with >1 effect: ${c.twice}`);
  const ok = kills.length >= KILLS && c.rows === EVENTS && c.handled === EVENTS && c.effects === EVENTS && c.effect_events === EVENTS && c.twice === 0;
  console.log(`  phase 1: ${ok ? "PASS" : "FAIL"}`);
  return ok;
}

/** Refuse to start on a port someone else is serving (a health check would otherwise pass against their app). */
async function assertPortFree(port: number) {
  const net = await import("node:net");
  await new Promise<void>((resolve, reject) => {
    const srv = net.createServer().once("error", () => reject(new Error(`port ${port} is in use`)));
    srv.listen(port, () => srv.close(() => resolve()));
  });
}


async function phase2(url: string) {
  console.log(`\n=== phase 2: two app instances + one separate worker, burst of ${BURST} ===`);
  // Both app instances run workers too (the default), plus `npm run worker`: three processes race for rows.
  const PORT_B = Number(process.env.CRASH_PORT_B ?? PORT + 90);
  await assertPortFree(PORT);
  await assertPortFree(PORT_B);
  const a = await startApp({ port: PORT, databaseUrl: url });
  const b = await startApp({ port: PORT_B, databaseUrl: url });
  const worker = startWorker(url);
  try {
    const before = await counts(url);
    const reqs = buildEvents(BURST, "burst");
    const t0 = Date.now();
    const res = await sendWithRetries(() => [a.url, b.url], reqs, 2000);
    const c = await waitDrained(url, before.rows + BURST, 900_000);
    const secs = (Date.now() - t0) / 1000;
    if (worker.exitCode !== null) throw new Error(`the separate worker exited early (code ${worker.exitCode})`);
    const who = await (async () => {
      const cl = new Client({ connectionString: url });
      await cl.connect();
      const r = await cl.query(`select count(*)::int as n from inbox_events where dedupe_key like 'msg:burst%' and status = 'handled'`);
      await cl.end();
      return r.rows[0].n as number;
    })();
    console.log(`  burst sent in ${res.sendSeconds.toFixed(1)} s (${res.failures} retried); drained in ${secs.toFixed(1)} s`);
    console.log(`  burst rows handled: ${who}/${BURST}; inbox_effects total ${c.effects} for ${c.effect_events} events; events with >1 effect: ${c.twice}`);
    const ok = who === BURST && c.twice === 0 && c.effects === c.effect_events && c.rows === before.rows + BURST;
    console.log(`  phase 2: ${ok ? "PASS" : "FAIL"}`);
    return ok;
  } finally {
    worker.kill("SIGTERM");
    await Promise.all([a.stop(), b.stop()]);
  }
}

async function main() {
  const db = await createDatabase("qd_crash");
  try {
    const only = process.env.CRASH_PHASE;
    const ok1 = only === "2" ? true : await phase1(db.url);
    const ok2 = only === "1" ? true : await phase2(db.url);
    console.log(ok1 && ok2 ? "\nPASS" : "\nFAIL");
    process.exitCode = ok1 && ok2 ? 0 : 1;
  } finally {
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
