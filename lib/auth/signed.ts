// Small HMAC-signed envelopes (login state cookie, the one-minute sign-in ticket handed to Auth.js).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export function hmac(secret: string, purpose: string, data: string): string {
  return createHmac("sha256", secret).update(`${purpose}\n${data}`).digest("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}

/** `base64url(json).sig`; `purpose` separates the uses of one secret. */
export function seal(secret: string, purpose: string, payload: Record<string, unknown>): string {
  const data = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${data}.${hmac(secret, purpose, data)}`;
}

/** The payload when the signature is valid and `exp` (unix ms) is in the future, else null. */
export function unseal<T extends { exp: number }>(secret: string, purpose: string, token: string | undefined | null, now = Date.now()): T | null {
  if (!token) return null;
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const data = token.slice(0, dot);
  if (!safeEqual(token.slice(dot + 1), hmac(secret, purpose, data))) return null;
  try {
    const payload = JSON.parse(Buffer.from(data, "base64url").toString("utf8")) as T;
    if (typeof payload.exp !== "number" || payload.exp < now) return null;
    return payload;
  } catch {
    return null;
  }
}

/** OAuth `state`: WeCom allows a-zA-Z0-9 up to 128 bytes. */
export function newState(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(32);
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

/** A short, human-quotable reference id for refusal pages ("QD-7K3M-9XPA"). */
export function newReference(): string {
  const alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const bytes = randomBytes(8);
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return `QD-${s.slice(0, 4)}-${s.slice(4)}`;
}
