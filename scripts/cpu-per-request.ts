// Where the CPU of one request goes, per process, during a steady open loop against `next start` + PostgreSQL:
//   NEXT_DIST_DIR=.next-bench npx tsx scripts/cpu-per-request.ts [rate=300] [seconds=10] [route=wecom|health]
// Reads each process's user+system time from /proc before and after the loop: the app (next-server and its
// children), the separate inbox worker (`npm run worker`), every postgres process, and this load generator.
// CPU_WORKERS_IN_WEB=1 runs the inbox loop inside the app instead. Linux only (/proc).
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createDatabase, startApp, startWorker } from "@/bench/lib/server";
import { currentCallbackKeys } from "@/lib/ingest/testing/keys";
import { closedLoop, makeAgent, openLoop, pct } from "@/lib/ingest/testing/load";
import { wecomSignedPost, wecomTextMessage } from "@/lib/vendors/wecom/sender";

const RATE = Number(process.argv[2] ?? 300);
const SECONDS = Number(process.argv[3] ?? 10);
const ROUTE = process.argv[4] === "health" ? "health" : "wecom";
const PORT = Number(process.env.CPU_PORT ?? 3310);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of one process, in seconds (0 once it is gone). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
function tree(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = execSync(`pgrep -P ${pid}`).toString().trim().split("\n").filter(Boolean).map(Number);
  } catch {
    // no children
  }
  return [pid, ...kids.flatMap(tree)];
}
const postgresPids = () =>
  execSync("ps -eo pid,comm").toString().split("\n").slice(1).filter((l) => /postgres/.test(l)).map((l) => Number(l.trim().split(/\s+/)[0]));
const total = (pids: number[]) => pids.reduce((s, p) => s + cpuSeconds(p), 0);

async function main() {
  const db = await createDatabase("qd_cpu");
  const inWeb = process.env.CPU_WORKERS_IN_WEB === "1";
  const app = await startApp({ port: PORT, databaseUrl: db.url, workers: inWeb });
  const worker = inWeb
    ? null
    : startWorker(db.url);
  const keys = currentCallbackKeys().wecom;
  let n = 0;
  const make = (count: number) =>
    ROUTE === "health"
      ? Array.from({ length: count }, () => ({ method: "GET" as const, pathAndQuery: "/api/health", headers: {} }))
      : Array.from({ length: count }, () => wecomSignedPost(keys, wecomTextMessage(keys.corpId, `user${n % 500}`, `cpu${n++}`, `消息 ${n}`)));
  const agent = makeAgent(64);
  try {
    await closedLoop(agent, app.url, make(1000), 64); // warm-up
    await new Promise((r) => setTimeout(r, 3000)); // let the worker drain the warm-up
    const reqs = make(RATE * SECONDS);
    const appPids = tree(app.child.pid!);
    const workerPids = worker ? tree(worker.pid!) : [];
    const before = { app: total(appPids), worker: total(workerPids), pg: total(postgresPids()), me: process.cpuUsage() };
    const r = await openLoop(agent, app.url, reqs, RATE);
    await new Promise((res) => setTimeout(res, 2000)); // the worker's share of the last events
    const after = { app: total(appPids), worker: total(workerPids), pg: total(postgresPids()), me: process.cpuUsage(before.me) };
    const perReq = (s: number) => ((s * 1000) / reqs.length).toFixed(2);
    const lat = r.results.map((x) => x.ms);
    console.log(`${ROUTE} at ${RATE}/s for ${SECONDS} s: p50 ${pct(lat, 50).toFixed(1)} ms, p99 ${pct(lat, 99).toFixed(1)} ms`);
    console.log(
      `CPU ms per request: app ${perReq(after.app - before.app)}  worker ${perReq(after.worker - before.worker)}  ` +
        `postgres ${perReq(after.pg - before.pg)}  load generator ${perReq((after.me.user + after.me.system) / 1e6)}`,
    );
  } finally {
    agent.destroy();
    worker?.kill("SIGTERM");
    await app.stop();
    await db.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
