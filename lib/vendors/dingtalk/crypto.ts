// DingTalk HTTP-push callback crypto, written from dingtalk.md §4.2 (the official DingTalk-Callback-Crypto
// algorithm): AES-256-CBC, IV = key[0..16), PKCS#7 with a 32-byte block, frame
// random(16) ‖ len(4, BE, UTF-8 bytes) ‖ msg ‖ ownerKey; signature = sha1(sort(token, timestamp, nonce, encrypt)).
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

export type DingtalkCryptoError = "bad_signature" | "bad_base64" | "decrypt_failed" | "receive_id_mismatch" | "bad_aes_key";

export class DingtalkCryptoFailure extends Error {
  constructor(readonly reason: DingtalkCryptoError) {
    super(reason);
    this.name = "DingtalkCryptoFailure";
  }
}

const BLOCK = 32;

function keyOf(aesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) throw new DingtalkCryptoFailure("bad_aes_key");
  const key = Buffer.from(`${aesKey}=`, "base64");
  if (key.length !== 32) throw new DingtalkCryptoFailure("bad_aes_key");
  return key;
}

export function dingtalkSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join("")).digest("hex");
}

function eq(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

export function verifyDingtalkSignature(token: string, timestamp: string, nonce: string, encrypt: string, signature: string): boolean {
  return eq(dingtalkSignature(token, timestamp, nonce, encrypt), signature);
}

/** Decrypt; the trailing ownerKey must be one of `acceptedOwnerKeys` (AppKey or CorpId). Throws DingtalkCryptoFailure. */
export function dingtalkDecrypt(aesKey: string, encrypt: string, acceptedOwnerKeys: readonly string[]): { message: string; ownerKey: string } {
  const key = keyOf(aesKey);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt) || encrypt.length % 4 !== 0) throw new DingtalkCryptoFailure("bad_base64");
  const data = Buffer.from(encrypt, "base64");
  if (data.length === 0 || data.length % BLOCK !== 0) throw new DingtalkCryptoFailure("bad_base64");
  let plain: Buffer;
  try {
    const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
    d.setAutoPadding(false);
    plain = Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new DingtalkCryptoFailure("decrypt_failed");
  }
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > BLOCK || pad > plain.length) throw new DingtalkCryptoFailure("decrypt_failed");
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) throw new DingtalkCryptoFailure("decrypt_failed");
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) throw new DingtalkCryptoFailure("decrypt_failed");
  const len = body.readUInt32BE(16);
  if (20 + len > body.length) throw new DingtalkCryptoFailure("decrypt_failed");
  const message = body.subarray(20, 20 + len).toString("utf8");
  const owner = body.subarray(20 + len).toString("utf8");
  if (!acceptedOwnerKeys.some((k) => eq(owner, k))) throw new DingtalkCryptoFailure("receive_id_mismatch");
  return { message, ownerKey: owner };
}

export function dingtalkEncrypt(aesKey: string, message: string, ownerKey: string, random?: string): string {
  const key = keyOf(aesKey);
  const r = Buffer.from(random ?? randomBytes(8).toString("hex"), "utf8");
  if (r.length !== 16) throw new Error("random must be 16 bytes");
  const msg = Buffer.from(message, "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length, 0);
  const frame = Buffer.concat([r, len, msg, Buffer.from(ownerKey, "utf8")]);
  const pad = BLOCK - (frame.length % BLOCK);
  const padded = Buffer.concat([frame, Buffer.alloc(pad, pad)]);
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  c.setAutoPadding(false);
  return Buffer.concat([c.update(padded), c.final()]).toString("base64");
}

/** The reply DingTalk expects: the encrypted "success" (dingtalk.md §4.1). */
export function dingtalkSuccessReply(token: string, aesKey: string, ownerKey: string, now = Date.now()) {
  const timeStamp = String(now);
  const nonce = randomBytes(6).toString("hex");
  const encrypt = dingtalkEncrypt(aesKey, "success", ownerKey);
  return { msg_signature: dingtalkSignature(token, timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
}
