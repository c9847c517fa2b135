// The e2e suite in shards that run at once (`npm run test:e2e` after the build): each shard is its own
// `playwright test --shard=i/N` with its own `next start` (port 3210, 3310, …: deploy-modes.spec starts servers on
// the six ports after its shard's) and its own database — a fresh PostgreSQL database beside DATABASE_URL's for
// shards after the first, or its own PGlite directory when DATABASE_URL is unset — so shards never see each other's
// data. Tests that time the app (tagged @solo: latency bounds) run afterwards on their own, on an otherwise idle
// machine. The default is ONE run (E2E_SHARDS=1): tried on the 2-core CI machine (2026-12-06), two shards with their
// servers, browsers and deploy-modes' five extra servers drove the load average to 16 and real-clock tests timed
// out; E2E_SHARDS=2 is for a machine with more cores. With arguments (a spec path, --grep …) it is one run of those,
// passed to playwright. Exit code: the first failing run's.
import { spawn } from "node:child_process";
import pg from "pg";

const args = process.argv.slice(2);
const shards = args.length ? 1 : Math.max(1, Number(process.env.E2E_SHARDS ?? 1));
const basePort = Number(process.env.E2E_PORT ?? 3210);

async function databaseFor(i) {
  const url = process.env.DATABASE_URL;
  if (!url || i === 1) return url;
  const u = new URL(url);
  const name = `${u.pathname.slice(1)}_s${i}`.replace(/[^a-zA-Z0-9_]/g, "_");
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  u.pathname = `/${name}`;
  return u.toString();
}

async function dropDatabase(url) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function run(i, env, extra) {
  return new Promise((resolve) => {
    const argv = ["playwright", "test", ...extra, ...args];
    const child = spawn("npx", argv, { env, stdio: shards > 1 ? ["ignore", "pipe", "pipe"] : "inherit" });
    if (shards > 1) {
      // Each line says which shard printed it; a line is written whole, so shards interleave by line.
      for (const stream of [child.stdout, child.stderr]) {
        let rest = "";
        stream.on("data", (chunk) => {
          const lines = (rest + chunk.toString()).split("\n");
          rest = lines.pop() ?? "";
          for (const line of lines) process.stdout.write(`[${i}/${shards}] ${line}\n`);
        });
        stream.on("end", () => rest && process.stdout.write(`[${i}/${shards}] ${rest}\n`));
      }
    }
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const started = Date.now();
const urls = [];
for (let i = 1; i <= shards; i++) urls.push(await databaseFor(i));
const codes = await Promise.all(
  urls.map((url, k) => {
    const i = k + 1;
    const env = { ...process.env, E2E_PORT: String(basePort + (i - 1) * 100) };
    if (shards > 1) env.E2E_OUTPUT_DIR = `test-results/shard-${i}`;
    if (url) env.DATABASE_URL = url;
    return run(i, env, shards > 1 ? [`--shard=${i}/${shards}`, "--grep-invert", "@solo"] : []);
  }),
);
for (let k = 1; k < urls.length; k++) if (urls[k]) await dropDatabase(urls[k]).catch(() => undefined);
const sharded = Math.round((Date.now() - started) / 1000);
if (shards > 1) {
  // The timing tests, alone: the first shard's database again (a fresh server; their specs make their own data).
  console.log("e2e: the tests that time the app (@solo), on their own");
  codes.push(await run(1, { ...process.env, E2E_PORT: String(basePort), E2E_OUTPUT_DIR: "test-results/solo" }, ["--grep", "@solo"]));
}
console.log(`e2e: ${shards} shard(s) in ${sharded} s, then ${Math.round((Date.now() - started) / 1000) - sharded} s alone; exit codes ${codes.join(", ")}`);
process.exit(codes.find((c) => c !== 0) ?? 0);
