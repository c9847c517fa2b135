// Verify → decrypt → parse for every vendor, as pure functions of (query, headers, raw body, keys).
// No database here: the callback routes, the Stream client and the plain-Node reference server (bench) share them.
// Every failure throws CallbackRejected (4xx with a reason); nothing is written before these return.
import { createHash } from "node:crypto";
import { agoraEnvelope } from "@/lib/vendors/agora/events";
import { verifyAgoraSignature } from "@/lib/vendors/agora/crypto";
import { DingtalkCryptoFailure, dingtalkDecrypt, verifyDingtalkSignature } from "@/lib/vendors/dingtalk/crypto";
import { TencentMeetingCryptoFailure, tencentMeetingDecode, verifyTencentMeetingSignature } from "@/lib/vendors/tencent-meeting/crypto";
import { tencentMeetingEnvelope } from "@/lib/vendors/tencent-meeting/events";
import { verifyWecomSignature, WecomCryptoFailure, wecomDecrypt } from "@/lib/vendors/wecom/crypto";
import { parseVendorXml, XmlRejected } from "@/lib/vendors/xml";
import { zoomDedupeKey, zoomEnvelope } from "@/lib/vendors/zoom/events";
import { verifyZoomSignature, zoomUrlValidation } from "@/lib/vendors/zoom/crypto";
import { CallbackRejected, checkTimestamp, requiredParam } from "./http";
import type { VerifiedEvent } from "./store";

type HeaderGetter = { get(name: string): string | null };

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function cryptoReject(e: unknown): never {
  if (e instanceof WecomCryptoFailure || e instanceof DingtalkCryptoFailure || e instanceof TencentMeetingCryptoFailure) {
    const status = e.reason === "receive_id_mismatch" ? 403 : 400;
    throw new CallbackRejected(status, e.reason === "bad_aes_key" ? "server AES key misconfigured" : e.reason);
  }
  throw e;
}

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new CallbackRejected(400, `${what} is not valid JSON`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new CallbackRejected(400, `${what} is not a JSON object`);
  return v as Record<string, unknown>;
}

function notConfigured(what: string): never {
  // The operator has not configured this vendor: the request cannot be verified, so it is refused (never stored).
  throw new CallbackRejected(403, `${what} callbacks are not configured on this server`);
}

// ───────────────────────────── WeCom ─────────────────────────────

export interface WecomKeys {
  token?: string;
  aesKey?: string;
  corpId: string;
}

export function verifyWecomEcho(q: URLSearchParams, k: WecomKeys): string {
  if (!k.token || !k.aesKey) notConfigured("WeCom");
  const sig = requiredParam(q.get("msg_signature"), "msg_signature", 64);
  const ts = requiredParam(q.get("timestamp"), "timestamp", 20);
  const nonce = requiredParam(q.get("nonce"), "nonce", 128);
  const echostr = requiredParam(q.get("echostr"), "echostr", 4096);
  checkTimestamp(ts);
  if (!verifyWecomSignature(k.token, ts, nonce, echostr, sig)) throw new CallbackRejected(401, "bad_signature");
  try {
    return wecomDecrypt(k.aesKey, echostr, k.corpId).message;
  } catch (e) {
    cryptoReject(e);
  }
}

const WECOM_ID_FIELDS = ["UserID", "NewUserID", "Id", "TagId", "MeetingId", "SpNo", "StatuChangeEvent", "ChangeType", "AgentID"];

function flat(v: unknown): string {
  return typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v);
}

export function wecomEventType(p: Record<string, unknown>): string {
  const msgType = flat(p.MsgType);
  if (msgType === "event") {
    const ev = flat(p.Event) || "unknown";
    return p.ChangeType ? `${ev}.${flat(p.ChangeType)}` : ev;
  }
  return `msg.${msgType || "unknown"}`;
}

/** MsgId for messages; FromUserName + CreateTime + Event + the event's own ids for events (issue 4). */
export function wecomDedupeKey(p: Record<string, unknown>): string {
  if (p.MsgId !== undefined && flat(p.MsgId) !== "") return `msg:${flat(p.MsgId)}`;
  const approval = (p.ApprovalInfo ?? {}) as Record<string, unknown>;
  const ids = WECOM_ID_FIELDS.map((f) => (p[f] !== undefined ? `${f}=${flat(p[f])}` : ""))
    .concat(approval.SpNo !== undefined ? [`SpNo=${flat(approval.SpNo)}`, `Ev=${flat(approval.StatuChangeEvent)}`] : [])
    .filter(Boolean);
  return `ev:${flat(p.FromUserName)}|${flat(p.CreateTime)}|${flat(p.Event)}|${ids.join("|")}`;
}

export function verifyWecomPost(q: URLSearchParams, raw: string, k: WecomKeys): VerifiedEvent {
  if (!k.token || !k.aesKey) notConfigured("WeCom");
  const sig = requiredParam(q.get("msg_signature"), "msg_signature", 64);
  const ts = requiredParam(q.get("timestamp"), "timestamp", 20);
  const nonce = requiredParam(q.get("nonce"), "nonce", 128);
  checkTimestamp(ts);
  if (raw.length === 0) throw new CallbackRejected(400, "empty body");
  let outer: Record<string, unknown>;
  try {
    outer = parseVendorXml(raw);
  } catch (e) {
    if (e instanceof XmlRejected) throw new CallbackRejected(400, e.message);
    throw e;
  }
  const encrypt = outer.Encrypt;
  if (typeof encrypt !== "string" || encrypt === "") throw new CallbackRejected(400, "missing <Encrypt>");
  // Only Encrypt is signed (wecom.md §3.2): verify it before looking at anything decrypted.
  if (!verifyWecomSignature(k.token, ts, nonce, encrypt, sig)) throw new CallbackRejected(401, "bad_signature");
  let message: string;
  try {
    message = wecomDecrypt(k.aesKey, encrypt, k.corpId).message;
  } catch (e) {
    cryptoReject(e);
  }
  let payload: Record<string, unknown>;
  try {
    payload = parseVendorXml(message);
  } catch (e) {
    if (e instanceof XmlRejected) throw new CallbackRejected(400, `decrypted ${e.message}`);
    throw e;
  }
  if (typeof payload.MsgType !== "string") throw new CallbackRejected(400, "decrypted XML has no MsgType");
  return { source: "wecom", eventType: wecomEventType(payload), dedupeKey: wecomDedupeKey(payload), raw, payload };
}

// ───────────────────────────── DingTalk ─────────────────────────────

export interface DingtalkKeys {
  token?: string;
  aesKey?: string;
  clientId: string; // AppKey
  corpId: string;
}

function pick(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (o[n] !== undefined) return o[n];
  return undefined;
}

/** eventId (any casing, or BizId) when present, else a hash of the decrypted body (issue 4). */
export function dingtalkDedupeKey(payload: Record<string, unknown>, plaintext: string, headerEventId?: string): string {
  const id = headerEventId ?? pick(payload, "eventId", "EventId", "event_id");
  if (typeof id === "string" && id !== "") return `event:${id}`;
  return `sha256:${sha256(plaintext)}`;
}

export function dingtalkEventType(payload: Record<string, unknown>): string {
  const t = pick(payload, "EventType", "eventType");
  return typeof t === "string" && t !== "" ? t : "unknown";
}

export function verifyDingtalkPost(q: URLSearchParams, raw: string, k: DingtalkKeys): { event: VerifiedEvent; ownerKey: string } {
  if (!k.token || !k.aesKey) notConfigured("DingTalk");
  const sig = requiredParam(q.get("msg_signature") ?? q.get("signature"), "msg_signature", 64);
  const ts = requiredParam(q.get("timestamp") ?? q.get("timeStamp"), "timestamp", 20);
  const nonce = requiredParam(q.get("nonce"), "nonce", 128);
  checkTimestamp(ts);
  const body = parseJsonObject(raw, "body");
  const encrypt = body.encrypt;
  if (typeof encrypt !== "string" || encrypt === "") throw new CallbackRejected(400, 'missing "encrypt"');
  if (!verifyDingtalkSignature(k.token, ts, nonce, encrypt, sig)) throw new CallbackRejected(401, "bad_signature");
  let out: { message: string; ownerKey: string };
  try {
    out = dingtalkDecrypt(k.aesKey, encrypt, [k.clientId, k.corpId]);
  } catch (e) {
    cryptoReject(e);
  }
  const payload = parseJsonObject(out.message, "decrypted event");
  return {
    event: { source: "dingtalk", eventType: dingtalkEventType(payload), dedupeKey: dingtalkDedupeKey(payload, out.message), raw, payload },
    ownerKey: out.ownerKey,
  };
}

// ───────────────────────────── Tencent Meeting ─────────────────────────────

export interface TencentMeetingKeys {
  token?: string;
  aesKey?: string;
}

function tencentHeaders(h: HeaderGetter) {
  const ts = requiredParam(h.get("timestamp"), "timestamp header", 20);
  const nonce = requiredParam(h.get("nonce"), "nonce header", 128);
  const sig = requiredParam(h.get("signature"), "signature header", 64);
  checkTimestamp(ts);
  return { ts, nonce, sig };
}

export function verifyTencentMeetingCheck(q: URLSearchParams, h: HeaderGetter, k: TencentMeetingKeys): string {
  if (!k.token) notConfigured("Tencent Meeting");
  const checkStr = requiredParam(q.get("check_str"), "check_str", 4096);
  const { ts, nonce, sig } = tencentHeaders(h);
  if (!verifyTencentMeetingSignature(k.token, ts, nonce, checkStr, sig)) throw new CallbackRejected(401, "bad_signature");
  try {
    return tencentMeetingDecode(checkStr, k.aesKey);
  } catch (e) {
    cryptoReject(e);
  }
}

export function verifyTencentMeetingPost(h: HeaderGetter, raw: string, k: TencentMeetingKeys): VerifiedEvent {
  if (!k.token) notConfigured("Tencent Meeting");
  const { ts, nonce, sig } = tencentHeaders(h);
  const body = parseJsonObject(raw, "body");
  if (typeof body.data !== "string" || body.data === "") throw new CallbackRejected(400, 'missing "data"');
  if (!verifyTencentMeetingSignature(k.token, ts, nonce, body.data, sig)) throw new CallbackRejected(401, "bad_signature");
  let plain: string;
  try {
    plain = tencentMeetingDecode(body.data, k.aesKey);
  } catch (e) {
    cryptoReject(e);
  }
  const payload = parseJsonObject(plain, "decoded data");
  const env = tencentMeetingEnvelope.safeParse(payload);
  if (!env.success) throw new CallbackRejected(400, "decoded data has no event name");
  const id = env.data.trace_id ?? (env.data.unique_sequence !== undefined ? String(env.data.unique_sequence) : undefined);
  return {
    source: "tencent_meeting",
    eventType: env.data.event,
    dedupeKey: id ? `trace:${id}` : `sha256:${sha256(plain)}`,
    raw,
    payload,
  };
}

// ───────────────────────────── Zoom ─────────────────────────────

export type ZoomResult = { kind: "validation"; reply: { plainToken: string; encryptedToken: string } } | { kind: "event"; event: VerifiedEvent };

export function verifyZoomPost(h: HeaderGetter, raw: string, secret: string | undefined): ZoomResult {
  if (!secret) notConfigured("Zoom");
  const ts = requiredParam(h.get("x-zm-request-timestamp"), "x-zm-request-timestamp header", 20);
  const sig = requiredParam(h.get("x-zm-signature"), "x-zm-signature header", 80);
  checkTimestamp(ts);
  if (!verifyZoomSignature(secret, ts, raw, sig)) throw new CallbackRejected(401, "bad_signature");
  const payload = parseJsonObject(raw, "body");
  const env = zoomEnvelope.safeParse(payload);
  if (!env.success) throw new CallbackRejected(400, "body has no event name");
  if (env.data.event === "endpoint.url_validation") {
    const plainToken = (env.data.payload as Record<string, unknown> | undefined)?.plainToken;
    if (typeof plainToken !== "string" || plainToken === "" || plainToken.length > 512) throw new CallbackRejected(400, "missing payload.plainToken");
    return { kind: "validation", reply: zoomUrlValidation(secret, plainToken) };
  }
  return { kind: "event", event: { source: "zoom", eventType: env.data.event, dedupeKey: zoomDedupeKey(env.data), raw, payload } };
}

// ───────────────────────────── Agora ─────────────────────────────

export function verifyAgoraPost(h: HeaderGetter, raw: string, secret: string | undefined): VerifiedEvent {
  if (!secret) notConfigured("Agora");
  const v2 = h.get("agora-signature-v2");
  const v1 = h.get("agora-signature");
  if (!v2 && !v1) throw new CallbackRejected(401, "missing Agora-Signature-V2 header");
  if (!verifyAgoraSignature(secret, raw, v2, v1)) throw new CallbackRejected(401, "bad_signature");
  const payload = parseJsonObject(raw, "body");
  const env = agoraEnvelope.safeParse(payload);
  if (!env.success) throw new CallbackRejected(400, "body is not an NCS notification (noticeId, productId, eventType)");
  // NCS has no timestamp header; notifyMs (signed, refreshed on every resend) is the replay-window input.
  if (env.data.notifyMs !== undefined) checkTimestamp(String(Math.trunc(env.data.notifyMs)));
  return { source: "agora", eventType: `${env.data.productId}.${env.data.eventType}`, dedupeKey: `notice:${env.data.noticeId}`, raw, payload };
}
