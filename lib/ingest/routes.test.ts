import { loadVendorVectors } from "@/tests/vectors";
// The callback routes end to end in-process (exported GET/POST with a Request) on a real database:
// official vectors through HTTP, every vendor's signed event stored once, acks in the vendor's format,
// refusals with reasons and nothing written, a database failure answered 503.
import { count } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dispatchCallback } from "@/app/api/callbacks/dispatch.testkit";
import { openDatabase } from "@/db/client";
import { inboxEvents } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { agoraJoinEvent, agoraSignedPost } from "@/lib/vendors/agora/sender";
import { dingtalkDecrypt } from "@/lib/vendors/dingtalk/crypto";
import { dingtalkReplyIsSuccess, dingtalkSignedPost, dingtalkUserEvent } from "@/lib/vendors/dingtalk/sender";
import { tencentMeetingSignedCheck, tencentMeetingSignedPost, tencentParticipantEvent } from "@/lib/vendors/tencent-meeting/sender";
import { wecomContactEvent, wecomSignedPost, wecomSignedVerify } from "@/lib/vendors/wecom/sender";
import { zoomParticipantEvent, zoomSignedPost } from "@/lib/vendors/zoom/sender";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { useDatabaseForRoutes } from "./testing/db";
import { currentCallbackKeys } from "./testing/keys";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- vendor JSON, shapes asserted per test
const vectors = loadVendorVectors() as any;
const ENV_KEYS = ["WECOM_CORP_ID", "WECOM_CALLBACK_TOKEN", "WECOM_CALLBACK_AES_KEY", "DINGTALK_CLIENT_ID", "DINGTALK_CORP_ID", "DINGTALK_CALLBACK_TOKEN", "DINGTALK_CALLBACK_AES_KEY", "CALLBACK_MAX_AGE_SECONDS"];

/** Configure the app as the vector's vendor console would (the tests' only way in: the real env parser). */
function setEnv(vars: Record<string, string | undefined>) {
  // eslint-disable-next-line no-restricted-properties -- tests configure the app through its environment
  const pe = process.env;
  for (const k of ENV_KEYS) delete pe[k];
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) pe[k] = v;
  resetEnvForTests();
}

let t: TestDatabase;
const rows = async () => (await t.database.db.select({ n: count() }).from(inboxEvents))[0].n;

beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.database);
});
afterAll(async () => {
  setEnv({});
  await t.close();
});
afterEach(() => setEnv({}));

describe("official vectors through the HTTP routes", () => {
  it("has every official vector: two WeCom, two DingTalk", () => {
    expect(vectors.wecom).toHaveLength(2);
    expect(vectors.dingtalk).toHaveLength(2);
  });

  it("WeCom vector A: GET answers the decrypted echostr as text/plain", async () => {
    const v = vectors.wecom[0];
    setEnv({ WECOM_CORP_ID: v.corpId, WECOM_CALLBACK_TOKEN: v.token, WECOM_CALLBACK_AES_KEY: v.encodingAesKey, CALLBACK_MAX_AGE_SECONDS: "0" });
    const q = new URLSearchParams({ msg_signature: v.msgSignature, timestamp: v.timestamp, nonce: v.nonce, echostr: v.echostr });
    const res = await dispatchCallback({ method: "GET", pathAndQuery: `/api/callbacks/wecom?${q}`, headers: {} });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe(v.expected.msg);
  });

  it("WeCom vector B: POST stores the message once (MsgId), answers 200 with an empty body; redelivery changes nothing", async () => {
    const v = vectors.wecom[1];
    setEnv({ WECOM_CORP_ID: v.corpId, WECOM_CALLBACK_TOKEN: v.token, WECOM_CALLBACK_AES_KEY: v.encodingAesKey, CALLBACK_MAX_AGE_SECONDS: "0" });
    const q = new URLSearchParams({ msg_signature: v.msgSignature, timestamp: v.timestamp, nonce: v.nonce });
    const req = { method: "POST" as const, pathAndQuery: `/api/callbacks/wecom?${q}`, headers: { "content-type": "text/xml" }, body: v.body };
    const before = await rows();
    const res = await dispatchCallback(req);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    const again = await dispatchCallback(req);
    expect(again.status).toBe(200);
    expect(await rows()).toBe(before + 1);
    const [row] = await t.database.db.select().from(inboxEvents).orderBy(inboxEvents.id).limit(1).offset(before);
    expect(row).toMatchObject({ source: "wecom", eventType: "msg.text", dedupeKey: "msg:1456453720", status: "received" });
    expect(row.payload).toMatchObject({ FromUserName: "ChenJiaShun", Content: "你好", MsgType: "text" });
    expect(row.raw).toBe(v.body);
  });

  it("WeCom vector B with a different corp id configured: 403 receive id mismatch, nothing stored", async () => {
    const v = vectors.wecom[1];
    setEnv({ WECOM_CORP_ID: "wwnotthiscorp", WECOM_CALLBACK_TOKEN: v.token, WECOM_CALLBACK_AES_KEY: v.encodingAesKey, CALLBACK_MAX_AGE_SECONDS: "0" });
    const before = await rows();
    const q = new URLSearchParams({ msg_signature: v.msgSignature, timestamp: v.timestamp, nonce: v.nonce });
    const res = await dispatchCallback({ method: "POST", pathAndQuery: `/api/callbacks/wecom?${q}`, headers: { "content-type": "text/xml" }, body: v.body });
    expect(res.status).toBe(403);
    expect((await res.json()).reason).toBe("receive_id_mismatch");
    expect(await rows()).toBe(before);
  });

  it("WeCom vector B with the default replay window: 401 (2016 timestamp), nothing stored", async () => {
    const v = vectors.wecom[1];
    setEnv({ WECOM_CORP_ID: v.corpId, WECOM_CALLBACK_TOKEN: v.token, WECOM_CALLBACK_AES_KEY: v.encodingAesKey });
    const q = new URLSearchParams({ msg_signature: v.msgSignature, timestamp: v.timestamp, nonce: v.nonce });
    const res = await dispatchCallback({ method: "POST", pathAndQuery: `/api/callbacks/wecom?${q}`, headers: { "content-type": "text/xml" }, body: v.body });
    expect(res.status).toBe(401);
    expect((await res.json()).reason).toMatch(/replay window/);
  });

  it("DingTalk V2 (legacy signature/timestamp params accepted): stored, reply is the encrypted success for that owner key", async () => {
    const v = vectors.dingtalk[0];
    setEnv({ DINGTALK_CLIENT_ID: v.ownerKey, DINGTALK_CALLBACK_TOKEN: v.token, DINGTALK_CALLBACK_AES_KEY: v.aesKey, CALLBACK_MAX_AGE_SECONDS: "0" });
    const before = await rows();
    const q = new URLSearchParams({ signature: v.signature, timestamp: v.timestamp, nonce: v.nonce });
    const res = await dispatchCallback({ method: "POST", pathAndQuery: `/api/callbacks/dingtalk?${q}`, headers: { "content-type": "application/json" }, body: JSON.stringify({ encrypt: v.encrypt }) });
    expect(res.status).toBe(200);
    const reply = await res.json();
    expect(dingtalkReplyIsSuccess({ token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey }, reply)).toBe(true);
    expect(await rows()).toBe(before + 1);
    const [row] = await t.database.db.select().from(inboxEvents).orderBy(inboxEvents.id).limit(1).offset(before);
    expect(row).toMatchObject({ source: "dingtalk", eventType: "check_create_suite_url" });
    expect(row.dedupeKey).toMatch(/^sha256:/);
  });

  it("DingTalk V2 when neither AppKey nor corp id is the vector's owner key: 403, nothing stored", async () => {
    const v = vectors.dingtalk[0];
    setEnv({ DINGTALK_CLIENT_ID: "dingotherapp", DINGTALK_CORP_ID: "dingothercorp", DINGTALK_CALLBACK_TOKEN: v.token, DINGTALK_CALLBACK_AES_KEY: v.aesKey, CALLBACK_MAX_AGE_SECONDS: "0" });
    const before = await rows();
    const q = new URLSearchParams({ msg_signature: v.signature, timestamp: v.timestamp, nonce: v.nonce });
    const res = await dispatchCallback({ method: "POST", pathAndQuery: `/api/callbacks/dingtalk?${q}`, headers: { "content-type": "application/json" }, body: JSON.stringify({ encrypt: v.encrypt }) });
    expect(res.status).toBe(403);
    expect(await rows()).toBe(before);
  });

  it("DingTalk V3 (matched via the corp id) verifies and decrypts to the reply text 'success', which is not an event: 400, nothing stored", async () => {
    const v = vectors.dingtalk[1];
    setEnv({ DINGTALK_CLIENT_ID: "dingotherapp", DINGTALK_CORP_ID: v.ownerKey, DINGTALK_CALLBACK_TOKEN: v.token, DINGTALK_CALLBACK_AES_KEY: v.aesKey, CALLBACK_MAX_AGE_SECONDS: "0" });
    expect(dingtalkDecrypt(v.aesKey, v.encrypt, [v.ownerKey]).message).toBe("success");
    const before = await rows();
    const q = new URLSearchParams({ msg_signature: v.signature, timestamp: v.timestamp, nonce: v.nonce });
    const res = await dispatchCallback({ method: "POST", pathAndQuery: `/api/callbacks/dingtalk?${q}`, headers: { "content-type": "application/json" }, body: JSON.stringify({ encrypt: v.encrypt }) });
    expect(res.status).toBe(400);
    expect((await res.json()).reason).toBe("decrypted event is not valid JSON"); // i.e. past signature and receive-id checks
    expect(await rows()).toBe(before);
  });
});

describe("every vendor, simulator keys, signed by the senders", () => {
  it("stores each vendor's event once and acks in the vendor's format; redeliveries are acked and change nothing", async () => {
    const k = currentCallbackKeys();
    const before = await rows();
    const wecom = wecomSignedPost(k.wecom, wecomContactEvent(k.wecom.corpId, "update_user", { UserID: "zhangsan" }));
    const ding = dingtalkSignedPost(k.dingtalk, dingtalkUserEvent("user_add_org", k.dingtalk.corpId, ["u1"], "evt-123"));
    const tm = tencentMeetingSignedPost(k.tencentMeeting, tencentParticipantEvent("joined", "m1", "lisi", "trace-1"));
    const zoom = zoomSignedPost(k.zoom, zoomParticipantEvent("joined", "mu-1", "pu-1"));
    const agora = agoraSignedPost(k.agora, agoraJoinEvent("room1", 42, "join", "n:1:107"));
    for (const req of [wecom, ding, tm, zoom, agora]) {
      const first = await dispatchCallback(req);
      expect(first.status, req.pathAndQuery).toBe(200);
      const second = await dispatchCallback(req);
      expect(second.status, `${req.pathAndQuery} (redelivery)`).toBe(200);
    }
    expect(await rows()).toBe(before + 5);
    const stored = await t.database.db.select().from(inboxEvents).orderBy(inboxEvents.id).offset(before);
    expect(stored.map((r) => [r.source, r.eventType, r.dedupeKey])).toEqual([
      ["wecom", "change_contact.update_user", expect.stringContaining("ev:sys|")],
      ["dingtalk", "user_add_org", "event:evt-123"],
      ["tencent_meeting", "meeting.participant-joined", "trace:trace-1"],
      ["zoom", "meeting.participant_joined", expect.stringContaining("meeting.participant_joined|")],
      ["agora", "1.107", "notice:n:1:107"],
    ]);
    expect(dingtalkReplyIsSuccess(k.dingtalk, await (await dispatchCallback(ding)).json())).toBe(true);
  });

  it("URL verification: WeCom GET echo, Tencent check_str, Zoom endpoint.url_validation — nothing stored", async () => {
    const k = currentCallbackKeys();
    const before = await rows();
    const w = await dispatchCallback(wecomSignedVerify(k.wecom, "echo-123"));
    expect([w.status, await w.text()]).toEqual([200, "echo-123"]);
    const tm = await dispatchCallback(tencentMeetingSignedCheck(k.tencentMeeting, "check-456"));
    expect([tm.status, await tm.text()]).toEqual([200, "check-456"]);
    const z = await dispatchCallback(zoomSignedPost(k.zoom, { event: "endpoint.url_validation", event_ts: Date.now(), payload: { plainToken: "pt" } }));
    const zj = await z.json();
    expect(zj.plainToken).toBe("pt");
    expect(zj.encryptedToken).toMatch(/^[0-9a-f]{64}$/);
    expect(await rows()).toBe(before);
  });

  it("refuses a body over 1 MiB with 413 and one with a forged signature with 401", async () => {
    const k = currentCallbackKeys();
    const big = agoraSignedPost(k.agora, { noticeId: "x", productId: 1, eventType: 107, pad: "A".repeat(1024 * 1024) });
    expect((await dispatchCallback(big)).status).toBe(413);
    const forged = agoraSignedPost("wrong-secret", agoraJoinEvent("c", 1));
    const r = await dispatchCallback(forged);
    expect(r.status).toBe(401);
    expect((await r.json()).reason).toBe("bad_signature");
  });

  it("answers 503 (so the vendor retries) when the database is down", async () => {
    const k = currentCallbackKeys();
    const broken = await openDatabase({ pgliteDir: null });
    await broken.close();
    useDatabaseForRoutes(broken);
    try {
      const res = await dispatchCallback(agoraSignedPost(k.agora, agoraJoinEvent("c", 7)));
      expect(res.status).toBe(503);
    } finally {
      useDatabaseForRoutes(t.database);
    }
  });
});
