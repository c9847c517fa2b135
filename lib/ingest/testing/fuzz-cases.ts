// Malformed callback requests for the fuzzer (scripts/fuzz-callbacks.ts, ~5,000+) and its CI-sized twin
// (lib/ingest/fuzz.test.ts, ~500). Every case is built from a correctly signed request and then broken in one
// way that a correct server must refuse: mutated signatures, bodies, base64, padding, receive ids, timestamps,
// content types, oversize bodies, XML entity bombs. None of them may be stored or answered 5xx.
import { randomBytes, randomUUID } from "node:crypto";
import { agoraSignedPost } from "@/lib/vendors/agora/sender";
import { dingtalkEncrypt, dingtalkSignature } from "@/lib/vendors/dingtalk/crypto";
import { dingtalkSignedPost, dingtalkUserEvent } from "@/lib/vendors/dingtalk/sender";
import { tencentMeetingEncode, tencentMeetingSignature } from "@/lib/vendors/tencent-meeting/crypto";
import { tencentMeetingSignedCheck, tencentMeetingSignedPost, tencentParticipantEvent } from "@/lib/vendors/tencent-meeting/sender";
import { wecomEncrypt, wecomSignature } from "@/lib/vendors/wecom/crypto";
import { type SignedRequest, wecomSignedPost, wecomSignedVerify, wecomTextMessage } from "@/lib/vendors/wecom/sender";
import { zoomSignature } from "@/lib/vendors/zoom/crypto";
import { zoomParticipantEvent, zoomSignedPost } from "@/lib/vendors/zoom/sender";
import type { CallbackKeys } from "./keys";

export interface FuzzCase extends SignedRequest {
  name: string;
}

type Rng = () => number;

/** Small deterministic PRNG (mulberry32) so a failing case can be reproduced from its seed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pickOne = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function flipChar(r: Rng, s: string): string {
  if (s.length === 0) return "x";
  const i = Math.floor(r() * s.length);
  const alphabet = "abcdef0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+/=";
  let c = pickOne(r, alphabet.split(""));
  if (c === s[i]) c = c === "a" ? "b" : "a";
  return s.slice(0, i) + c + s.slice(i + 1);
}

function setQuery(pq: string, name: string, value: string | null): string {
  const [p, q = ""] = pq.split("?");
  const sp = new URLSearchParams(q);
  if (value === null) sp.delete(name);
  else sp.set(name, value);
  return `${p}?${sp}`;
}

function getQuery(pq: string, name: string): string {
  return new URLSearchParams(pq.split("?")[1] ?? "").get(name) ?? "";
}

/** Drop the base64 padding, or (when there is none) the last character: either way no longer valid base64. */
const stripPad = (s: string) => (s.endsWith("=") ? s.replace(/=+$/, "") : s.slice(0, -1));
const now = () => String(Math.floor(Date.now() / 1000));
const stale = () => String(Math.floor(Date.now() / 1000) - 3600);
const BIG = 1024 * 1024 + 17;

const ENTITY_BOMB =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
  '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><xml><Encrypt>&lol3;</Encrypt></xml>';
const XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>';

function wecomSignedRaw(k: CallbackKeys["wecom"], encrypt: string, ts = now(), extra = ""): SignedRequest {
  const nonce = String(Math.floor(Math.random() * 1e9));
  const sig = wecomSignature(k.token, ts, nonce, encrypt);
  return {
    method: "POST",
    pathAndQuery: `/api/callbacks/wecom?${new URLSearchParams({ msg_signature: sig, timestamp: ts, nonce })}`,
    headers: { "content-type": "text/xml" },
    body: `<xml><ToUserName><![CDATA[${k.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt>${extra}</xml>`,
  };
}

function wecomCases(k: CallbackKeys["wecom"], r: Rng): FuzzCase[] {
  const good = () => wecomSignedPost(k, wecomTextMessage(k.corpId, "fuzz", String(Math.floor(r() * 1e15)), "你好"));
  const enc = (msg: string, rid = k.corpId) => wecomEncrypt(k.aesKey, msg, rid, Buffer.from(randomBytes(8).toString("hex"), "latin1"));
  const plain = wecomTextMessage(k.corpId, "fuzz", String(Math.floor(r() * 1e15)), "x");
  const c: FuzzCase[] = [];
  const g1 = good();
  c.push({ ...g1, name: "wecom: mutated signature", pathAndQuery: setQuery(g1.pathAndQuery, "msg_signature", flipChar(r, getQuery(g1.pathAndQuery, "msg_signature"))) });
  const g2 = good();
  c.push({ ...g2, name: "wecom: missing signature", pathAndQuery: setQuery(g2.pathAndQuery, "msg_signature", null) });
  const g3 = good();
  c.push({ ...g3, name: "wecom: mutated Encrypt", body: g3.body!.replace(/<Encrypt><!\[CDATA\[([^\]]+)/, (_m, s: string) => `<Encrypt><![CDATA[${flipChar(r, s)}`) });
  const g4 = good();
  c.push({ ...g4, name: "wecom: mutated timestamp", pathAndQuery: setQuery(g4.pathAndQuery, "timestamp", String(Number(getQuery(g4.pathAndQuery, "timestamp")) + 1)) });
  c.push({ ...wecomSignedRaw(k, enc(plain), stale()), name: "wecom: stale timestamp (signed)" });
  c.push({ ...wecomSignedRaw(k, enc(plain), "abc"), name: "wecom: non-numeric timestamp (signed)" });
  c.push({ ...wecomSignedRaw(k, enc(plain, "wwsomeoneelse"), now()), name: "wecom: wrong receive id (signed)" });
  c.push({ ...wecomSignedRaw(k, enc(plain, ""), now()), name: "wecom: empty receive id (signed)" });
  c.push({ ...wecomSignedRaw(k, stripPad(enc(plain)), now()), name: "wecom: base64 padding stripped (signed)" });
  c.push({ ...wecomSignedRaw(k, `${enc(plain)}==`, now()), name: "wecom: extra base64 padding (signed)" });
  c.push({ ...wecomSignedRaw(k, "!!!!notbase64****", now()), name: "wecom: not base64 (signed)" });
  c.push({ ...wecomSignedRaw(k, Buffer.from(randomBytes(64)).toString("base64"), now()), name: "wecom: random ciphertext (signed)" });
  c.push({ ...wecomSignedRaw(k, Buffer.from(randomBytes(48)).toString("base64"), now()), name: "wecom: ciphertext not a block multiple (signed)" });
  c.push({ ...wecomSignedRaw(k, enc("not xml at all"), now()), name: "wecom: decrypted non-XML (signed)" });
  c.push({ ...wecomSignedRaw(k, enc(ENTITY_BOMB), now()), name: "wecom: decrypted entity bomb (signed)" });
  c.push({ ...wecomSignedRaw(k, enc("<xml><Foo>1</Foo></xml>"), now()), name: "wecom: decrypted XML without MsgType (signed)" });
  const g5 = good();
  c.push({ ...g5, name: "wecom: entity bomb body", body: ENTITY_BOMB });
  const g6 = good();
  c.push({ ...g6, name: "wecom: XXE body", body: XXE });
  const g7 = good();
  c.push({ ...g7, name: "wecom: truncated XML", body: g7.body!.slice(0, Math.floor(g7.body!.length * r())) });
  const g8 = good();
  c.push({ ...g8, name: "wecom: JSON content type", headers: { "content-type": "application/json" } });
  const g9 = good();
  c.push({ ...g9, name: "wecom: oversize body", body: `<xml><Encrypt>${"A".repeat(BIG)}</Encrypt></xml>` });
  const g10 = good();
  c.push({ ...g10, name: "wecom: empty body", body: "" });
  const v = wecomSignedVerify(k, "1234567890");
  c.push({ ...v, name: "wecom GET: mutated echostr", pathAndQuery: setQuery(v.pathAndQuery, "echostr", flipChar(r, getQuery(v.pathAndQuery, "echostr"))) });
  const v2 = wecomSignedVerify(k, "1234567890", { timestamp: stale() });
  c.push({ ...v2, name: "wecom GET: stale timestamp" });
  return c;
}

function dingtalkSignedRaw(k: CallbackKeys["dingtalk"], body: string, encrypt: string, ts = String(Date.now()), ct = "application/json"): SignedRequest {
  const nonce = randomBytes(4).toString("hex");
  return {
    method: "POST",
    pathAndQuery: `/api/callbacks/dingtalk?${new URLSearchParams({ msg_signature: dingtalkSignature(k.token, ts, nonce, encrypt), timestamp: ts, nonce })}`,
    headers: { "content-type": ct },
    body,
  };
}

function dingtalkCases(k: CallbackKeys["dingtalk"], r: Rng): FuzzCase[] {
  const ev = () => dingtalkUserEvent("user_add_org", k.corpId, ["fuzz"], randomUUID());
  const good = () => dingtalkSignedPost(k, ev());
  const enc = (msg: string, owner = k.ownerKey) => dingtalkEncrypt(k.aesKey, msg, owner);
  const signedEnc = (encrypt: string, ts?: string) => dingtalkSignedRaw(k, JSON.stringify({ encrypt }), encrypt, ts);
  const c: FuzzCase[] = [];
  const g1 = good();
  c.push({ ...g1, name: "dingtalk: mutated signature", pathAndQuery: setQuery(g1.pathAndQuery, "msg_signature", flipChar(r, getQuery(g1.pathAndQuery, "msg_signature"))) });
  const g2 = good();
  c.push({ ...g2, name: "dingtalk: mutated encrypt", body: JSON.stringify({ encrypt: flipChar(r, JSON.parse(g2.body!).encrypt) }) });
  const g3 = good();
  c.push({ ...g3, name: "dingtalk: missing nonce", pathAndQuery: setQuery(g3.pathAndQuery, "nonce", null) });
  c.push({ ...signedEnc(enc(JSON.stringify(ev())), String(Date.now() - 3_600_000)), name: "dingtalk: stale timestamp (signed)" });
  c.push({ ...signedEnc(enc(JSON.stringify(ev()), "dingotherappkey")), name: "dingtalk: wrong receive id (signed)" });
  c.push({ ...signedEnc(stripPad(enc(JSON.stringify(ev())))), name: "dingtalk: padding stripped (signed)" });
  c.push({ ...signedEnc("%%%notbase64%%%"), name: "dingtalk: not base64 (signed)" });
  c.push({ ...signedEnc(randomBytes(96).toString("base64")), name: "dingtalk: random ciphertext (signed)" });
  c.push({ ...signedEnc(enc("not json")), name: "dingtalk: decrypted non-JSON (signed)" });
  c.push({ ...signedEnc(enc("[1,2,3]")), name: "dingtalk: decrypted array (signed)" });
  const g4 = good();
  c.push({ ...g4, name: "dingtalk: body not JSON", body: `{"encrypt":` });
  const g5 = good();
  c.push({ ...g5, name: "dingtalk: text/plain content type", headers: { "content-type": "text/plain" } });
  const g6 = good();
  c.push({ ...g6, name: "dingtalk: form content type", headers: { "content-type": "application/x-www-form-urlencoded" } });
  const g7 = good();
  c.push({ ...g7, name: "dingtalk: oversize body", body: JSON.stringify({ encrypt: "A".repeat(BIG) }) });
  const g8 = good();
  c.push({ ...g8, name: "dingtalk: encrypt not a string", body: JSON.stringify({ encrypt: 12345 }) });
  return c;
}

function tencentCases(k: CallbackKeys["tencentMeeting"], r: Rng): FuzzCase[] {
  const good = () => tencentMeetingSignedPost(k, tencentParticipantEvent("joined", "m1", "fuzz"));
  const signedData = (data: string, ts = String(Date.now())): SignedRequest => {
    const nonce = String(Math.floor(r() * 1e9));
    return {
      method: "POST",
      pathAndQuery: "/api/webhooks/tencent-meeting",
      headers: { "content-type": "application/json", timestamp: ts, nonce, signature: tencentMeetingSignature(k.token, ts, nonce, data) },
      body: JSON.stringify({ data }),
    };
  };
  const c: FuzzCase[] = [];
  const g1 = good();
  c.push({ ...g1, name: "tencent: mutated signature", headers: { ...g1.headers, signature: flipChar(r, g1.headers.signature) } });
  const g2 = good();
  c.push({ ...g2, name: "tencent: mutated data", body: JSON.stringify({ data: flipChar(r, JSON.parse(g2.body!).data) }) });
  const g3 = good();
  c.push({ ...g3, name: "tencent: missing nonce header", headers: { ...g3.headers, nonce: "" } });
  c.push({ ...signedData(tencentMeetingEncode(JSON.stringify(tencentParticipantEvent("left", "m", "u")), k.aesKey), String(Date.now() - 3_600_000)), name: "tencent: stale timestamp (signed)" });
  c.push({ ...signedData("***"), name: "tencent: not base64 (signed)" });
  c.push({ ...signedData(randomBytes(40).toString("base64")), name: "tencent: random bytes (signed)" });
  c.push({ ...signedData(tencentMeetingEncode("not json", k.aesKey)), name: "tencent: decoded non-JSON (signed)" });
  c.push({ ...signedData(tencentMeetingEncode(JSON.stringify({ trace_id: "x" }), k.aesKey)), name: "tencent: no event name (signed)" });
  const g4 = good();
  c.push({ ...g4, name: "tencent: XML content type", headers: { ...g4.headers, "content-type": "text/xml" } });
  const g5 = good();
  c.push({ ...g5, name: "tencent: oversize", body: JSON.stringify({ data: "A".repeat(BIG) }) });
  const chk = tencentMeetingSignedCheck(k, "hello");
  c.push({ ...chk, name: "tencent GET: mutated signature", headers: { ...chk.headers, signature: flipChar(r, chk.headers.signature) } });
  return c;
}

function zoomCases(secret: string, r: Rng): FuzzCase[] {
  const good = () => zoomSignedPost(secret, zoomParticipantEvent("joined", randomUUID(), randomUUID()));
  const c: FuzzCase[] = [];
  const g1 = good();
  c.push({ ...g1, name: "zoom: mutated signature", headers: { ...g1.headers, "x-zm-signature": flipChar(r, g1.headers["x-zm-signature"]) } });
  const g2 = good();
  c.push({ ...g2, name: "zoom: body changed after signing", body: g2.body!.replace("周会", "周会 ") });
  const g3 = good();
  c.push({ ...g3, name: "zoom: pretty-printed body", body: JSON.stringify(JSON.parse(g3.body!), null, 2) });
  const ts = String(Math.floor(Date.now() / 1000) - 3600);
  const raw = JSON.stringify(zoomParticipantEvent("left", randomUUID(), randomUUID()));
  c.push({ name: "zoom: stale timestamp (signed)", method: "POST", pathAndQuery: "/api/webhooks/zoom", headers: { "content-type": "application/json", "x-zm-request-timestamp": ts, "x-zm-signature": zoomSignature(secret, ts, raw) }, body: raw });
  c.push({ ...zoomSignedPost(secret, "not json"), name: "zoom: non-JSON (signed)" });
  c.push({ ...zoomSignedPost(secret, { event: "endpoint.url_validation", payload: {} }), name: "zoom: validation without plainToken (signed)" });
  c.push({ ...zoomSignedPost(secret, { payload: {} }), name: "zoom: no event (signed)" });
  const g4 = good();
  c.push({ ...g4, name: "zoom: missing signature", headers: { "content-type": "application/json", "x-zm-request-timestamp": g4.headers["x-zm-request-timestamp"] } });
  const g5 = good();
  c.push({ ...g5, name: "zoom: oversize", body: "A".repeat(BIG) });
  return c;
}

function agoraCases(secret: string, r: Rng): FuzzCase[] {
  const ev = () => ({ noticeId: randomUUID(), productId: 1, eventType: 107, notifyMs: Date.now(), payload: { channelName: "c", uid: 1, clientSeq: 1, ts: 1 } });
  const c: FuzzCase[] = [];
  const g1 = agoraSignedPost(secret, ev());
  c.push({ ...g1, name: "agora: mutated V2 signature", headers: { ...g1.headers, "agora-signature-v2": flipChar(r, g1.headers["agora-signature-v2"]) } });
  const g2 = agoraSignedPost(secret, ev());
  c.push({ ...g2, name: "agora: body changed", body: g2.body!.replace('"productId":1', '"productId":3') });
  const g3 = agoraSignedPost(secret, ev());
  c.push({ ...g3, name: "agora: no signature headers", headers: { "content-type": "application/json" } });
  c.push({ ...agoraSignedPost(secret, { productId: 1, eventType: 107 }), name: "agora: no noticeId (signed)" });
  c.push({ ...agoraSignedPost(secret, { ...ev(), notifyMs: Date.now() - 3_600_000 }), name: "agora: stale notifyMs (signed)" });
  c.push({ ...agoraSignedPost(secret, "[]"), name: "agora: array body (signed)" });
  const g4 = agoraSignedPost(secret, ev());
  c.push({ ...g4, name: "agora: octet-stream", headers: { ...g4.headers, "content-type": "application/octet-stream" } });
  const g5 = agoraSignedPost(secret, ev());
  c.push({ ...g5, name: "agora: oversize", body: "A".repeat(BIG) });
  return c;
}

/** One round of every mutation family for every route (~70 cases); call with different seeds for more. */
export function fuzzRound(keys: CallbackKeys, seed: number, opts: { oversize?: boolean } = {}): FuzzCase[] {
  const r = rng(seed);
  const all = [
    ...wecomCases(keys.wecom, r),
    ...dingtalkCases(keys.dingtalk, r),
    ...tencentCases(keys.tencentMeeting, r),
    ...zoomCases(keys.zoom, r),
    ...agoraCases(keys.agora, r),
  ];
  return opts.oversize === false ? all.filter((c) => !c.name.includes("oversize")) : all;
}
