// Org sync benchmark (issue 3): a simulator organisation of 10,000 people in 500 departments, full sync from
// DingTalk and from WeCom against `next start` (which serves the simulator) + a fresh PostgreSQL database, beside
// the floor set by the vendor's rate limit. The sync itself runs in this process through the same
// lib/org code the nightly job runs, calling the simulator over HTTP.
//   NEXT_DIST_DIR=.next-sim npx tsx bench/org-sync.ts      (or `npm run bench -- org-sync`)
// Env: BENCH_PORT (default 3305).
import { spawnSync } from "node:child_process";

// lib/ modules import "server-only": run under the react-server condition, as Next does on the server.
if (!(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim() },
  });
  process.exit(r.status ?? 1);
}

const PORT = Number(process.env.BENCH_PORT ?? 3305);
process.env.NEXT_DIST_DIR ??= ".next-sim";

async function main() {
  const { createDatabase, startApp } = await import("./lib/server");
  const db = await createDatabase("qd_bench_org");
  const app = await startApp({ port: PORT, databaseUrl: db.url, workers: false, env: { SEED_DEMO: "0" } });
  const failures: string[] = [];
  try {
    process.env.APP_URL = app.url;
    process.env.DATABASE_URL = db.url;
    process.env.LOG_LEVEL = "warn";
    const sim = async (path: string, init?: RequestInit) => (await fetch(`${app.url}${path}`, init)).json();
    const org = await sim("/api/sim/org", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ op: "reset", size: "large" }) });
    console.log(`simulator organisation: ${org.people.dingtalk} people, ${org.departments.dingtalk} departments`);

    const { openDatabase } = await import("@/db/client");
    const { syncOrganisation } = await import("@/lib/org/run");
    const { DINGTALK_QPS_PER_API } = await import("@/lib/vendors/sim/dingtalk");
    const { WECOM_PER_API_PER_MIN } = await import("@/lib/vendors/sim/wecom");
    const database = await openDatabase({ url: db.url, poolSize: 8 });

    // Warm the server (first requests load route bundles), outside the timed runs.
    const { DingtalkClient } = await import("@/lib/vendors/dingtalk/client");
    const warm = new DingtalkClient({ db: database.db });
    await Promise.all([warm.listSubDepartments(1), warm.listUsers(1, 0, 10), warm.getUser("none").catch(() => null)]);
    await warm.oapi("/topapi/v2/department/get", { dept_id: 1 });

    for (const source of ["dingtalk", "wecom"] as const) {
      await fetch(`${app.url}/api/sim/stats`, { method: "DELETE" });
      const t0 = performance.now();
      const first = await syncOrganisation(database.db, source);
      const seconds = (performance.now() - t0) / 1000;
      const stats = await sim("/api/sim/stats");
      const calls = Object.fromEntries(Object.entries(stats.calls as Record<string, number>).filter(([k]) => k.startsWith(`${source}:`) && !k.endsWith("gettoken")));
      const limited = Object.values(stats.rateLimited as Record<string, number>).reduce((a, b) => a + b, 0);
      const total = Object.values(calls).reduce((a, b) => a + b, 0);
      // Limits apply per API, independently: the floor is the slowest API's calls ÷ its allowed rate.
      const floor =
        source === "dingtalk"
          ? Math.max(...Object.values(calls).map((n) => n / DINGTALK_QPS_PER_API))
          : Math.max(0, Math.ceil(Math.max(...Object.values(calls)) / WECOM_PER_API_PER_MIN) - 1) * 60;
      console.log(`\n[${source}] first full sync: ${seconds.toFixed(1)} s  (fetch ${(Number(first.details.fetchMs ?? 0) / 1000).toFixed(1)} s, apply ${((Number(first.durationMs) - Number(first.details.fetchMs ?? 0)) / 1000).toFixed(1)} s)`);
      console.log(`  apply phases (ms, cumulative): ${Object.entries(first.details).filter(([k]) => k.startsWith("ms_")).map(([k, v]) => `${k.slice(3)} ${v}`).join(", ")}`);
      console.log(`  added ${first.added}, changed ${first.changed}, removed ${first.removed}, errors ${first.errors.length}; status ${first.status}`);
      console.log(`  vendor calls: ${total} (${Object.entries(calls).map(([k, n]) => `${k.split(":")[1]} ${n}`).join(", ")})`);
      console.log(`  rate-limit answers from the vendor: ${limited}`);
      if (source === "dingtalk") {
        console.log(`  floor set by the rate limit (${DINGTALK_QPS_PER_API} QPS per API): ${floor.toFixed(1)} s  →  ratio ${(seconds / floor).toFixed(2)}×  (target ≤ 1.2×)`);
        if (seconds / floor > 1.2) failures.push(`dingtalk ratio ${(seconds / floor).toFixed(2)} > 1.2`);
      } else {
        console.log(`  floor set by the rate limit (${WECOM_PER_API_PER_MIN.toLocaleString()}/min per API): ${floor} s — every API fits in one minute's allowance, so the floor is latency, not the limit`);
      }
      if (limited > 0) failures.push(`${source}: ${limited} rate-limit answers`);

      const t1 = performance.now();
      const second = await syncOrganisation(database.db, source);
      console.log(`  second full sync (no vendor change): ${((performance.now() - t1) / 1000).toFixed(1)} s, added ${second.added}, changed ${second.changed}, removed ${second.removed}`);
      if (second.added + second.changed + second.removed !== 0) failures.push(`${source}: second run changed something`);
    }
    await database.close();
  } finally {
    await app.stop();
    await db.drop();
  }
  if (failures.length) {
    console.log(`\nFAILED: ${failures.join("; ")}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
