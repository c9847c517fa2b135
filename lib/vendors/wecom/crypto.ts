// WeCom callback crypto (WXBizMsgCrypt, wecom.md §3). Uses the official @wecom/crypto (it reproduces the official
// vectors A and B byte-for-byte, see crypto.test.ts); we add what it leaves to the caller: the constant-time
// signature compare, strict base64/length checks and the receive-id check.
import { createHash, timingSafeEqual } from "node:crypto";
import * as wecom from "@wecom/crypto";

export type WecomCryptoError =
  | "bad_signature"
  | "bad_base64"
  | "decrypt_failed"
  | "receive_id_mismatch"
  | "bad_aes_key";

export class WecomCryptoFailure extends Error {
  constructor(readonly reason: WecomCryptoError) {
    super(reason);
    this.name = "WecomCryptoFailure";
  }
}

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** sha1_hex(sort([token, timestamp, nonce, encrypt]).join("")). */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join("")).digest("hex");
}

export function constantTimeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // same work either way
    return false;
  }
  return timingSafeEqual(x, y);
}

export function verifyWecomSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
  signature: string,
): boolean {
  return constantTimeEqualHex(wecomSignature(token, timestamp, nonce, encrypt), signature);
}

/** Decrypt and check the receive id (CorpID for a self-built app). Throws WecomCryptoFailure. */
export function wecomDecrypt(aesKey: string, encrypt: string, expectedReceiveId: string): { message: string; random: string } {
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) throw new WecomCryptoFailure("bad_aes_key");
  if (!B64.test(encrypt) || encrypt.length % 4 !== 0) throw new WecomCryptoFailure("bad_base64");
  const bytes = Buffer.from(encrypt, "base64");
  if (bytes.length === 0 || bytes.length % 32 !== 0) throw new WecomCryptoFailure("bad_base64");
  let out: { message: string; id: string; random: Buffer };
  try {
    out = wecom.decrypt(aesKey, encrypt);
  } catch {
    throw new WecomCryptoFailure("decrypt_failed");
  }
  if (typeof out.id !== "string" || !constantTimeEqualHex(out.id, expectedReceiveId)) {
    throw new WecomCryptoFailure("receive_id_mismatch");
  }
  return { message: out.message, random: out.random.toString("latin1") };
}

/** Encrypt a message frame (random ‖ len ‖ msg ‖ receiveId), as WeCom does. `random` is 16 bytes. */
export function wecomEncrypt(aesKey: string, message: string, receiveId: string, random?: Buffer | string): string {
  const r = typeof random === "string" ? Buffer.from(random, "latin1") : random;
  return wecom.encrypt(aesKey, message, receiveId, r);
}
