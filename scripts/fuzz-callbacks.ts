// Fuzz every callback route over HTTP against `next start` on a fresh PostgreSQL database:
//   NEXT_DIST_DIR=.next-ingest npx tsx scripts/fuzz-callbacks.ts [count=10000] [port=3304]
// ≥5,000 malformed requests (mutated signatures, bodies, base64, padding, receive ids, timestamps, content
// types, oversize bodies, XML entity bombs). Pass: only 4xx, no 5xx, no connection errors, zero inbox rows, and
// RSS flat over the measured requests.
// Memory: V8 sizes its heap to the workload. On this app RSS climbs from ~170 to ~350 MiB over the first ~15,000
// requests and then stays level (measured to 30,000), so `count` requests are measured after FUZZ_WARMUP
// (default 15,000) malformed requests that are checked the same way; both RSS series are printed. The run fails
// when RSS grows more than FUZZ_RSS_TOLERANCE (default 0.10 = 10%) over the measured part.
// FUZZ_SERVER_NODE_OPTIONS (e.g. --max-old-space-size=128) applies to the server only: with the heap capped, V8
// cannot grow it lazily, so RSS that stays level from the first request shows nothing is retained per request.
import { Client } from "pg";
import { createDatabase, startApp } from "@/bench/lib/server";
import { type FuzzCase, fuzzRound } from "@/lib/ingest/testing/fuzz-cases";
import { currentCallbackKeys } from "@/lib/ingest/testing/keys";
import { closedLoop, makeAgent, treeRssKb } from "@/lib/ingest/testing/load";

const total = Number(process.argv[2] ?? 10_000);
const warmup = Number(process.env.FUZZ_WARMUP ?? 15_000);
const rssTolerance = Number(process.env.FUZZ_RSS_TOLERANCE ?? 0.1);
const port = Number(process.argv[3] ?? 3304);

async function main() {
  const db = await createDatabase("qd_fuzz");
  const serverNodeOptions = process.env.FUZZ_SERVER_NODE_OPTIONS;
  const app = await startApp({ port, databaseUrl: db.url, env: serverNodeOptions ? { NODE_OPTIONS: serverNodeOptions } : undefined });
  const agent = makeAgent(16);
  try {
    const keys = currentCallbackKeys(); // simulator keys: the app runs with no vendor configuration
    // Build every case before sending: building 30,000 takes longer than the server's keep-alive timeout (5 s), and
    // an agent reusing a socket the server just closed reports a connection error that is not the server's fault.
    const build = (n: number, firstSeed: number) => {
      const out: FuzzCase[] = [];
      for (let seed = firstSeed; out.length < n; seed++) out.push(...fuzzRound(keys, seed));
      return out;
    };
    const warm = warmup > 0 ? build(warmup, 1_000_000) : [];
    const cases = build(total, 1);
    const all = [...warm, ...cases];
    const results: Awaited<ReturnType<typeof closedLoop>>["results"] = [];
    // In slices of 1,000 so RSS can be printed along the way: flat means it stops growing, not that it never moves.
    const sendSlices = async (list: FuzzCase[], series: string[], offset: number) => {
      for (let i = 0; i < list.length; i += 1000) {
        const part = await closedLoop(agent, app.url, list.slice(i, i + 1000), 16);
        results.push(...part.results);
        series.push(`${offset + Math.min(i + 1000, list.length)}:${(treeRssKb(app.child.pid!) / 1024).toFixed(0)}`);
      }
    };
    const rssStart = treeRssKb(app.child.pid!);
    const warmSeries: string[] = [];
    await sendSlices(warm, warmSeries, 0);
    const rssBefore = treeRssKb(app.child.pid!);
    const t0 = Date.now();
    const rssSeries: string[] = [];
    await sendSlices(cases, rssSeries, warm.length);
    const secs = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    const rssAfter = treeRssKb(app.child.pid!);

    const byStatus = new Map<number, number>();
    const byFamily = new Map<string, Map<number, number>>();
    results.forEach((r, i) => {
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      const fam = all[i].name.split(":")[0];
      const m = byFamily.get(fam) ?? new Map<number, number>();
      m.set(r.status, (m.get(r.status) ?? 0) + 1);
      byFamily.set(fam, m);
    });
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const rows = Number((await c.query("select count(*)::int as n from inbox_events")).rows[0].n);
    await c.end();

    const fiveXX = results.filter((r) => r.status >= 500).length;
    const twoXX = results.filter((r) => r.status >= 200 && r.status < 300).length;
    const connErrors = byStatus.get(0) ?? 0;
    console.log(`fuzz: ${results.length} malformed requests (${warm.length} warm-up + ${cases.length} measured; measured part ${(cases.length / secs).toFixed(0)}/s), ${new Set(all.map((x) => x.name)).size} mutation kinds`);
    console.log(`status counts: ${[...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s || "conn-error"}=${n}`).join("  ")}`);
    for (const [fam, m] of byFamily) console.log(`  ${fam.padEnd(12)} ${[...m.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s || "conn-error"}=${n}`).join("  ")}`);
    console.log(`5xx: ${fiveXX}   2xx: ${twoXX}   connection errors: ${connErrors}   inbox rows written: ${rows}`);
    const connErrorCases = [...new Set(results.flatMap((r, i) => (r.status === 0 ? [all[i].name] : [])))];
    if (connErrorCases.length) console.log(`connection errors in: ${connErrorCases.slice(0, 10).join(", ")}`);
    if (warmSeries.length) console.log(`server RSS (MiB) during warm-up, after each 1,000 requests: ${(rssStart / 1024).toFixed(0)} at start  ${warmSeries.join("  ")}`);
    console.log(`server RSS (MiB) measured part, after each 1,000 requests: ${rssSeries.join("  ")}`);
    const growth = (rssAfter - rssBefore) / rssBefore;
    console.log(`server RSS: before ${(rssBefore / 1024).toFixed(1)} MiB, after ${(rssAfter / 1024).toFixed(1)} MiB (Δ ${((rssAfter - rssBefore) / 1024).toFixed(1)} MiB, ${(growth * 100).toFixed(1)}%; tolerance ${(rssTolerance * 100).toFixed(0)}%)`);
    const ok = fiveXX === 0 && twoXX === 0 && rows === 0 && connErrors === 0 && growth <= rssTolerance;
    console.log(ok ? "PASS" : "FAIL");
    process.exitCode = ok ? 0 : 1;
  } finally {
    agent.destroy();
    await app.stop();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
