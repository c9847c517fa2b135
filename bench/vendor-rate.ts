// Vendor rate limits across instances (issue 10 item 4): 3 processes run a full DingTalk org sync at the same
// time against the simulator served by `next start` (one simulator, so one set of DingTalk's limits: 20 QPS per
// app per API) and one PostgreSQL database, whose vendor_rate_slices carry the shared budget. Passes with zero
// rate-limit answers from the vendor; prints calls, time and the achieved rate per API beside the limit.
//   NEXT_DIST_DIR=.next-sim npx tsx bench/vendor-rate.ts      (or `npm run bench -- vendor-rate`)
// Env: BENCH_PORT (default 3321), BENCH_PROCESSES (default 3), BENCH_ORG_SIZE (demo | large; default demo).
import { spawn, spawnSync } from "node:child_process";

// lib/ modules import "server-only": run under the react-server condition, as Next does on the server.
if (!(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim() },
  });
  process.exit(r.status ?? 1);
}

const PORT = Number(process.env.BENCH_PORT ?? 3321);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 3);
const SIZE = process.env.BENCH_ORG_SIZE === "large" ? "large" : "demo";
process.env.NEXT_DIST_DIR ??= ".next-sim";

/** One instance: a full DingTalk sync through lib/org, its own pool, its own process-local limiters. */
async function child() {
  const { openDatabase } = await import("@/db/client");
  const { syncOrganisation } = await import("@/lib/org/run");
  const database = await openDatabase({ url: process.env.DATABASE_URL!, poolSize: 4 });
  const t0 = performance.now();
  try {
    const r = await syncOrganisation(database.db, "dingtalk");
    console.log(JSON.stringify({ ok: true, status: r.status, seconds: (performance.now() - t0) / 1000, calls: r.calls }));
  } catch (e) {
    console.log(JSON.stringify({ ok: false, seconds: (performance.now() - t0) / 1000, error: (e as Error).message }));
  } finally {
    await database.close();
  }
}

function runChild(env: NodeJS.ProcessEnv): Promise<{ ok: boolean; status?: string; seconds: number; error?: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, process.argv[1], "--child"], { env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    p.stdout.on("data", (b) => (out += String(b)));
    p.on("error", reject);
    p.on("exit", () => {
      // the result is the last line carrying "ok" (log lines are JSON too)
      for (const line of out.trim().split("\n").reverse()) {
        try {
          const v = JSON.parse(line) as { ok?: boolean; seconds?: number };
          if (typeof v.ok === "boolean" && typeof v.seconds === "number") return resolve(v as { ok: boolean; seconds: number });
        } catch {
          // a log line that is not JSON
        }
      }
      reject(new Error(`child printed no result: ${out.slice(-500)}`));
    });
  });
}

async function main() {
  const { createDatabase, startApp } = await import("./lib/server");
  const db = await createDatabase("qd_vendor_bench_rate");
  // the seeded demo company matches the simulator's demo directory: the syncs read everything and write nothing
  const app = await startApp({ port: PORT, databaseUrl: db.url, workers: false, env: { SEED_DEMO: SIZE === "demo" ? "1" : "0" } });
  const failures: string[] = [];
  try {
    const sim = async (path: string, init?: RequestInit) => (await fetch(`${app.url}${path}`, init)).json();
    const org = await sim("/api/sim/org", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ op: "reset", size: SIZE }) });
    console.log(`simulator organisation (${SIZE}): ${org.people.dingtalk} people, ${org.departments.dingtalk} departments; ${PROCESSES} processes, one database`);
    const { DINGTALK_QPS_PER_API } = await import("@/lib/vendors/sim/dingtalk");
    const env = { ...process.env, APP_URL: app.url, DATABASE_URL: db.url, LOG_LEVEL: "warn" };
    // warm the route bundles and the shared token outside the timed run
    await runChild(env);
    await fetch(`${app.url}/api/sim/stats`, { method: "DELETE" });

    const t0 = performance.now();
    const results = await Promise.all(Array.from({ length: PROCESSES }, () => runChild(env)));
    const wall = (performance.now() - t0) / 1000;
    const stats = await sim("/api/sim/stats");
    const calls = Object.fromEntries(Object.entries(stats.calls as Record<string, number>).filter(([k]) => k.startsWith("dingtalk:") && !k.endsWith("gettoken")));
    const limited = Object.values(stats.rateLimited as Record<string, number>).reduce((a, b) => a + b, 0);
    results.forEach((r, i) => console.log(`  process ${i + 1}: ${r.ok ? r.status : `FAILED (${r.error})`} in ${r.seconds.toFixed(1)} s`));
    console.log(`  wall time for all ${PROCESSES}: ${wall.toFixed(1)} s`);
    for (const [k, n] of Object.entries(calls)) {
      console.log(`  ${k.slice("dingtalk:".length).padEnd(32)} ${String(n).padStart(6)} calls  ${(n / wall).toFixed(1).padStart(5)}/s over the run (limit ${DINGTALK_QPS_PER_API}/s)`);
    }
    console.log(`  rate-limit answers from the vendor: ${limited}`);
    if (limited > 0) failures.push(`${limited} rate-limit answers`);
    for (const r of results) if (!r.ok) failures.push(`a process failed: ${r.error}`);
  } finally {
    await app.stop();
    await db.drop();
  }
  if (failures.length) {
    console.log(`\nFAILED: ${failures.join("; ")}`);
    process.exit(1);
  }
  console.log("\nok: the instances shared DingTalk's per-app budget");
}

(process.argv.includes("--child") ? child() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
