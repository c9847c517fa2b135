// Tencent Meeting webhook crypto (tencent-meeting.md §1.2, §1.5): signature = sha1(sort(token, timestamp, nonce, X))
// over X exactly as received (check_str on GET, data on POST); optional AES-256-CBC (IV = key[0..16)) whose
// plaintext is the JSON itself; PKCS#7 tolerated with pad values 1..32 (block size unconfirmed in the notes).
// Checked against Tencent's 事件加解密 (https://cloud.tencent.com/document/product/1095/54658, updated 2024-12-20):
// AESKey = Base64_Decode(EncodingAESKey + "="), CBC, PKCS#7, IV = AESKey[0..16); its decrypt samples strip PKCS#7
// only (no frame). No official key/ciphertext example exists; crypto.test.ts checks against OpenSSL instead.
import { createCipheriv, createDecipheriv, createHash, timingSafeEqual } from "node:crypto";

export class TencentMeetingCryptoFailure extends Error {
  constructor(readonly reason: "bad_base64" | "decrypt_failed" | "bad_aes_key") {
    super(reason);
    this.name = "TencentMeetingCryptoFailure";
  }
}

export function tencentMeetingSignature(token: string, timestamp: string, nonce: string, data: string): string {
  return createHash("sha1").update([token, timestamp, nonce, data].sort().join("")).digest("hex");
}

export function verifyTencentMeetingSignature(token: string, timestamp: string, nonce: string, data: string, signature: string): boolean {
  const a = Buffer.from(tencentMeetingSignature(token, timestamp, nonce, data));
  const b = Buffer.from(signature);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

function keyOf(aesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(aesKey)) throw new TencentMeetingCryptoFailure("bad_aes_key");
  return Buffer.from(`${aesKey}=`, "base64");
}

/** base64 with or without "=" padding (the official data example has none). */
function decodeB64(s: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 === 1) throw new TencentMeetingCryptoFailure("bad_base64");
  return Buffer.from(s, "base64");
}

/** base64-decode, then AES-decrypt when a key is configured; returns the UTF-8 plaintext. */
export function tencentMeetingDecode(data: string, aesKey: string | undefined): string {
  const bytes = decodeB64(data);
  if (!aesKey) return bytes.toString("utf8");
  const key = keyOf(aesKey);
  if (bytes.length === 0 || bytes.length % 16 !== 0) throw new TencentMeetingCryptoFailure("bad_base64");
  let plain: Buffer;
  try {
    const d = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
    d.setAutoPadding(false);
    plain = Buffer.concat([d.update(bytes), d.final()]);
  } catch {
    throw new TencentMeetingCryptoFailure("decrypt_failed");
  }
  const pad = plain[plain.length - 1];
  if (pad < 1 || pad > 32 || pad > plain.length) throw new TencentMeetingCryptoFailure("decrypt_failed");
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) throw new TencentMeetingCryptoFailure("decrypt_failed");
  return plain.subarray(0, plain.length - pad).toString("utf8");
}

export function tencentMeetingEncode(plaintext: string, aesKey: string | undefined): string {
  const bytes = Buffer.from(plaintext, "utf8");
  if (!aesKey) return bytes.toString("base64");
  const key = keyOf(aesKey);
  const c = createCipheriv("aes-256-cbc", key, key.subarray(0, 16)); // standard PKCS#7 (16)
  return Buffer.concat([c.update(bytes), c.final()]).toString("base64");
}
