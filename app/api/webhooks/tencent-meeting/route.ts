// Tencent Meeting webhooks (tencent-meeting.md §1): GET check_str (URL verification and heartbeat) → plaintext;
// POST {"data"} → inbox → 200 "successfully received callback". Headers timestamp, nonce, signature.
import { readRawBody, requireContentType, runCallback } from "@/lib/ingest/http";
import { persistVerified } from "@/lib/ingest/receive";
import { verifyTencentMeetingCheck, verifyTencentMeetingPost } from "@/lib/ingest/verify";
import { meetingWebhookConfig } from "@/lib/vendors/config";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  return runCallback("tencent_meeting", async () => {
    const plain = verifyTencentMeetingCheck(new URL(req.url).searchParams, req.headers, meetingWebhookConfig().tencentMeeting);
    return new Response(plain, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }, req);
}

export async function POST(req: Request) {
  return runCallback("tencent_meeting", async (outcome) => {
    requireContentType(req, "json");
    const raw = await readRawBody(req);
    const event = verifyTencentMeetingPost(req.headers, raw, meetingWebhookConfig().tencentMeeting);
    outcome(await persistVerified(event));
    return new Response("successfully received callback", { headers: { "content-type": "text/plain; charset=utf-8" } });
  }, req);
}
