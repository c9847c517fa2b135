"use client";
// The device's position for location features: inside WeCom/DingTalk the client's GCJ-02 fix through its JS-SDK
// (lib/vendors/jssdk-client and through it the vendor package are imported on the first locate only); elsewhere, or when the SDK cannot be
// configured, the browser's WGS-84 fix. Never a cached position (stale fixes are a known way to cheat a fence).
import { currentContainer, jssdk } from "@/lib/vendors/container";

export type DeviceFix =
  | { ok: true; latitude: number; longitude: number; coordType: "gcj02" | "wgs84"; accuracy?: number; source: "wecom" | "dingtalk" | "browser" }
  | { ok: false; error: "denied" | "unavailable" | "timeout" | "unsupported"; source: "wecom" | "dingtalk" | "browser" };

export async function locateDevice(): Promise<DeviceFix> {
  const container = currentContainer();
  if (container) {
    try {
      const r = await (await jssdk()).containerLocate(container);
      return { ok: true, latitude: r.latitude, longitude: r.longitude, accuracy: r.accuracy, coordType: r.coordType, source: container };
    } catch (e) {
      const kind = (e as { kind?: string }).kind ?? "failed"; // ContainerSdkError, without importing it up front
      if (kind === "denied" || kind === "cancel") return { ok: false, error: "denied", source: container };
      if (kind !== "config") return { ok: false, error: "unavailable", source: container };
    }
  }
  return new Promise((resolve) => {
    if (typeof navigator === "undefined" || !navigator.geolocation) return resolve({ ok: false, error: "unsupported", source: "browser" });
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ ok: true, latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy, coordType: "wgs84", source: "browser" }),
      (e) => resolve({ ok: false, error: e.code === 1 ? "denied" : e.code === 3 ? "timeout" : "unavailable", source: "browser" }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  });
}
