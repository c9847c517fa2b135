// Shared plumbing for the simulator's vendor endpoints: the simulator-mode gate, fault injection, JSON answers.
import { randomUUID } from "node:crypto";
import { simulatorEnabled, vendorMode } from "@/lib/env";
import { takeFault, type SimFault, type SimVendor } from "./state";

/**
 * The simulator's own gate, checked by every /sim page and /api/sim handler (the proxy checks it too): "any" is
 * the simulator as a whole (demo or SIMULATOR=on); a vendor's endpoints also need that vendor to be simulated.
 */
export function simulatorActive(vendor: SimVendor | "any"): boolean {
  if (!simulatorEnabled()) return false;
  return vendor === "any" || vendorMode(vendor) === "simulated";
}

export const notFoundResponse = () => new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });

export function json(body: unknown, status = 200): Response {
  // bytes, not a string: undici checks a string body for lone surrogates character by character (toUSVString), which
  // cost the simulator seconds on a month's check-in answers
  return new Response(Buffer.from(JSON.stringify(body)), { status, headers: { "content-type": "application/json; charset=utf-8" } });
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
  opts: { deliverThenStall?: boolean } = {},
): Promise<{ response: Response } | { fault: SimFault } | null> {
  const f = takeFault(vendor, api);
  if (!f) return null;
  // message sends: the vendor takes the message, then the answer is lost (the case a blind resend duplicates)
  if (f.kind === "timeout" && opts.deliverThenStall) return { fault: f };
  if (f.kind === "5xx") {
    return { response: new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", { status: 502, headers: { "content-type": "text/html" } }) };
  }
  if (f.kind === "ip_ban") {
    // DingTalk's per-IP ban: no errcode at all (how-to-process-api-throttling-on-the-dingtalk-server)
    return { response: json({ status: 1111, wait: 5, source: "x5", punish: "deny", uuid: randomUUID() }) };
  }
  if (f.kind === "html") {
    return { response: new Response("<!DOCTYPE html><html><head><title>访问受限</title></head><body><h1>访问受限</h1><p>请稍后再试</p></body></html>", { status: 200, headers: { "content-type": "text/html; charset=utf-8" } }) };
  }
  if (f.kind === "empty_body") return { response: new Response("", { status: 200, headers: { "content-type": "application/json" } }) };
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

/** The lost answer of a timeout fault applied after the work was done (see applyFault's deliverThenStall). */
export async function stalled(f: SimFault, req: Request): Promise<Response> {
  await sleep(f.delayMs ?? 30_000, req.signal);
  return new Response("<html><body><h1>504 Gateway Time-out</h1></body></html>", { status: 504, headers: { "content-type": "text/html" } });
}
