// Tencent Meeting webhook AES against the documented algorithm, checked by an independent implementation.
// Tencent's doc 事件加解密 (https://cloud.tencent.com/document/product/1095/54658, updated 2024-12-20):
//   AESKey = Base64_Decode(EncodingAESKey + "="), 32 bytes; AES-CBC; PKCS#7; IV = AESKey[0..16); msg is the JSON.
// Its Go/Java/Python samples decrypt and strip PKCS#7 only (no WeCom random/length/receiveid frame).
// Neither that page nor Tencent's SDKs (TencentCloud/wemeet-openapi-sdk-*) publish a key + ciphertext + plaintext
// example, so this is NOT an official vector: the ciphertexts below were produced by OpenSSL following the doc, e.g.
//   KEY=$(printf '%s=' "$ENCODING_AES_KEY" | base64 -d | xxd -p -c 64)
//   printf '%s' "$PLAIN" | openssl enc -aes-256-cbc -K $KEY -iv ${KEY:0:32} | base64 -w0
// (The encrypted sample "FIAfJPGRmFZ…" that some copies of Tencent's subscription page show is Feishu's example,
// not Tencent's: it decrypts with Feishu's scheme — key SHA-256("kudryavka"), IV = its first 16 bytes — not this one.)
import { describe, expect, it } from "vitest";
import { tencentMeetingDecode, tencentMeetingEncode, TencentMeetingCryptoFailure } from "./crypto";

const KEY = "TencentMeetingDocKatKey0123456789abcdefghij"; // 43 chars of [A-Za-z0-9], as the doc specifies
const PLAIN =
  '{"event":"meeting.participant-joined","trace_id":"kat-0001","payload":[{"operate_time":1700000000000,"meeting_info":{"meeting_id":"m1","subject":"周会"}}]}';
const OPENSSL_DATA =
  "U6VsZ0mEPU1TqPU1xH/Erd3WxoOAF2HmWoAvUNCuEbZVIigT0pcGaQgaPjPAeAjJvd3/4TbCPi8aTx2Mkc6mysSzMdEwD6Hs6vOIKm6saGDnpQ27qXU5B4eTOoNpKwnFxc8RRv1jcbxwvKaZkh4+H4ii1SMu9hd1eskEA3olOdnloZ6BpIBKNBH8quqtzlCMZyuQGqQ5PivaWEj1Hrm+hA==";
const OPENSSL_CHECK_STR = "ijcukI9i+4zweDEAm4Gnvg=="; // "check-str-kat"

describe("Tencent Meeting AES (doc 1095/54658) against OpenSSL", () => {
  it("decrypts an event encrypted by OpenSSL with key = b64(EncodingAESKey+'='), IV = key[0..16), PKCS#7", () => {
    expect(tencentMeetingDecode(OPENSSL_DATA, KEY)).toBe(PLAIN);
    expect(JSON.parse(tencentMeetingDecode(OPENSSL_DATA, KEY)).trace_id).toBe("kat-0001");
  });

  it("decrypts a URL-verification check_str (one block) and accepts it without base64 padding", () => {
    expect(tencentMeetingDecode(OPENSSL_CHECK_STR, KEY)).toBe("check-str-kat");
    expect(tencentMeetingDecode(OPENSSL_CHECK_STR.replace(/=+$/, ""), KEY)).toBe("check-str-kat");
  });

  it("encrypts byte for byte as OpenSSL does (deterministic: fixed IV, standard PKCS#7)", () => {
    expect(tencentMeetingEncode(PLAIN, KEY)).toBe(OPENSSL_DATA);
    expect(tencentMeetingEncode("check-str-kat", KEY)).toBe(OPENSSL_CHECK_STR);
  });

  it("a wrong key fails instead of returning garbage", () => {
    expect(() => tencentMeetingDecode(OPENSSL_DATA, "A".repeat(43))).toThrow(TencentMeetingCryptoFailure);
  });
});
