// Punch devices at scale (issue 13): 100,000 records to POST /api/v1/punches in batches of 500, through `next start`
// with its in-process inbox worker and PostgreSQL, as a company's face terminals would send them. Each batch mixes in
// what devices really send: 490 new punches, 5 repeats of a batch already answered (a terminal resending after a lost
// answer), 3 unknown employee numbers and 2 malformed times. Prints the rate, the batch latency and the time until the
// inbox worker has written every accepted punch; fails when an answer is not the one each record should get, when a
// punch is lost or doubled, or when a repeat of a whole batch is not all duplicates.
//   npx tsx bench/attendance-devices.ts      (or `npm run bench -- attendance-devices`; needs a build: NEXT_DIST_DIR)
// Env: BENCH_BATCHES (default 200), BENCH_IN_FLIGHT (default 4), BENCH_PORT (default 3470).
import { spawnSync } from "node:child_process";
import { Client } from "pg";
import { createDatabase, startApp } from "./lib/server";

const BATCHES = Number(process.env.BENCH_BATCHES ?? 200);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);
const PORT = Number(process.env.BENCH_PORT ?? 3470);
const NEW = 490;
const REPEATS = 5;
const UNKNOWN = 3;
const BAD = 2;

type Item = Record<string, unknown>;
type Expected = "accepted" | "duplicate" | "unknown_employee" | "invalid";

/** RFC 3339 in China time (+08:00), as a terminal on the wall would write it. */
const cnTime = (ms: number) => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const dbh = await createDatabase("qd_bench_devices");
  const app = await startApp({ port: PORT, databaseUrl: dbh.url, env: { LOG_LEVEL: "error" } });
  const pg = new Client({ connectionString: dbh.url });
  await pg.connect();
  let failed = false;
  try {
    // the key, as an automated deployment creates it (printed alone on the last line)
    const cli = spawnSync("npm", ["run", "-s", "api-key", "--", "create", "--name", "bench devices", "--scopes", "punches:write", "--rate", "10000"], {
      env: { ...process.env, DATABASE_URL: dbh.url },
      encoding: "utf8",
    });
    if (cli.status !== 0) throw new Error(`api-key: ${cli.stderr}`);
    const key = cli.stdout.trim().split("\n").pop()!;
    const nos = (await pg.query<{ no: string }>("SELECT employee_no AS no FROM employees WHERE status = 'active' ORDER BY id")).rows.map((r) => r.no);
    const before = Number((await pg.query("SELECT count(*) AS n FROM punches WHERE source = 'device'")).rows[0].n);

    // Punches 50 s apart going back from an hour ago (98,000 of them: ~57 days), spread over every employee.
    const start = Date.now() - 3_600_000;
    const record = (n: number): Item => ({ employee_no: nos[n % nos.length], time: cnTime(start - n * 50_000), device_id: `bench-gate-${n % 4}`, record_id: `r${n}`, direction: n % 2 ? "out" : "in" });
    /** Batch b; its repeats are records of batch `repeatOf` (one already answered), or its own when there is none. */
    const batch = (b: number, repeatOf: number | null): { items: Item[]; expected: Expected[] } => {
      const items: Item[] = [];
      const expected: Expected[] = [];
      for (let k = 0; k < NEW; k++) {
        items.push(record(b * NEW + k));
        expected.push("accepted");
      }
      for (let k = 0; k < REPEATS; k++) {
        items.push(record((repeatOf ?? b) * NEW + k));
        expected.push("duplicate");
      }
      for (let k = 0; k < UNKNOWN; k++) {
        items.push({ employee_no: `NO-SUCH-${b}-${k}`, time: cnTime(start), device_id: "bench-gate-0", record_id: `u${b}-${k}` });
        expected.push("unknown_employee");
      }
      for (let k = 0; k < BAD; k++) {
        items.push({ employee_no: nos[0], time: k ? "2026-13-01T09:00:00+08:00" : "昨天九点", device_id: "bench-gate-0", record_id: `bad${b}-${k}` });
        expected.push("invalid");
      }
      return { items, expected };
    };

    const send = async (items: Item[]) => {
      const t0 = performance.now();
      const r = await fetch(`${app.url}/api/v1/punches`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ punches: items }) });
      const body = (await r.json()) as { results?: { record_id: string; status: string }[] };
      return { status: r.status, results: body.results ?? [], ms: performance.now() - t0 };
    };

    const latencies: number[] = [];
    const counts: Record<string, number> = {};
    const mismatches: string[] = [];
    let next = 0;
    let lastAnswered: number | null = null;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < BATCHES) {
          const b = next++;
          const { items, expected } = batch(b, lastAnswered);
          const r = await send(items);
          lastAnswered = b;
          latencies.push(r.ms);
          if (r.status !== 200 || r.results.length !== items.length) {
            mismatches.push(`batch ${b}: HTTP ${r.status}, ${r.results.length} results for ${items.length}`);
            continue;
          }
          r.results.forEach((x, i) => {
            counts[x.status] = (counts[x.status] ?? 0) + 1;
            if (x.status !== expected[i] && mismatches.length < 10) mismatches.push(`batch ${b} item ${i} (${x.record_id}): ${x.status}, expected ${expected[i]}`);
          });
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const total = BATCHES * (NEW + REPEATS + UNKNOWN + BAD);
    const accepted = counts.accepted ?? 0;
    console.log(`device punches: ${total} records in ${BATCHES} batches of ${NEW + REPEATS + UNKNOWN + BAD}, ${IN_FLIGHT} in flight`);
    console.log(`  answered in ${seconds.toFixed(1)} s: ${(total / seconds).toFixed(0)} records/s, ${(accepted / seconds).toFixed(0)} accepted/s; batch p50 ${pct(latencies, 50).toFixed(0)} ms, p95 ${pct(latencies, 95).toFixed(0)} ms`);
    console.log(`  answers: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    const want = BATCHES * NEW;
    if (accepted !== want) mismatches.push(`accepted ${accepted}, expected ${want}`);

    // until the inbox worker has written every accepted punch (and recomputed its person-day)
    const t1 = performance.now();
    let stored = 0;
    for (;;) {
      stored = Number((await pg.query("SELECT count(*) AS n FROM punches WHERE source = 'device' AND device_id LIKE 'bench-gate-%'")).rows[0].n);
      const waiting = Number((await pg.query("SELECT count(*) AS n FROM inbox_events WHERE status IN ('received', 'processing')")).rows[0].n);
      if ((stored >= want && waiting === 0) || performance.now() - t1 > 20 * 60_000) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const drain = (performance.now() - t0) / 1000;
    const dead = Number((await pg.query("SELECT count(*) AS n FROM inbox_events WHERE status IN ('dead', 'parked')")).rows[0].n);
    const days = Number((await pg.query("SELECT count(DISTINCT (employee_id, business_date)) AS n FROM punches WHERE device_id LIKE 'bench-gate-%'")).rows[0].n);
    console.log(`  written by the inbox worker: ${stored} punches (${before} device punches before) on ${days} person-days, ${drain.toFixed(1)} s after the first batch (${(stored / drain).toFixed(0)} punches/s end to end); dead or parked inbox rows ${dead}`);
    if (stored !== want) mismatches.push(`stored ${stored} punches, expected ${want}`);
    if (dead) mismatches.push(`${dead} dead or parked inbox rows`);

    // a terminal replaying a whole batch: every record already stored, nothing new
    const replayed = Math.min(7, BATCHES - 1);
    const again = await send(batch(replayed, replayed).items);
    const replay: Record<string, number> = {};
    for (const x of again.results) replay[x.status] = (replay[x.status] ?? 0) + 1;
    console.log(`  batch ${replayed} sent again: ${Object.entries(replay).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    if ((replay.accepted ?? 0) !== 0 || (replay.duplicate ?? 0) !== NEW + REPEATS) mismatches.push(`replay: ${JSON.stringify(replay)}`);
    const after = Number((await pg.query("SELECT count(*) AS n FROM punches WHERE source = 'device' AND device_id LIKE 'bench-gate-%'")).rows[0].n);
    if (after !== stored) mismatches.push(`the replay changed the punches: ${stored} → ${after}`);

    if (mismatches.length) {
      failed = true;
      console.log(`  FAILED:\n    ${mismatches.join("\n    ")}`);
    }
  } finally {
    await pg.end();
    await app.stop();
    await dbh.drop();
  }
  if (failed) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
