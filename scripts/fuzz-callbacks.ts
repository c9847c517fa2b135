// Fuzz every callback route over HTTP against `next start` on a fresh PostgreSQL database:
//   NEXT_DIST_DIR=.next-ingest npx tsx scripts/fuzz-callbacks.ts [count=5000] [port=3304]
// ≥5,000 malformed requests (mutated signatures, bodies, base64, padding, receive ids, timestamps, content
// types, oversize bodies, XML entity bombs). Pass: only 4xx, no 5xx, zero inbox rows; RSS printed before/after.
import { Client } from "pg";
import { createDatabase, startApp } from "@/bench/lib/server";
import { type FuzzCase, fuzzRound } from "@/lib/ingest/testing/fuzz-cases";
import { currentCallbackKeys } from "@/lib/ingest/testing/keys";
import { closedLoop, makeAgent, treeRssKb } from "@/lib/ingest/testing/load";

const total = Number(process.argv[2] ?? 5000);
const port = Number(process.argv[3] ?? 3304);

async function main() {
  const db = await createDatabase("qd_fuzz");
  const app = await startApp({ port, databaseUrl: db.url });
  const agent = makeAgent(16);
  try {
    const keys = currentCallbackKeys(); // simulator keys: the app runs with no vendor configuration
    // Warm up (JIT, route compilation) with one round so RSS "before" is not the cold process.
    await closedLoop(agent, app.url, fuzzRound(keys, 999_999), 8);
    const rssBefore = treeRssKb(app.child.pid!);
    const cases: FuzzCase[] = [];
    for (let seed = 1; cases.length < total; seed++) cases.push(...fuzzRound(keys, seed));
    const t0 = Date.now();
    // In slices of 1,000 so RSS can be printed along the way: flat means it stops growing, not that it never moves.
    const results: Awaited<ReturnType<typeof closedLoop>>["results"] = [];
    const rssSeries: string[] = [];
    for (let i = 0; i < cases.length; i += 1000) {
      const part = await closedLoop(agent, app.url, cases.slice(i, i + 1000), 16);
      results.push(...part.results);
      rssSeries.push(`${Math.min(i + 1000, cases.length)}:${(treeRssKb(app.child.pid!) / 1024).toFixed(0)}`);
    }
    const secs = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    const rssAfter = treeRssKb(app.child.pid!);

    const byStatus = new Map<number, number>();
    const byFamily = new Map<string, Map<number, number>>();
    results.forEach((r, i) => {
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      const fam = cases[i].name.split(":")[0];
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
    console.log(`fuzz: ${results.length} malformed requests in ${secs.toFixed(1)} s (${(results.length / secs).toFixed(0)}/s), ${new Set(cases.map((x) => x.name)).size} mutation kinds`);
    console.log(`status counts: ${[...byStatus.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s || "conn-error"}=${n}`).join("  ")}`);
    for (const [fam, m] of byFamily) console.log(`  ${fam.padEnd(12)} ${[...m.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s || "conn-error"}=${n}`).join("  ")}`);
    console.log(`5xx: ${fiveXX}   2xx: ${twoXX}   connection errors: ${connErrors}   inbox rows written: ${rows}`);
    console.log(`server RSS (MiB) after each 1,000 requests: ${rssSeries.join("  ")}`);
    console.log(`server RSS: before ${(rssBefore / 1024).toFixed(1)} MiB, after ${(rssAfter / 1024).toFixed(1)} MiB (Δ ${((rssAfter - rssBefore) / 1024).toFixed(1)} MiB)`);
    const ok = fiveXX === 0 && twoXX === 0 && rows === 0 && connErrors === 0;
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
