// Vendor attendance records → our punches and our coarse day verdicts. Pure (no I/O): the pull and the tests share it.
//
// Natural keys: DingTalk punch records carry an `id` (listRecord), which is the record id. WeCom check-in records
// carry none (getcheckindata: userid, checkin_type, checkin_time, sch_checkin_time, …), so the record id is built from
// what a correction does not change: the user, the scheduled time the punch answers (sch_checkin_time; the punch time
// itself for unscheduled punches such as 外出打卡) and the type, plus its rank among punches with that same base, in
// punch-time order. A 补卡 that moves the 09:00 punch keeps the key and arrives as a change, not a new punch.
// WeCom's scheduled placeholders (exception_type 未打卡, checkin_time = the scheduled time, lat 0) are no punch and are
// dropped (attendance-approvals.md §3.1, developers.weixin.qq.com community doc 000e88ab1202f03df3e900ef456000).
import type { DingtalkPunchRecord, DingtalkSlotResult } from "@/lib/vendors/dingtalk/attendance";
import type { WecomCheckinRecord, WecomDayReport } from "@/lib/vendors/wecom/checkin";
import { businessDate } from "@/lib/time";
import type { PunchWrite } from "./store";

/** A vendor punch mapped for the store, plus what the pull needs to compare and window it. */
export interface PulledPunch extends Omit<PunchWrite, "source"> {
  source: "wecom" | "dingtalk";
  externalUserId: string;
  /** the calendar date of the punch in the org time zone (the store decides the business date, e.g. night shifts) */
  localDate: string;
}

const WECOM_PLACEHOLDER = "未打卡";
/** WeCom exception words that flag a punch for HR (非常用设备, 定位异常 / 地点异常 are WeCom's own suspicion marks). */
const WECOM_SUSPICIOUS = ["非常用设备", "定位异常", "地点异常"];

export function wecomExceptions(r: Pick<WecomCheckinRecord, "exception_type">): string[] {
  return (r.exception_type ?? "")
    .split(/[;；]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function isWecomPlaceholder(r: Pick<WecomCheckinRecord, "exception_type">): boolean {
  return wecomExceptions(r).includes(WECOM_PLACEHOLDER);
}

/** Map one page of getcheckindata. Unknown users (no identity) are counted, not guessed. */
export function mapWecomRecords(
  records: WecomCheckinRecord[],
  employeeOf: (userid: string) => number | undefined,
  tz: string,
): { punches: PulledPunch[]; placeholders: number; unknownUsers: string[] } {
  const real = records.filter((r) => !isWecomPlaceholder(r));
  const placeholders = records.length - real.length;
  // Only the order among records of one base (user, scheduled time, type) decides a rank, so plain code-unit order
  // of the ids is enough (localeCompare went through ICU ~25,000 times a call).
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const sorted = real.sort((a, b) => cmp(a.userid, b.userid) || Number(a.checkin_time) - Number(b.checkin_time) || cmp(a.checkin_type, b.checkin_type));
  const rank = new Map<string, number>();
  const unknown = new Set<string>();
  const punches: PulledPunch[] = [];
  for (const r of sorted) {
    const base = `${r.userid}:${Number(r.sch_checkin_time ?? 0) || Number(r.checkin_time)}:${r.checkin_type}`;
    const n = rank.get(base) ?? 0;
    rank.set(base, n + 1);
    const employeeId = employeeOf(r.userid);
    if (employeeId === undefined) {
      unknown.add(r.userid);
      continue;
    }
    punches.push(wecomPunch(r, `${base}:${n}`, employeeId, tz));
  }
  return { punches, placeholders, unknownUsers: [...unknown] };
}

/** One getcheckindata record → a punch; `recordId` is its natural key (built by mapWecomRecords from the whole answer). */
export function wecomPunch(r: WecomCheckinRecord, recordId: string, employeeId: number, tz: string): PulledPunch {
  const at = new Date(Number(r.checkin_time) * 1000);
  const lat = Number(r.lat ?? 0);
  const lng = Number(r.lng ?? 0);
  const exceptions = r.exception_type ? wecomExceptions(r) : [];
  const flags = exceptions.filter((e) => WECOM_SUSPICIOUS.includes(e));
  return {
    source: "wecom",
    externalUserId: r.userid,
    recordId,
    employeeId,
    punchedAt: at,
    localDate: businessDate(at, tz),
    direction: r.checkin_type === "上班打卡" ? "in" : r.checkin_type === "下班打卡" ? "out" : null,
    // lat/lng: degrees × 1,000,000, GCJ-02; 0 = none (wecom.md §5.2)
    location: lat !== 0 || lng !== 0 ? { lat: lat / 1e6, lng: lng / 1e6, coord: "gcj02" } : null,
    placeName: r.location_title || null,
    wifiBssid: r.wifimac || null,
    field: r.checkin_type === "外出打卡",
    suspicious: flags.length > 0,
    suspiciousReason: flags.length ? flags.join("；") : null,
    remark: r.notes || null,
    raw: r as Record<string, unknown>,
  };
}

/** Map one listRecord answer. isLegal "N" (and its invalidRecordType/Msg) stays on the punch as suspicious. */
export function mapDingtalkRecords(
  records: DingtalkPunchRecord[],
  employeeOf: (userid: string) => number | undefined,
  tz: string,
): { punches: PulledPunch[]; unknownUsers: string[] } {
  const unknown = new Set<string>();
  const punches: PulledPunch[] = [];
  for (const r of records) {
    const employeeId = employeeOf(r.userId);
    if (employeeId === undefined) {
      unknown.add(r.userId);
      continue;
    }
    punches.push(dingtalkPunch(r, employeeId, tz));
  }
  return { punches, unknownUsers: [...unknown] };
}

/** One listRecord record → a punch (its `id` is the natural key). */
export function dingtalkPunch(r: DingtalkPunchRecord, employeeId: number, tz: string): PulledPunch {
  const at = new Date(Number(r.userCheckTime)); // ms since the epoch (UTC instant)
  const illegal = r.isLegal === "N";
  const lat = r.userLatitude === undefined ? null : Number(r.userLatitude);
  const lng = r.userLongitude === undefined ? null : Number(r.userLongitude);
  return {
    source: "dingtalk",
    externalUserId: r.userId,
    recordId: String(r.id),
    employeeId,
    punchedAt: at,
    localDate: businessDate(at, tz),
    direction: r.checkType === "OnDuty" ? "in" : r.checkType === "OffDuty" ? "out" : null,
    // DingTalk reports AMap (GCJ-02) coordinates
    location: lat !== null && lng !== null && (lat !== 0 || lng !== 0) ? { lat, lng, coord: "gcj02" } : null,
    placeName: r.userAddress || null,
    wifiBssid: r.userMacAddr || null,
    field: r.locationResult === "Outside",
    suspicious: illegal,
    suspiciousReason: illegal ? [r.invalidRecordType, r.invalidRecordMsg].filter(Boolean).join(": ") || "isLegal=N" : null,
    remark: r.outsideRemark || null,
    raw: r as Record<string, unknown>,
  };
}

/**
 * The fields the store compares (lib/attendance/punches/store.ts TRACKED), as one string: equal → nothing to write.
 * Not hashed: a month's pull compares ~400,000 records, and a digest each cost more than the rest of the diff (the
 * inbox row's key hashes a whole batch's keys once).
 */
export function punchFingerprint(p: {
  employeeId: number;
  punchedAt: Date;
  direction?: "in" | "out" | null;
  latitude?: number | null;
  longitude?: number | null;
  field?: boolean;
  suspicious?: boolean;
}): string {
  return fingerprintOf(p.employeeId, p.punchedAt, p.direction, p.latitude, p.longitude, p.field, p.suspicious);
}

export function pulledFingerprint(p: PulledPunch): string {
  return fingerprintOf(p.employeeId, p.punchedAt, p.direction, p.location?.lat, p.location?.lng, p.field, p.suspicious);
}

function fingerprintOf(employeeId: number, at: Date, direction: string | null | undefined, lat: number | null | undefined, lng: number | null | undefined, field?: boolean, suspicious?: boolean): string {
  return `${employeeId}|${at.getTime()}|${direction ?? ""}|${lat ?? ""}|${lng ?? ""}|${field ? 1 : 0}|${suspicious ? 1 : 0}`;
}

// ---- day verdicts --------------------------------------------------------------------------------------------

/** Coarse classes both vendors and our engine can be compared on. */
export type Verdict = "normal" | "late" | "early_leave" | "missing" | "absent" | "rest";
const VERDICT_ORDER: Verdict[] = ["normal", "late", "early_leave", "missing", "absent", "rest"];
const sortVerdicts = (v: Set<Verdict>) => VERDICT_ORDER.filter((x) => v.has(x));

/** China calendar date of a vendor midnight (WeCom base_info.date in s, DingTalk workDate in ms). */
export function vendorDate(ms: number): string {
  // a month's day results name ~31 distinct midnights among 310,000 rows
  let d = vendorDates.get(ms);
  if (d === undefined) {
    d = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    if (vendorDates.size >= 10_000) vendorDates.clear();
    vendorDates.set(ms, d);
  }
  return d;
}
const vendorDates = new Map<number, string>();

/** WeCom getcheckin_daydata → verdict. exception: 1 迟到, 2 早退, 3 缺卡, 4 旷工 (5 地点, 6 设备: not a time verdict). */
export function wecomDayVerdict(r: WecomDayReport): { userid: string; date: string; verdict: Verdict[]; detail: Record<string, unknown> } {
  const v = new Set<Verdict>();
  for (const e of r.exception_infos) {
    const code = Number(e.exception);
    if (code === 1) v.add("late");
    else if (code === 2) v.add("early_leave");
    else if (code === 3) v.add("missing");
    else if (code === 4) v.add("absent");
  }
  const restDay = Number(r.base_info.day_type ?? 0) === 1;
  if (v.size === 0) v.add(restDay ? "rest" : "normal");
  return {
    userid: r.base_info.acctid,
    date: vendorDate(Number(r.base_info.date) * 1000),
    verdict: sortVerdicts(v),
    detail: { day_type: r.base_info.day_type ?? null, exception_infos: r.exception_infos, summary_info: r.summary_info ?? null },
  };
}

/** DingTalk attendance/list slots → one verdict per user and work date. All slots NotSigned = absent (旷工). */
export function dingtalkDayVerdicts(rows: DingtalkSlotResult[]): { userid: string; date: string; verdict: Verdict[]; detail: Record<string, unknown> }[] {
  const byDay = new Map<string, DingtalkSlotResult[]>();
  for (const r of rows) {
    const k = `${r.userId}\u0000${vendorDate(Number(r.workDate))}`;
    byDay.set(k, [...(byDay.get(k) ?? []), r]);
  }
  return [...byDay].map(([k, slots]) => {
    const [userid, date] = k.split("\u0000");
    const v = new Set<Verdict>();
    for (const s of slots) {
      if (s.timeResult === "Late" || s.timeResult === "SeriousLate") v.add("late");
      else if (s.timeResult === "Early") v.add("early_leave");
      else if (s.timeResult === "NotSigned") v.add("missing");
      else if (s.timeResult === "Absenteeism") v.add("absent");
    }
    if (slots.length > 0 && slots.every((s) => s.timeResult === "NotSigned")) {
      v.clear();
      v.add("absent");
    }
    if (v.size === 0) v.add("normal");
    const sorted = [...slots].sort((a, b) => Number(a.baseCheckTime ?? 0) - Number(b.baseCheckTime ?? 0));
    return { userid, date, verdict: sortVerdicts(v), detail: { slots: sorted.map((s) => ({ checkType: s.checkType, timeResult: s.timeResult, userCheckTime: s.userCheckTime ?? null })) } };
  });
}

/** Our attendance_days statuses → the same coarse classes (leave, trip and field days compare as covered: null). */
export function ourVerdict(statuses: string[]): Verdict[] | null {
  if (statuses.some((s) => s === "leave" || s === "trip")) return null;
  const v = new Set<Verdict>();
  for (const s of statuses) {
    if (s === "late" || s === "serious_late" || s === "absent_late") v.add("late");
    else if (s === "early_leave") v.add("early_leave");
    else if (s === "missing_in" || s === "missing_out") v.add("missing");
    else if (s === "absent") v.add("absent");
    else if (s === "rest") v.add("rest");
  }
  if (v.size === 0) v.add("normal");
  return sortVerdicts(v);
}
