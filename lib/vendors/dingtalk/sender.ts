// Sends DingTalk HTTP-push callbacks signed and encrypted exactly as DingTalk does (simulator, tests, fuzz, load).
import { randomBytes } from "node:crypto";
import type { SignedRequest } from "../wecom/sender";
import { dingtalkDecrypt, dingtalkEncrypt, dingtalkSignature, verifyDingtalkSignature } from "./crypto";

export interface DingtalkCallbackKeys {
  token: string;
  aesKey: string;
  ownerKey: string; // AppKey (ClientID) for an app subscription, CorpId for the legacy register_call_back
}

export function dingtalkSignedPost(
  keys: DingtalkCallbackKeys,
  event: Record<string, unknown> | string,
  opts: { timestamp?: string; nonce?: string; legacyParamNames?: boolean; path?: string } = {},
): SignedRequest {
  const timestamp = opts.timestamp ?? String(Date.now());
  const nonce = opts.nonce ?? randomBytes(4).toString("hex");
  const plain = typeof event === "string" ? event : JSON.stringify(event);
  const encrypt = dingtalkEncrypt(keys.aesKey, plain, keys.ownerKey);
  const sig = dingtalkSignature(keys.token, timestamp, nonce, encrypt);
  const q = opts.legacyParamNames
    ? new URLSearchParams({ signature: sig, timeStamp: timestamp, nonce })
    : new URLSearchParams({ msg_signature: sig, timestamp, nonce });
  return {
    method: "POST",
    pathAndQuery: `${opts.path ?? "/api/callbacks/dingtalk"}?${q}`,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ encrypt }),
  };
}

/** What DingTalk does with our reply: verify it and check that it decrypts to "success". */
export function dingtalkReplyIsSuccess(keys: DingtalkCallbackKeys, reply: unknown): boolean {
  if (!reply || typeof reply !== "object") return false;
  const r = reply as Record<string, unknown>;
  if (typeof r.encrypt !== "string" || typeof r.msg_signature !== "string") return false;
  if (!verifyDingtalkSignature(keys.token, String(r.timeStamp), String(r.nonce), r.encrypt, r.msg_signature)) return false;
  try {
    return dingtalkDecrypt(keys.aesKey, r.encrypt, [keys.ownerKey]).message === "success";
  } catch {
    return false;
  }
}

export function dingtalkUserEvent(eventType: "user_add_org" | "user_leave_org" | "user_modify_org", corpId: string, userIds: string[], eventId?: string) {
  return { EventType: eventType, TimeStamp: String(Date.now()), UserId: userIds, CorpId: corpId, ...(eventId ? { eventId } : {}) };
}
