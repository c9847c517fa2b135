// Shared plumbing for the simulator's vendor endpoints: the simulator-mode gate, fault injection, JSON answers.
import { dingtalkSimulated, wecomSimulated } from "@/lib/env";
import { takeFault, type SimFault, type SimVendor } from "./state";

export function simulatorActive(vendor: SimVendor | "any"): boolean {
  if (vendor === "wecom") return wecomSimulated();
  if (vendor === "dingtalk") return dingtalkSimulated();
  return wecomSimulated() || dingtalkSimulated();
}

export const notFoundResponse = () => new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/**
 * Apply an injected fault for this call. Returns a Response for 5xx/timeout, the fault itself for the
 * vendor-specific kinds (expired token, rate limit) that the caller answers in the vendor's own shape, or null.
 */
export async function applyFault(
  vendor: SimVendor,
  api: string,
  req: Request,
): Promise<{ response: Response } | { fault: SimFault } | null> {
  const f = takeFault(vendor, api);
  if (!f) return null;
  if (f.kind === "5xx") {
    return { response: new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", { status: 502, headers: { "content-type": "text/html" } }) };
  }
  if (f.kind === "timeout") {
    await sleep(f.delayMs ?? 30_000, req.signal);
    return { response: new Response("<html><body><h1>504 Gateway Time-out</h1></body></html>", { status: 504, headers: { "content-type": "text/html" } }) };
  }
  return { fault: f };
}

export async function readJson(req: Request): Promise<Record<string, unknown>> {
  try {
    const text = await req.text();
    if (!text) return {};
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
