import { describe, expect, it } from "vitest";
import { agoraSignatureV1, agoraSignatureV2, verifyAgoraSignature } from "@/lib/vendors/agora/crypto";
import { tencentMeetingDecode, tencentMeetingEncode, tencentMeetingSignature, verifyTencentMeetingSignature } from "@/lib/vendors/tencent-meeting/crypto";
import { verifyZoomSignature, zoomSignature, zoomUrlValidation } from "@/lib/vendors/zoom/crypto";
import { createHash, createHmac } from "node:crypto";

const KEY = "c2ltVGVuY2VudE1lZXRpbmdBZXNLZXkwMDAwMDAwMDA";

describe("Tencent Meeting webhook crypto (self-generated round trips; no official vector exists)", () => {
  it("signature is sha1 over the sorted four values, checked independently", () => {
    const expected = createHash("sha1").update(["tok", "1700000000000", "42", "ZGF0YQ"].sort().join("")).digest("hex");
    expect(tencentMeetingSignature("tok", "1700000000000", "42", "ZGF0YQ")).toBe(expected);
    expect(verifyTencentMeetingSignature("tok", "1700000000000", "42", "ZGF0YQ", expected)).toBe(true);
    expect(verifyTencentMeetingSignature("tok", "1700000000000", "42", "ZGF0YR", expected)).toBe(false);
  });
  it("base64 with and without padding; AES round trip; tampering fails", () => {
    const json = JSON.stringify({ event: "meeting.participant-joined", trace_id: "t1" });
    const b64 = Buffer.from(json).toString("base64");
    expect(tencentMeetingDecode(b64, undefined)).toBe(json);
    expect(tencentMeetingDecode(b64.replace(/=+$/, ""), undefined)).toBe(json);
    const enc = tencentMeetingEncode(json, KEY);
    expect(tencentMeetingDecode(enc, KEY)).toBe(json);
    const bytes = Buffer.from(enc, "base64");
    bytes[bytes.length - 1] ^= 0x55;
    expect(() => tencentMeetingDecode(bytes.toString("base64"), KEY)).toThrow();
  });
});

describe("Zoom x-zm-signature and url_validation", () => {
  it("matches an independent HMAC; rejects a changed byte, a pretty-printed body and a wrong secret", () => {
    const body = '{"event":"meeting.started","payload":{}}';
    const expected = `v0=${createHmac("sha256", "s3cret").update(`v0:1700000000:${body}`).digest("hex")}`;
    expect(zoomSignature("s3cret", "1700000000", body)).toBe(expected);
    expect(verifyZoomSignature("s3cret", "1700000000", body, expected)).toBe(true);
    expect(verifyZoomSignature("s3cret", "1700000000", body.replace("started", "startee"), expected)).toBe(false);
    expect(verifyZoomSignature("s3cret", "1700000000", JSON.stringify(JSON.parse(body), null, 2), expected)).toBe(false);
    expect(verifyZoomSignature("other", "1700000000", body, expected)).toBe(false);
    expect(zoomUrlValidation("s3cret", "abc").encryptedToken).toBe(createHmac("sha256", "s3cret").update("abc").digest("hex"));
  });
});

describe("Agora NCS signatures", () => {
  it("V2 = HMAC-SHA256, V1 = HMAC-SHA1 over the raw body; V2 wins when present", () => {
    const body = '{"noticeId":"1:2:107","productId":1,"eventType":107}';
    expect(agoraSignatureV2("k", body)).toBe(createHmac("sha256", "k").update(body).digest("hex"));
    expect(agoraSignatureV1("k", body)).toBe(createHmac("sha1", "k").update(body).digest("hex"));
    expect(verifyAgoraSignature("k", body, agoraSignatureV2("k", body), null)).toBe(true);
    expect(verifyAgoraSignature("k", body, null, agoraSignatureV1("k", body))).toBe(true);
    expect(verifyAgoraSignature("k", body, "00", agoraSignatureV1("k", body))).toBe(false);
    expect(verifyAgoraSignature("k", `${body} `, agoraSignatureV2("k", body), null)).toBe(false);
  });
});
