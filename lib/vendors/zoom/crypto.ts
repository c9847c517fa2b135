// Zoom webhook signature (meeting-webhooks.md §3.2-3.3): x-zm-signature = "v0=" + hex(HMAC_SHA256(secret,
// "v0:" + x-zm-request-timestamp + ":" + raw body)); url_validation answers encryptedToken = hex(HMAC_SHA256(secret, plainToken)).
import { createHmac, timingSafeEqual } from "node:crypto";

export function zoomSignature(secret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export function verifyZoomSignature(secret: string, timestamp: string, rawBody: string, header: string): boolean {
  const a = Buffer.from(zoomSignature(secret, timestamp, rawBody));
  const b = Buffer.from(header);
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export function zoomUrlValidation(secret: string, plainToken: string) {
  return { plainToken, encryptedToken: createHmac("sha256", secret).update(plainToken).digest("hex") };
}
