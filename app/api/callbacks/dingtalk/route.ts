// DingTalk HTTP push (dingtalk.md §4): {"encrypt"} + msg_signature|signature, timestamp|timeStamp, nonce →
// inbox → the encrypted "success" JSON (only after the row is committed). Receive id = AppKey or CorpId.
import { readRawBody, requireContentType, requireVendorEnabled, runCallback } from "@/lib/ingest/http";
import { persistVerified } from "@/lib/ingest/receive";
import { verifyDingtalkPost } from "@/lib/ingest/verify";
import { dingtalkConfig } from "@/lib/vendors/config";
import { dingtalkSuccessReply } from "@/lib/vendors/dingtalk/crypto";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request) {
  return runCallback("dingtalk", async (outcome) => {
    requireVendorEnabled("dingtalk");
    requireContentType(req, "json");
    const raw = await readRawBody(req);
    const c = dingtalkConfig();
    const { event, ownerKey } = verifyDingtalkPost(new URL(req.url).searchParams, raw, {
      token: c.callbackToken,
      aesKey: c.aesKey,
      clientId: c.clientId,
      corpId: c.corpId,
    });
    outcome(await persistVerified(event));
    return Response.json(dingtalkSuccessReply(c.callbackToken!, c.aesKey!, ownerKey), { headers: { "cache-control": "no-store" } });
  }, req);
}
