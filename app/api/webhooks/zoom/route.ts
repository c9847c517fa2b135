// Zoom webhooks (meeting-webhooks.md §3): x-zm-signature over "v0:{ts}:{raw body}"; endpoint.url_validation
// answered with {plainToken, encryptedToken}; events → inbox → 200 (within Zoom's 3 s).
import { readRawBody, requireContentType, runCallback } from "@/lib/ingest/http";
import { persistVerified } from "@/lib/ingest/receive";
import { verifyZoomPost } from "@/lib/ingest/verify";
import { meetingWebhookConfig } from "@/lib/vendors/config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return runCallback("zoom", async (outcome) => {
    requireContentType(req, "json");
    const raw = await readRawBody(req);
    const r = verifyZoomPost(req.headers, raw, meetingWebhookConfig().zoom.webhookSecret);
    if (r.kind === "validation") return Response.json(r.reply, { headers: { "cache-control": "no-store" } });
    outcome(await persistVerified(r.event));
    return Response.json({ received: true });
  }, req);
}
