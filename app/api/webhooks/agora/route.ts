// Agora NCS (meeting-webhooks.md §4): Agora-Signature-V2 = HMAC-SHA256 of the raw body; → inbox → 200 JSON.
import { readRawBody, requireContentType, runCallback } from "@/lib/ingest/http";
import { persistVerified } from "@/lib/ingest/receive";
import { verifyAgoraPost } from "@/lib/ingest/verify";
import { meetingWebhookConfig } from "@/lib/vendors/config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return runCallback("agora", async (outcome) => {
    requireContentType(req, "json");
    const raw = await readRawBody(req);
    const event = verifyAgoraPost(req.headers, raw, meetingWebhookConfig().agora.ncsSecret);
    outcome(await persistVerified(event));
    return Response.json({});
  }, req);
}
