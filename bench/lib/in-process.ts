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

/**
 * Profiles of the measured part only (not a bench's setup), when asked for: BENCH_CPU_PROFILE=<file> writes V8's CPU
 * profile, BENCH_HEAP_PROFILE=<file> the sampling heap profile with garbage included (where it allocates). Both open
 * in Chrome DevTools. `stop()` writes them; without either variable it does nothing.
 */
export async function profileIfAsked(): Promise<{ stop(): Promise<void> }> {
  const cpu = process.env.BENCH_CPU_PROFILE;
  const heap = process.env.BENCH_HEAP_PROFILE;
  if (!cpu && !heap) return { async stop() {} };
  const { Session } = await import("node:inspector/promises");
  const { writeFile } = await import("node:fs/promises");
  const session = new Session();
  session.connect();
  if (cpu) {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
  }
  if (heap) {
    await session.post("HeapProfiler.enable");
    // The two include flags are in V8's protocol but not yet in Node 20's typings.
    await session.post("HeapProfiler.startSampling", { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  }
  return {
    async stop() {
      if (cpu) await writeFile(cpu, JSON.stringify((await session.post("Profiler.stop")).profile));
      if (heap) await writeFile(heap, JSON.stringify((await session.post("HeapProfiler.stopSampling")).profile));
      session.disconnect();
    },
  };
}
