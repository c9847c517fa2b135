// Bench/test harness: a fresh PostgreSQL database and the built app (`next start`) on a port.
// Requires a prior `next build` (NEXT_DIST_DIR selects the build directory).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Client } from "pg";

export const PG_BASE = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function createDatabase(prefix = "qd_bench"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = new Client({ connectionString: PG_BASE });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(PG_BASE);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const a = new Client({ connectionString: PG_BASE });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL (crash) and wait for exit. */
  kill(): Promise<void>;
}

export async function startApp(opts: {
  port: number;
  databaseUrl?: string;
  env?: Record<string, string>;
  workers?: boolean;
  script?: string[]; // default: next start
  waitForHealth?: boolean;
}): Promise<AppProcess> {
  const url = `http://localhost:${opts.port}`;
  const cmd = opts.script ?? ["node_modules/.bin/next", "start", "-p", String(opts.port)];
  const child = spawn(cmd[0], cmd.slice(1), {
    env: {
      ...process.env,
      PORT: String(opts.port),
      APP_URL: url,
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
      ...(opts.workers === false ? { WORKERS_IN_WEB: "0" } : {}),
      ...opts.env,
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: false,
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const app: AppProcess = {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  if (opts.waitForHealth !== false) await waitForHealth(url, 120_000, child);
  return app;
}

export async function waitForHealth(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`app exited with ${child.exitCode} before it was healthy`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms`);
}

/** Percentile of a sorted-or-not array of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * A separate inbox/outbox worker (`npm run worker`) on `databaseUrl`. lib/jobs/worker-main.ts runs outside Next,
 * so modules marked `import "server-only"` need the react-server condition.
 */
export function startWorker(databaseUrl: string): ChildProcess {
  return spawn("node_modules/.bin/tsx", ["lib/jobs/worker-main.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", NODE_OPTIONS: "--conditions=react-server" },
    stdio: ["ignore", "inherit", "inherit"],
  });
}
