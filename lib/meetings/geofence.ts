// Geofence: JS-SDK coordinates arrive in GCJ-02 (wx.getLocation type "gcj02", DingTalk's default) or BD-09 or
// WGS-84 (browser geolocation); meetings store WGS-84. Normalise with gcoord, then great-circle distance.
import gcoord from "gcoord";

export type CoordType = "wgs84" | "gcj02" | "bd09";

export function toWgs84(lat: number, lng: number, type: CoordType): { lat: number; lng: number } {
  if (type === "wgs84") return { lat, lng };
  const from = type === "gcj02" ? gcoord.GCJ02 : gcoord.BD09;
  const [x, y] = gcoord.transform([lng, lat], from, gcoord.WGS84) as [number, number];
  return { lat: y, lng: x };
}

const EARTH_RADIUS_M = 6_371_008.8;

export function haversineMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface FenceVerdict {
  inside: boolean;
  distanceMeters: number;
  /** The reported accuracy circle is allowed to overlap the fence, but only up to 50 m of slack. */
  allowedMeters: number;
}

export function checkFence(
  fence: { lat: number; lng: number; radiusMeters: number },
  reported: { lat: number; lng: number; type: CoordType; accuracy?: number | null },
): FenceVerdict {
  const p = toWgs84(reported.lat, reported.lng, reported.type);
  const distanceMeters = Math.round(haversineMeters(fence, p));
  const slack = Math.min(Math.max(reported.accuracy ?? 0, 0), 50);
  const allowedMeters = fence.radiusMeters + slack;
  return { inside: distanceMeters <= allowedMeters, distanceMeters, allowedMeters };
}
