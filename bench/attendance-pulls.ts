// Vendor punch pulls at scale (issue 13 item 1): N people × D days from WeCom (getcheckindata + getcheckin_daydata)
// and from DingTalk (listRecord + attendance/list), through the real clients, shared rate budget and pull job,
// against the simulator's handlers in process (the same code /api/sim/* serves) and a fresh PostgreSQL database.
// A pull is complete when every vendor record is durably in the inbox (the watermark moves); the inbox worker's
// punch writes and recomputes are the recompute bench's business. Prints the time beside the floor the vendor
// limits set — per API, (⌈calls / limit⌉ − 1) windows, the APIs running side by side — and fails on any rate-limit
// answer from the simulated vendor. The simulator runs in its own process, reached over HTTP (BENCH_SIM=inprocess
// puts it back in this one), so the vendor's work is not counted as ours.
//   npx tsx bench/attendance-pulls.ts      (or `npm run bench -- attendance-pulls`)
// Env: DATABASE_URL (PostgreSQL), BENCH_PEOPLE (default 10000), BENCH_DAYS (default 31), BENCH_SOURCES (wecom,dingtalk),
// BENCH_CPU_PROFILE / BENCH_HEAP_PROFILE (profile each source's first pull: bench/lib/in-process.ts).
import { spawnSync } from "node:child_process";

if (!(process.env.NODE_OPTIONS ?? "").includes("react-server")) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim(), LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" },
  });
  process.exit(r.status ?? 1);
}

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 10_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 31);
const SOURCES = (process.env.BENCH_SOURCES ?? "wecom,dingtalk").split(",").filter(Boolean) as ("wecom" | "dingtalk")[];

async function main() {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL (PostgreSQL) is required");
  const { createTestDatabase } = await import("@/tests/db");
  const { employees, identities } = await import("@/db/schema");
  const { resetSim, simState } = await import("@/lib/vendors/sim/state");
  const { simulatorFetch } = await import("@/lib/vendors/sim/fetch");
  const { SIM } = await import("@/lib/vendors/config");
  const { runAttendancePull } = await import("@/lib/attendance/punches/pull");
  const { addDays, businessDate } = await import("@/lib/time");
  const { profileIfAsked } = await import("./lib/in-process");

  const t = await createTestDatabase();
  let vendor: Awaited<ReturnType<typeof import("./lib/sim-process").startSimProcess>> | null = null;
  const db = t.database.db;
  try {
    const size = PEOPLE > 200 ? "large" : "demo";
    resetSim(size);
    // the vendor in its own process over HTTP (BENCH_SIM=inprocess: in this process, as before)
    const { startSimProcess } = await import("./lib/sim-process");
    vendor = process.env.BENCH_SIM === "inprocess" ? null : await startSimProcess(size);
    const vendorFetch = vendor?.fetch ?? simulatorFetch;
    const stats = async () => (vendor ? await vendor.stats() : { calls: Object.fromEntries(s.calls), rateLimited: Object.fromEntries(s.rateLimited) });
    const s = simState();
    const wecomUsers = [...s.directory.wecom.users.values()].slice(0, PEOPLE);
    const dingUsers = [...s.directory.dingtalk.users.values()].slice(0, PEOPLE);
    // People and their vendor identities, as an org sync would have left them (bulk, so the bench measures pulls).
    for (let i = 0; i < wecomUsers.length; i += 1000) {
      const part = wecomUsers.slice(i, i + 1000);
      const rows = await db.insert(employees).values(part.map((u) => ({ employeeNo: u.jobNumber, name: u.name }))).returning({ id: employees.id, no: employees.employeeNo });
      const byNo = new Map(rows.map((r) => [r.no, r.id]));
      await db.insert(identities).values(part.map((u) => ({ provider: "wecom" as const, corpId: SIM.wecom.corpId, externalId: u.userid, employeeId: byNo.get(u.jobNumber)!, matchedBy: "seed" as const })));
      const dt = dingUsers.slice(i, i + 1000).filter((u) => byNo.has(u.jobNumber));
      if (dt.length) await db.insert(identities).values(dt.map((u) => ({ provider: "dingtalk" as const, corpId: SIM.dingtalk.corpId, externalId: u.userid, employeeId: byNo.get(u.jobNumber)!, matchedBy: "seed" as const })));
    }
    const to = addDays(businessDate(new Date()), -1);
    const from = addDays(to, -(DAYS - 1));
    console.log(`attendance pulls: ${wecomUsers.length} people × ${DAYS} days (${from} … ${to})`);
    const limits: Record<string, { limit: number; windowS: number }> = {
      "wecom:/cgi-bin/checkin/getcheckindata": { limit: 600, windowS: 60 },
      "wecom:/cgi-bin/checkin/getcheckin_daydata": { limit: 100, windowS: 60 },
      "dingtalk:/attendance/listRecord": { limit: 20, windowS: 1 },
      "dingtalk:/attendance/list": { limit: 20, windowS: 1 },
    };
    let failed = false;
    for (const source of SOURCES) {
      s.calls.clear();
      s.rateLimited.clear();
      await vendor?.resetCounts();
      const prof = await profileIfAsked();
      const t0 = performance.now();
      const run = await runAttendancePull(db, { source, from, to }, { http: { fetch: vendorFetch, timeoutMs: 30_000 } });
      await prof.stop();
      const st = await stats();
      const seconds = (performance.now() - t0) / 1000;
      const apis = Object.keys(limits).filter((k) => k.startsWith(`${source}:`));
      let floor = 0;
      for (const api of apis) {
        const calls = st.calls[api] ?? 0;
        const l = limits[api];
        const f = Math.max(0, Math.ceil(calls / l.limit) - 1) * l.windowS;
        floor = Math.max(floor, f);
        console.log(`  ${api.padEnd(42)} ${String(calls).padStart(6)} calls  limit ${l.limit}/${l.windowS}s  floor ${f.toFixed(0)} s  rate-limited ${st.rateLimited[api] ?? 0}`);
      }
      const limited = Object.values(st.rateLimited).reduce((a, b) => a + b, 0);
      const d = run.details as Record<string, number>;
      console.log(
        `  ${source}: ${run.status} in ${seconds.toFixed(1)} s (${floor ? `floor ${floor.toFixed(0)} s, ratio ${(seconds / floor).toFixed(2)}` : "floor 0 s: every API's calls fit in one window of its limit"}); ` +
          `records ${d.fetched}, punches added ${run.added}, placeholders ${d.placeholders ?? 0}, day results ${d.dayResults}; rate-limit answers ${limited}`,
      );
      if (run.status !== "succeeded" || limited > 0) failed = true;
      // second pull: nothing to do
      const t1 = performance.now();
      const again = await runAttendancePull(db, { source, from, to, punchesOnly: true }, { http: { fetch: vendorFetch, timeoutMs: 30_000 } });
      // the inbox worker does not run here: "nothing to do" is no new inbox row
      const enq = (again.details as Record<string, number>).enqueued;
      console.log(`  ${source} second pull (punches only): ${again.status} in ${((performance.now() - t1) / 1000).toFixed(1)} s, new inbox events ${enq}, vanished ${again.removed}`);
      if (enq > 0 || again.removed > 0) failed = true;
    }
    if (failed) process.exitCode = 1;
  } finally {
    vendor?.stop();
    await t.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
