// Where an in-app punch was made, against the attendance group's places (several offices, each with a radius) and
// office Wi-Fi. Pure: the route and its tests share it. Places are stored in GCJ-02 (as picked on AMap / Tencent
// Maps, and as the WeCom/DingTalk JS-SDKs report); a WGS-84 browser fix is converted with gcoord first.
import gcoord from "gcoord";
import { haversineMeters } from "@/lib/meetings/geofence";

export interface Place {
  name: string;
  lat: number;
  lng: number;
  radiusMeters: number;
}

export interface FenceGroup {
  places: Place[];
  wifi: { ssid: string; bssid: string }[];
  fieldAllowed: boolean;
}

export type LocationError = "denied" | "unavailable" | "timeout" | "unsupported";

export interface PunchPosition {
  location: { lat: number; lng: number; coord: "gcj02" | "wgs84"; accuracy?: number | null } | null;
  locationError?: LocationError | null;
  wifi?: { bssid: string; ssid?: string | null } | null;
  field?: { remark: string } | null;
}

export interface Nearest {
  name: string;
  distanceMeters: number;
  radiusMeters: number;
}

export type PunchVerdict =
  | { ok: true; via: "place"; placeName: string; distanceMeters: number }
  | { ok: true; via: "wifi"; placeName: string; distanceMeters: number | null }
  | { ok: true; via: "field"; placeName: null; nearest: Nearest | null }
  | { ok: false; code: "punch_outside_fence"; nearest: Nearest; fieldAllowed: boolean }
  | { ok: false; code: "punch_location_unavailable"; reason: LocationError | "no_places" }
  | { ok: false; code: "punch_field_not_allowed"; nearest: Nearest | null };

/** The reported accuracy circle may overlap a place, with at most this much slack (as for meeting fences). */
export const MAX_ACCURACY_SLACK_M = 50;

const normBssid = (b: string) => b.trim().toLowerCase().replace(/-/g, ":");

/** Every place by distance from the fix (nearest first). */
export function distances(places: Place[], loc: NonNullable<PunchPosition["location"]>): Nearest[] {
  const [lng, lat] = loc.coord === "gcj02" ? [loc.lng, loc.lat] : gcoord.transform([loc.lng, loc.lat], gcoord.WGS84, gcoord.GCJ02);
  const p = { lat, lng };
  return places
    .map((pl) => ({ name: pl.name, radiusMeters: pl.radiusMeters, distanceMeters: Math.round(haversineMeters(pl, p)) }))
    .sort((a, b) => a.distanceMeters - b.distanceMeters);
}

/**
 * The verdict for one punch attempt: inside a place (nearest one whose radius, plus up to 50 m of reported
 * accuracy, covers the fix) → accepted; else on one of the group's Wi-Fi BSSIDs → accepted; else a field punch
 * (外勤) if asked for and the group allows it; else refused with the nearest place's distance, or with why there
 * is no location.
 */
export function judgePunch(group: FenceGroup, pos: PunchPosition): PunchVerdict {
  const ranked = pos.location ? distances(group.places, pos.location) : [];
  const slack = Math.min(Math.max(pos.location?.accuracy ?? 0, 0), MAX_ACCURACY_SLACK_M);
  const inside = ranked.find((d) => d.distanceMeters <= d.radiusMeters + slack);
  if (inside) return { ok: true, via: "place", placeName: inside.name, distanceMeters: inside.distanceMeters };
  if (pos.wifi) {
    const hit = group.wifi.find((w) => normBssid(w.bssid) === normBssid(pos.wifi!.bssid));
    if (hit) return { ok: true, via: "wifi", placeName: hit.ssid, distanceMeters: ranked[0]?.distanceMeters ?? null };
  }
  const nearest = ranked[0] ?? null;
  if (pos.field) {
    if (!group.fieldAllowed) return { ok: false, code: "punch_field_not_allowed", nearest };
    // A field punch is evidence of where one was: it needs a position.
    if (!pos.location) return { ok: false, code: "punch_location_unavailable", reason: pos.locationError ?? "unavailable" };
    return { ok: true, via: "field", placeName: null, nearest };
  }
  if (!pos.location) return { ok: false, code: "punch_location_unavailable", reason: pos.locationError ?? "unavailable" };
  if (!nearest) return { ok: false, code: "punch_location_unavailable", reason: "no_places" };
  return { ok: false, code: "punch_outside_fence", nearest, fieldAllowed: group.fieldAllowed };
}

/** "850 米" / "1.2 公里" (en: "850 m" / "1.2 km"). */
export function formatDistance(meters: number, locale: "zh-CN" | "en" = "zh-CN"): string {
  if (meters < 1000) return locale === "en" ? `${meters} m` : `${meters} 米`;
  const km = meters >= 100_000 ? String(Math.round(meters / 1000)) : (Math.round(meters / 100) / 10).toFixed(1);
  return locale === "en" ? `${km} km` : `${km} 公里`;
}

/** The refusal's sentence in Chinese (the API's message); the page shows its own translation from the details. */
export function refusalMessage(v: Extract<PunchVerdict, { ok: false }>): string {
  if (v.code === "punch_outside_fence") return `距离 ${v.nearest.name} ${formatDistance(v.nearest.distanceMeters)}，不在打卡范围内`;
  if (v.code === "punch_field_not_allowed") return "你所在的考勤组不允许外勤打卡";
  if (v.reason === "no_places") return "考勤组还没有设置打卡地点，请联系人事";
  if (v.reason === "denied") return "未获得定位权限，无法打卡。请在设置中允许企业微信/钉钉使用位置后重试";
  if (v.reason === "timeout") return "定位超时，请到开阔处重试";
  if (v.reason === "unsupported") return "当前环境不支持定位，请在企业微信或钉钉中打开";
  return "无法获取你的位置，请稍后重试";
}
