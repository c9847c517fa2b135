import fc from "fast-check";
import gcoord from "gcoord";
import { describe, expect, it } from "vitest";
import { distances, formatDistance, judgePunch, refusalMessage, type FenceGroup, type PunchPosition, type PunchVerdict } from "./fence";

const HQ_A = { name: "总部 A 座", lat: 31.23966, lng: 121.49972, radiusMeters: 300 };
const HANGZHOU = { name: "杭州办公室", lat: 30.27415, lng: 120.15515, radiusMeters: 250 };
const WIFI = [{ ssid: "Qiandao-Office", bssid: "f4:6d:04:a1:10:01" }];
const GROUP: FenceGroup = { places: [HQ_A, HANGZHOU], wifi: WIFI, fieldAllowed: true };
const STRICT: FenceGroup = { ...GROUP, fieldAllowed: false };

/** A GCJ-02 point `meters` north of a place (1° latitude ≈ 111,195 m on the mean sphere). */
const north = (p: { lat: number; lng: number }, meters: number) => ({ lat: p.lat + meters / 111_194.93, lng: p.lng });
const gcj = (p: { lat: number; lng: number }, accuracy?: number): PunchPosition["location"] => ({ ...p, coord: "gcj02", accuracy });
const asWgs = (p: { lat: number; lng: number }): PunchPosition["location"] => {
  const [lng, lat] = gcoord.transform([p.lng, p.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lat, lng, coord: "wgs84" };
};

const cases: { name: string; group?: FenceGroup; pos: PunchPosition; expect: Partial<PunchVerdict> & Record<string, unknown> }[] = [
  { name: "35 m from 总部 A 座 is inside it", pos: { location: gcj(north(HQ_A, 35)) }, expect: { ok: true, via: "place", placeName: "总部 A 座", distanceMeters: 35 } },
  { name: "on the radius exactly is inside", pos: { location: gcj(north(HQ_A, 300)) }, expect: { ok: true, via: "place", distanceMeters: 300 } },
  { name: "320 m with 30 m accuracy overlaps the fence", pos: { location: gcj(north(HQ_A, 320), 30) }, expect: { ok: true, via: "place" } },
  { name: "accuracy slack is capped at 50 m", pos: { location: gcj(north(HQ_A, 360), 2000) }, expect: { ok: false, code: "punch_outside_fence" } },
  { name: "a WGS-84 browser fix is converted before measuring (the raw offset is ~500 m)", pos: { location: asWgs(north(HQ_A, 35)) }, expect: { ok: true, via: "place", placeName: "总部 A 座", distanceMeters: 35 } },
  { name: "the Hangzhou office is found among several", pos: { location: gcj(north(HANGZHOU, 100)) }, expect: { ok: true, placeName: "杭州办公室", distanceMeters: 100 } },
  { name: "1.2 km away is refused with the nearest place", pos: { location: gcj(north(HQ_A, 1200)) }, expect: { ok: false, code: "punch_outside_fence", nearest: { name: "总部 A 座", distanceMeters: 1200, radiusMeters: 300 }, fieldAllowed: true } },
  { name: "outside but on the office Wi-Fi is accepted", pos: { location: gcj(north(HQ_A, 1200)), wifi: { bssid: "F4-6D-04-A1-10-01" } }, expect: { ok: true, via: "wifi", placeName: "Qiandao-Office", distanceMeters: 1200 } },
  { name: "no location but on the office Wi-Fi is accepted", pos: { location: null, locationError: "denied", wifi: { bssid: "f4:6d:04:a1:10:01" } }, expect: { ok: true, via: "wifi", distanceMeters: null } },
  { name: "an unknown Wi-Fi does not help", pos: { location: gcj(north(HQ_A, 1200)), wifi: { bssid: "00:11:22:33:44:55" } }, expect: { ok: false, code: "punch_outside_fence" } },
  { name: "location denied is refused with the reason", pos: { location: null, locationError: "denied" }, expect: { ok: false, code: "punch_location_unavailable", reason: "denied" } },
  { name: "no location and no reason reads as unavailable", pos: { location: null }, expect: { ok: false, code: "punch_location_unavailable", reason: "unavailable" } },
  { name: "a field punch outside, allowed, is accepted with the nearest place", pos: { location: gcj(north(HQ_A, 5000)), field: { remark: "拜访客户" } }, expect: { ok: true, via: "field", nearest: { name: "总部 A 座", distanceMeters: 5000, radiusMeters: 300 } } },
  { name: "a field punch inside a place is an ordinary punch", pos: { location: gcj(north(HQ_A, 20)), field: { remark: "拜访客户" } }, expect: { ok: true, via: "place" } },
  { name: "a field punch where the group forbids it is refused", group: STRICT, pos: { location: gcj(north(HQ_A, 5000)), field: { remark: "拜访客户" } }, expect: { ok: false, code: "punch_field_not_allowed" } },
  { name: "a field punch needs a position", pos: { location: null, locationError: "timeout", field: { remark: "拜访客户" } }, expect: { ok: false, code: "punch_location_unavailable", reason: "timeout" } },
  { name: "a group without places refuses with no_places", group: { places: [], wifi: [], fieldAllowed: false }, pos: { location: gcj(HQ_A) }, expect: { ok: false, code: "punch_location_unavailable", reason: "no_places" } },
];

describe("judgePunch", () => {
  it.each(cases)("$name", ({ group, pos, expect: want }) => {
    expect(judgePunch(group ?? GROUP, pos)).toMatchObject(want);
  });

  it("property: a GCJ-02 fix d metres from a single place is inside iff d ≤ radius (no accuracy)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 50, max: 1000 }), (d, radius) => {
        const place = { ...HQ_A, radiusMeters: radius };
        const v = judgePunch({ places: [place], wifi: [], fieldAllowed: false }, { location: gcj(north(place, d)) });
        // Rounding to whole metres: allow one metre either side of the boundary.
        if (Math.abs(d - radius) <= 1) return true;
        return v.ok === d <= radius;
      }),
    );
  });

  it("property: distances are sorted nearest first and never negative", () => {
    fc.assert(
      fc.property(fc.double({ min: 20, max: 45, noNaN: true }), fc.double({ min: 100, max: 125, noNaN: true }), (lat, lng) => {
        const d = distances([HQ_A, HANGZHOU], { lat, lng, coord: "gcj02" });
        return d[0].distanceMeters <= d[1].distanceMeters && d[0].distanceMeters >= 0;
      }),
    );
  });
});

describe("refusal copy", () => {
  it.each([
    [850, "zh-CN", "850 米"],
    [1200, "zh-CN", "1.2 公里"],
    [1249, "en", "1.2 km"],
    [999, "en", "999 m"],
    [152_300, "zh-CN", "152 公里"],
  ] as const)("%d m in %s is %s", (m, locale, text) => {
    expect(formatDistance(m, locale)).toBe(text);
  });

  it("says how far the nearest place is", () => {
    const v = judgePunch(GROUP, { location: gcj(north(HQ_A, 1200)) });
    expect(v.ok).toBe(false);
    expect(refusalMessage(v as Extract<PunchVerdict, { ok: false }>)).toBe("距离 总部 A 座 1.2 公里，不在打卡范围内");
  });
});
