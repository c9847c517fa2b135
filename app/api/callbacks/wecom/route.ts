// WeCom callbacks (wecom.md §3): GET URL verification → decrypted echostr as text/plain; POST encrypted XML
// event → inbox → HTTP 200 with an empty body (only after the row is committed).
import { readRawBody, requireContentType, requireVendorEnabled, runCallback } from "@/lib/ingest/http";
import { persistVerified } from "@/lib/ingest/receive";
import { verifyWecomEcho, verifyWecomPost } from "@/lib/ingest/verify";
import { wecomConfig } from "@/lib/vendors/config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function keys() {
  const c = wecomConfig();
  return { token: c.callbackToken, aesKey: c.aesKey, corpId: c.corpId };
}

export async function GET(req: Request) {
  return runCallback("wecom", async () => {
    requireVendorEnabled("wecom");
    const echo = verifyWecomEcho(new URL(req.url).searchParams, keys());
    return new Response(echo, { status: 200, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }, req);
}

export async function POST(req: Request) {
  return runCallback("wecom", async (outcome) => {
    requireVendorEnabled("wecom");
    requireContentType(req, "xml");
    const raw = await readRawBody(req);
    const event = verifyWecomPost(new URL(req.url).searchParams, raw, keys());
    outcome(await persistVerified(event));
    return new Response(null, { status: 200 });
  }, req);
}
