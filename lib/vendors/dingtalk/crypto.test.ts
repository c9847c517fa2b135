import { loadVendorVectors } from "@/tests/vectors";
import { describe, expect, it } from "vitest";
import { DingtalkCryptoFailure, dingtalkDecrypt, dingtalkEncrypt, dingtalkSignature, dingtalkSuccessReply, verifyDingtalkSignature } from "./crypto";
import { dingtalkReplyIsSuccess } from "./sender";

type Vector = {
  name: string;
  token: string;
  aesKey: string;
  ownerKey: string;
  signature: string;
  timestamp: string;
  nonce: string;
  encrypt: string;
  expected: { msg: string; receiveId: string };
};

const vectors = loadVendorVectors().dingtalk as Vector[];

describe("DingTalk callback crypto — official vectors (vectors.json)", () => {
  it("runs every official vector: exactly these two (an empty or truncated file must not pass quietly)", () => {
    expect(vectors.map((v) => v.name)).toEqual(["check_create_suite_url (DingTalk ISV guide, debugging tool)", "encrypted success reply (DingTalk configure-stream-push FAQ)"]);
  });

  for (const v of vectors) {
    it(`${v.name}: signature and decrypt`, () => {
      expect(dingtalkSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.signature);
      expect(verifyDingtalkSignature(v.token, v.timestamp, v.nonce, v.encrypt, v.signature)).toBe(true);
      const out = dingtalkDecrypt(v.aesKey, v.encrypt, [v.ownerKey]);
      expect(out.message).toBe(v.expected.msg);
      expect(out.ownerKey).toBe(v.expected.receiveId);
    });
  }

  it("rejects a wrong ownerKey and a wrong signature", () => {
    const v = vectors[0];
    let reason = "";
    try {
      dingtalkDecrypt(v.aesKey, v.encrypt, ["dingwrong"]);
    } catch (e) {
      reason = (e as DingtalkCryptoFailure).reason;
    }
    expect(reason).toBe("receive_id_mismatch");
    expect(verifyDingtalkSignature(v.token, v.timestamp, v.nonce, v.encrypt, v.signature.replace(/^./, "0"))).toBe(false);
  });

  it("round-trips UTF-8 (byte length, not characters) and the aligned pad = 32 case", () => {
    const key = vectors[1].aesKey;
    const msg = JSON.stringify({ EventType: "user_add_org", name: "张三" });
    expect(dingtalkDecrypt(key, dingtalkEncrypt(key, msg, "dingapp"), ["dingapp"]).message).toBe(msg);
    const owner = "dingapp0";
    const m = "y".repeat(64 - 20 - owner.length);
    const enc = dingtalkEncrypt(key, m, owner);
    expect(Buffer.from(enc, "base64").length).toBe(96); // 64 bytes of frame + a full 32-byte pad block
    expect(dingtalkDecrypt(key, enc, [owner]).message).toBe(m);
  });

  it("our encrypted success reply is what DingTalk accepts (verifies and decrypts to success)", () => {
    const v = vectors[1];
    const reply = dingtalkSuccessReply(v.token, v.aesKey, v.ownerKey);
    expect(Object.keys(reply).sort()).toEqual(["encrypt", "msg_signature", "nonce", "timeStamp"]);
    expect(dingtalkReplyIsSuccess({ token: v.token, aesKey: v.aesKey, ownerKey: v.ownerKey }, reply)).toBe(true);
    expect(dingtalkReplyIsSuccess({ token: "other", aesKey: v.aesKey, ownerKey: v.ownerKey }, reply)).toBe(false);
  });
});
