// Rotating QR codes: an HMAC of (meeting id, time slot) under the generated app secret "qr_secret".
// The organiser's display shows the current slot's code; a code is accepted for its own slot and the next
// one (so a scan right at a rollover works), i.e. it is refused once it is older than two slots.
import { createHmac, timingSafeEqual } from "node:crypto";

export const QR_SLOT_SECONDS = 20;
const SIG_BYTES = 12;

export function slotOf(at: Date, slotSeconds = QR_SLOT_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / slotSeconds);
}

/** What a code is for: checking in, or checking out (签退). A code of one purpose never verifies for the other. */
export type QrPurpose = "in" | "out";

function sign(secret: string, meetingId: number, slot: number, purpose: QrPurpose = "in"): Buffer {
  // Check-in codes keep their original message, so codes on screens survive this change.
  const msg = purpose === "in" ? `qr:v1:${meetingId}:${slot}` : `qr:v1:out:${meetingId}:${slot}`;
  return createHmac("sha256", secret).update(msg).digest().subarray(0, SIG_BYTES);
}

/** The code for `at`: "<slot>.<base64url signature>". */
export function qrCode(secret: string, meetingId: number, at: Date, slotSeconds = QR_SLOT_SECONDS, purpose: QrPurpose = "in"): { code: string; slot: number; expiresAt: Date } {
  const slot = slotOf(at, slotSeconds);
  return {
    code: `${slot.toString(36)}.${sign(secret, meetingId, slot, purpose).toString("base64url")}`,
    slot,
    expiresAt: new Date((slot + 1) * slotSeconds * 1000),
  };
}

export type QrVerdict = { ok: true; slot: number } | { ok: false; reason: "invalid" | "expired" };

export function verifyQrCode(secret: string, meetingId: number, code: string, now: Date, slotSeconds = QR_SLOT_SECONDS, purpose: QrPurpose = "in"): QrVerdict {
  const m = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{16})$/.exec(code);
  if (!m) return { ok: false, reason: "invalid" };
  const slot = Number.parseInt(m[1], 36);
  const given = Buffer.from(m[2], "base64url");
  const expected = sign(secret, meetingId, slot, purpose);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  const current = slotOf(now, slotSeconds);
  if (slot > current + 1) return { ok: false, reason: "invalid" }; // from the future: not one we showed
  if (current - slot > 1) return { ok: false, reason: "expired" };
  return { ok: true, slot };
}
