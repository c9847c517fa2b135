import { describe, expect, it } from "vitest";
import gcoord from "gcoord";
import { checkFence, haversineMeters, toWgs84 } from "./geofence";

const fence = { lat: 31.2304, lng: 121.4737, radiusMeters: 200 }; // WGS-84, People's Square

describe("geofence", () => {
  it("haversine: one degree of latitude is ~111 km", () => {
    expect(Math.round(haversineMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 }) / 1000)).toBe(111);
  });
  it("a GCJ-02 reading of the same spot (what wx.getLocation gcj02 returns) is inside after normalisation", () => {
    const [lng, lat] = gcoord.transform([fence.lng, fence.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    // Unnormalised, the offset is several hundred metres: treating GCJ-02 as WGS-84 would refuse the person.
    expect(haversineMeters(fence, { lat, lng })).toBeGreaterThan(300);
    const v = checkFence(fence, { lat, lng, type: "gcj02" });
    expect(v.inside).toBe(true);
    expect(v.distanceMeters).toBeLessThan(5);
  });
  it("BD-09 readings are normalised too", () => {
    const [lng, lat] = gcoord.transform([fence.lng, fence.lat], gcoord.WGS84, gcoord.BD09) as [number, number];
    expect(checkFence(fence, { lat, lng, type: "bd09" }).inside).toBe(true);
    const w = toWgs84(lat, lng, "bd09");
    expect(Math.abs(w.lat - fence.lat)).toBeLessThan(1e-4);
  });
  it("outside the radius → refused with the distance; accuracy slack is capped", () => {
    const far = { lat: fence.lat + 0.009, lng: fence.lng, type: "wgs84" as const }; // ~1 km north
    const v = checkFence(fence, { ...far, accuracy: 5000 });
    expect(v.inside).toBe(false);
    expect(v.distanceMeters).toBeGreaterThan(950);
    expect(v.allowedMeters).toBe(250);
  });
});
