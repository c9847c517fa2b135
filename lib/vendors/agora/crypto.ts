// Agora NCS signatures (meeting-webhooks.md §4.3): Agora-Signature-V2 = hex(HMAC_SHA256(secret, raw body)),
// Agora-Signature = hex(HMAC_SHA1(secret, raw body)). We require V2 when present and accept V1 only without V2.
import { createHmac, timingSafeEqual } from "node:crypto";

export function agoraSignatureV2(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody).digest("hex");
}

export function agoraSignatureV1(secret: string, rawBody: string): string {
  return createHmac("sha1", secret).update(rawBody).digest("hex");
}

function eq(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x);
    return false;
  }
  return timingSafeEqual(x, y);
}

export function verifyAgoraSignature(secret: string, rawBody: string, v2: string | null, v1: string | null): boolean {
  if (v2) return eq(agoraSignatureV2(secret, rawBody), v2);
  if (v1) return eq(agoraSignatureV1(secret, rawBody), v1);
  return false;
}
