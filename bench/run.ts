// `npm run bench`: builds the app once, then runs every benchmark in bench/*.ts (each prints its own numbers)
// against `next start` + the local PostgreSQL. Pass names to run a subset: `npm run bench -- ingest outbox`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

const distDir = process.env.NEXT_DIST_DIR ?? ".next-bench";
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_DIST_DIR: distDir, NODE_ENV: "production" };
if (process.env.BENCH_SKIP_BUILD !== "1") {
  console.log(`building the app into ${distDir} …`);
  const b = spawnSync("node_modules/.bin/next", ["build"], { stdio: ["ignore", "ignore", "inherit"], env });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const name of benches) {
  console.log(`\n=== bench/${name}.ts ===`);
  const t0 = Date.now();
  const r = spawnSync("node_modules/.bin/tsx", [path.join("bench", `${name}.ts`)], { stdio: "inherit", env });
  results.push({ name, ok: r.status === 0, seconds: (Date.now() - t0) / 1000 });
}
console.log("\n=== summary ===");
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(16)} ${r.seconds.toFixed(1)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
