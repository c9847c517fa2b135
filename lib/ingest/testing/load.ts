// Load helpers for the crash test, the fuzzer and the benchmark: send SignedRequests over HTTP with keep-alive,
// closed-loop (N connections) or open-loop (a fixed rate), with vendor-style retries of anything that is not 2xx.
import fs from "node:fs";
import http from "node:http";
import type { SignedRequest } from "@/lib/vendors/wecom/sender";

export interface SendResult {
  status: number; // 0 = connection error
  ms: number;
}

export type Agent = http.Agent;

export function makeAgent(connections: number): Agent {
  return new http.Agent({ keepAlive: true, maxSockets: connections, keepAliveMsecs: 10_000 });
}

/** `onWire` runs when the request has a connection and is written (after any wait in the agent's queue). */
export function sendOnce(agent: Agent, base: string, r: SignedRequest, timeoutMs = 10_000, onWire?: () => void): Promise<SendResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const u = new URL(`${base}${r.pathAndQuery}`);
    const body = r.method === "POST" ? Buffer.from(r.body ?? "", "utf8") : undefined;
    const req = http.request(
      {
        agent,
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        method: r.method,
        headers: { ...r.headers, ...(body ? { "content-length": String(body.length) } : {}) },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0 }));
        res.on("error", () => resolve({ status: 0, ms: performance.now() - t0 }));
      },
    );
    if (onWire) req.once("socket", () => onWire());
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ status: 0, ms: performance.now() - t0 }));
    req.end(body);
  });
}

/** Closed loop: `connections` workers each sending the next request; returns per-request results. */
export async function closedLoop(agent: Agent, base: string, reqs: SignedRequest[], connections: number): Promise<{ results: SendResult[]; seconds: number }> {
  const results: SendResult[] = new Array(reqs.length);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (;;) {
        const i = next++;
        if (i >= reqs.length) return;
        results[i] = await sendOnce(agent, base, reqs[i]);
      }
    }),
  );
  return { results, seconds: (performance.now() - t0) / 1000 };
}

/** Open loop at `rate` per second; latency counts from the scheduled send time (no coordinated omission). */
export async function openLoop(agent: Agent, base: string, reqs: SignedRequest[], rate: number): Promise<{ results: SendResult[]; seconds: number }> {
  const t0 = performance.now();
  const results: SendResult[] = new Array(reqs.length);
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < reqs.length; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(
      sendOnce(agent, base, reqs[i]).then((r) => {
        results[i] = { status: r.status, ms: performance.now() - due };
      }),
    );
  }
  await Promise.all(inflight);
  return { results, seconds: (performance.now() - t0) / 1000 };
}

/** RSS (kB) of a process and all its descendants (next start may fork), from /proc. */
export function treeRssKb(rootPid: number): number {
  const children = new Map<number, number[]>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) total += Number(m[1]);
    } catch {
      /* gone */
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
