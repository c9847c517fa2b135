// Sends Agora NCS notifications signed as NCS does (both V1 and V2 headers).
import { randomInt } from "node:crypto";
import type { SignedRequest } from "../wecom/sender";
import { agoraSignatureV1, agoraSignatureV2 } from "./crypto";

export function agoraSignedPost(secret: string, body: Record<string, unknown> | string): SignedRequest {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return {
    method: "POST",
    pathAndQuery: "/api/webhooks/agora",
    headers: {
      "content-type": "application/json",
      "agora-signature": agoraSignatureV1(secret, raw),
      "agora-signature-v2": agoraSignatureV2(secret, raw),
    },
    body: raw,
  };
}

export function agoraJoinEvent(channelName: string, uid: number, kind: "join" | "leave" = "join", noticeId?: string) {
  const eventType = kind === "join" ? 107 : 108;
  return {
    noticeId: noticeId ?? `${randomInt(1e9)}:${randomInt(1e4)}:${eventType}`,
    productId: 1,
    eventType,
    notifyMs: Date.now(),
    payload: { channelName, uid, platform: 7, clientSeq: Date.now(), ts: Math.floor(Date.now() / 1000), ...(kind === "leave" ? { reason: 1, duration: 60 } : {}) },
  };
}
