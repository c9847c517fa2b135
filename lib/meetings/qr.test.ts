import { describe, expect, it } from "vitest";
import { QR_SLOT_SECONDS, qrCode, verifyQrCode } from "./qr";

const secret = "test-secret";
const t0 = new Date("2026-11-20T02:00:00Z");
const later = (s: number) => new Date(t0.getTime() + s * 1000);

describe("rotating QR", () => {
  it("accepts the current code and the previous slot's, refuses older ones as expired", () => {
    const { code } = qrCode(secret, 42, t0);
    expect(verifyQrCode(secret, 42, code, t0).ok).toBe(true);
    expect(verifyQrCode(secret, 42, code, later(QR_SLOT_SECONDS)).ok).toBe(true);
    expect(verifyQrCode(secret, 42, code, later(QR_SLOT_SECONDS * 2))).toEqual({ ok: false, reason: "expired" });
  });
  it("refuses forged codes: another meeting, another secret, tampered signature, garbage", () => {
    const { code } = qrCode(secret, 42, t0);
    expect(verifyQrCode(secret, 43, code, t0)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyQrCode("other", 42, code, t0)).toEqual({ ok: false, reason: "invalid" });
    const [slot, sig] = code.split(".");
    const flipped = `${slot}.${(sig[0] === "A" ? "B" : "A") + sig.slice(1)}`;
    expect(verifyQrCode(secret, 42, flipped, t0)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyQrCode(secret, 42, "hello", t0)).toEqual({ ok: false, reason: "invalid" });
  });
  it("a code minted for a future slot is not one the display showed", () => {
    const { code } = qrCode(secret, 42, later(QR_SLOT_SECONDS * 5));
    expect(verifyQrCode(secret, 42, code, t0)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("check-out codes (签退)", () => {
  it("a check-out code verifies only as a check-out code, and a check-in code only as a check-in code", () => {
    const now = new Date("2026-11-20T02:00:00Z");
    const out = qrCode("s3cret", 7, now, undefined, "out").code;
    const inn = qrCode("s3cret", 7, now).code;
    expect(out).not.toBe(inn);
    expect(verifyQrCode("s3cret", 7, out, now, undefined, "out").ok).toBe(true);
    expect(verifyQrCode("s3cret", 7, out, now)).toEqual({ ok: false, reason: "invalid" });
    expect(verifyQrCode("s3cret", 7, inn, now, undefined, "out")).toEqual({ ok: false, reason: "invalid" });
    expect(verifyQrCode("s3cret", 7, out, new Date(now.getTime() + 60_000), undefined, "out")).toEqual({ ok: false, reason: "expired" });
  });
});
