// The vendor simulator in its own process, over real HTTP: benches that measure our side of a vendor exchange
// (pulls, the bridge) no longer pay for the vendor's work (generating and serialising 400,000 records) on our CPU,
// and the two processes use both cores as a real deployment and a real vendor would.
//   startSimProcess("large") → { fetch, stats, resetCounts, stop }: `fetch` sends any /api/sim/* URL to the child.
// The child: `node --conditions=react-server --import tsx bench/lib/sim-process.ts <size>` (prints its port).
// BENCH_SIM_CPU_PROFILE=<dir>: the child writes V8's CPU profile of the simulated vendor there when it stops.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";

export interface SimProcess {
  fetch: typeof fetch;
  /** API call and rate-limit answer counts, as the simulator's state keeps them ("wecom:/cgi-bin/…") */
  stats(): Promise<{ calls: Record<string, number>; rateLimited: Record<string, number> }>;
  resetCounts(): Promise<void>;
  stop(): void;
}

export async function startSimProcess(size: "demo" | "large"): Promise<SimProcess> {
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_SIM_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SIM_CPU_PROFILE}`] : []), "--conditions=react-server", "--import", "tsx", path.join(path.dirname(new URL(import.meta.url).pathname), "sim-process.ts"), size], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, LOG_LEVEL: "warn" },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d: Buffer) => {
      buf += d.toString();
      const m = /listening (\d+)/.exec(buf);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`simulator process exited (${code})`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const agentFetch: typeof fetch = (input, init) => {
    const u = new URL(input instanceof Request ? input.url : String(input));
    return fetch(`${origin}${u.pathname}${u.search}`, input instanceof Request ? new Request(`${origin}${u.pathname}${u.search}`, input) : init);
  };
  return {
    fetch: agentFetch,
    stats: async () => (await (await fetch(`${origin}/__stats`)).json()) as { calls: Record<string, number>; rateLimited: Record<string, number> },
    resetCounts: async () => void (await fetch(`${origin}/__reset-counts`, { method: "POST" })),
    stop: () => void child.kill("SIGTERM"),
  };
}

async function serve(size: "demo" | "large") {
  const { resetSim, simState } = await import("@/lib/vendors/sim/state");
  const { simulatorFetch } = await import("@/lib/vendors/sim/fetch");
  resetSim(size);
  // a normal exit on stop(), so --cpu-prof (BENCH_SIM_CPU_PROFILE) gets to write its profile
  process.on("SIGTERM", () => process.exit(0));
  const server = http.createServer(async (req, res) => {
    try {
      if (req.url === "/__stats") {
        const s = simState();
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ calls: Object.fromEntries(s.calls), rateLimited: Object.fromEntries(s.rateLimited) }));
      }
      if (req.url === "/__reset-counts") {
        simState().calls.clear();
        simState().rateLimited.clear();
        return res.end("{}");
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => typeof v === "string")) as Record<string, string>;
      const r = await simulatorFetch(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: req.method === "GET" || req.method === "HEAD" ? undefined : body });
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(Buffer.from(await r.arrayBuffer()));
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as { port: number }).port}`));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) void serve((process.argv[2] as "demo" | "large") ?? "demo");
