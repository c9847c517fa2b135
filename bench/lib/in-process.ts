// For benches that run the app's server code in their own process (no app server): the react-server condition, so
// "server-only" imports resolve as they do in the app, and positive integer arguments.
import { spawnSync } from "node:child_process";

/** Runs this script again under `--conditions=react-server` unless it already is, and exits with its status. */
export function underReactServer(): void {
  if (process.execArgv.join(" ").includes("react-server") || (process.env.NODE_OPTIONS ?? "").includes("react-server")) return;
  const r = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit", env: process.env });
  process.exit(r.status ?? 1);
}

/** `--name <n>`: a positive integer, or the fallback when absent. */
export function intArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = Number(i >= 0 ? process.argv[i + 1] : fallback);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
}
