import { loadVendorVectors } from "@/tests/vectors";
import { describe, expect, it } from "vitest";
import { verifyWecomSignature, WecomCryptoFailure, wecomDecrypt, wecomEncrypt, wecomSignature } from "./crypto";

type Vector = {
  name: string;
  token: string;
  encodingAesKey: string;
  corpId: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
  echostr?: string;
  body?: string;
  expected: { msg: string; receiveId: string; random: string };
};

const vectors = loadVendorVectors().wecom as Vector[];
const encOf = (v: Vector): string => v.echostr ?? /<Encrypt><!\[CDATA\[(.+?)\]\]><\/Encrypt>/.exec(v.body ?? "")![1];

describe("WeCom WXBizMsgCrypt — official vectors (vectors.json)", () => {
  it("runs every official vector: exactly these two (an empty or truncated file must not pass quietly)", () => {
    expect(vectors.map((v) => v.name)).toEqual(["url-verification (weworkapi_python callback/Sample.py)", "post-event (weworkapi_python callback/Sample.py)"]);
  });

  for (const v of vectors) {
    it(`${v.name}: signature, decrypt, receive id, deterministic re-encrypt`, () => {
      const enc = encOf(v);
      expect(wecomSignature(v.token, v.timestamp, v.nonce, enc)).toBe(v.msgSignature);
      expect(verifyWecomSignature(v.token, v.timestamp, v.nonce, enc, v.msgSignature)).toBe(true);
      const out = wecomDecrypt(v.encodingAesKey, enc, v.corpId);
      expect(out.message).toBe(v.expected.msg);
      expect(out.random).toBe(v.expected.random);
      expect(wecomEncrypt(v.encodingAesKey, v.expected.msg, v.expected.receiveId, v.expected.random)).toBe(enc);
    });
  }

  it("rejects a wrong receive id, a tampered signature and a tampered ciphertext", () => {
    const v = vectors[1];
    const enc = encOf(v);
    expect(() => wecomDecrypt(v.encodingAesKey, enc, "wwsomeoneelse")).toThrow(WecomCryptoFailure);
    try {
      wecomDecrypt(v.encodingAesKey, enc, "wwsomeoneelse");
    } catch (e) {
      expect((e as WecomCryptoFailure).reason).toBe("receive_id_mismatch");
    }
    const badSig = `${v.msgSignature.slice(0, -1)}${v.msgSignature.endsWith("0") ? "1" : "0"}`;
    expect(verifyWecomSignature(v.token, v.timestamp, v.nonce, enc, badSig)).toBe(false);
    expect(verifyWecomSignature(v.token, v.timestamp, v.nonce, enc, "short")).toBe(false);
    expect(() => wecomDecrypt(v.encodingAesKey, enc.slice(0, -4), v.corpId)).toThrow(WecomCryptoFailure);
  });

  it("round-trips a non-ASCII message and the pad = 32 case", () => {
    const key = vectors[0].encodingAesKey;
    const msg = "<xml><Content>签到 ✓ 会议</Content></xml>";
    expect(wecomDecrypt(key, wecomEncrypt(key, msg, "wwx"), "wwx").message).toBe(msg);
    // frame = 16 + 4 + len(msg) + len(id); pick a msg so the frame is a multiple of 32 → 32 bytes of padding
    const id = "ww12345678901234";
    const m = "x".repeat(64 - 16 - 4 - id.length);
    const enc = wecomEncrypt(key, m, id);
    expect(Buffer.from(enc, "base64").length).toBe(96);
    expect(wecomDecrypt(key, enc, id).message).toBe(m);
  });
});
