// Simulated attendance data of both vendors: deterministic punches for every member of the simulated directory on
// every date (generated on demand from a hash of (vendor, userid, date, slot), so 10,000 people × 31 days need no
// storage), plus the edits a test or the console makes on the vendor side (a correction, a deleted record, an added
// one). The four read APIs answer from it with the vendors' shapes and limits:
// - WeCom  POST /cgi-bin/checkin/getcheckindata      (≤100 users, span ≤30 days, 600/min; wecom.md §5.2, §7)
// - WeCom  POST /cgi-bin/checkin/getcheckin_daydata  (≤100 users, 0点 timestamps, 100/min)
// - DingTalk POST /attendance/listRecord             (≤50 users, ≤7 days; dingtalk.md §6.1)
// - DingTalk POST /attendance/list                   (≤50 users, ≤7 work dates, offset/limit ≤50, hasMore)
// The company's schedule in the simulator: 09:00–18:00 on China workdays (chinese-days data: holidays off, 补班
// Saturdays on), in Asia/Shanghai. The vendors judge punches by their own rule (no grace minute), so a 09:03 arrival
// is 迟到/Late for the vendor and may be normal for us: the disagreement list has something to show.
import * as crypto from "node:crypto";
import data from "chinese-days/dist/chinese-days.json";
import { z } from "zod";
import { simNow, simState, type SimVendor } from "./state";

export const VENDOR_TZ_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai, no DST
const DAY_MS = 86_400_000;
const WORK_START_SEC = 9 * 3600;
const WORK_END_SEC = 18 * 3600;

/** WeCom error codes (global error table, path/90313; SDK copies e.g. WxJava WxCpErrorMsgEnum). */
export const WECOM_USERIDLIST_INVALID = 301023; // useridlist非法或超过限额 (1..100)
export const WECOM_SPAN_INVALID = 301024; // 获取打卡记录时间间隔超限 (start>0, end>start, < one month)
export const WECOM_CHECKIN_MAX_USERS = 100;
export const WECOM_CHECKIN_MAX_SPAN_S = 30 * 86_400;
export const DINGTALK_ATTENDANCE_MAX_USERS = 50;
export const DINGTALK_ATTENDANCE_MAX_SPAN_MS = 7 * DAY_MS;
export const DINGTALK_LIST_MAX_LIMIT = 50;

const HOLIDAYS = (data as { holidays: Record<string, string>; workdays: Record<string, string> }).holidays;
const MAKEUP = (data as { holidays: Record<string, string>; workdays: Record<string, string> }).workdays;

/** A China workday: Mon–Fri unless a holiday, or a 补班 weekend day. */
export function simWorkday(date: string): boolean {
  let w = workdays.get(date);
  if (w === undefined) {
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    w = MAKEUP[date] ? true : HOLIDAYS[date] ? false : wd !== 0 && wd !== 6;
    if (workdays.size >= 20_000) workdays.clear();
    workdays.set(date, w);
  }
  return w;
}

// The simulated vendor answers a month for 10,000 people as a few hundred calls: the same few dozen dates are
// parsed and formatted millions of times, and these caches (bounded by the calendar) made up most of its own time.
const workdays = new Map<string, boolean>();
const midnights = new Map<string, number>();
const datesByDay = new Map<number, string>();

/** Midnight (ms) of a YYYY-MM-DD date in China time. */
export function cnMidnight(date: string): number {
  let m = midnights.get(date);
  if (m === undefined) {
    if (midnights.size >= 20_000) midnights.clear();
    midnights.set(date, (m = Date.parse(`${date}T00:00:00Z`) - VENDOR_TZ_OFFSET_MS));
  }
  return m;
}
export function cnDate(ms: number): string {
  const day = Math.floor((ms + VENDOR_TZ_OFFSET_MS) / DAY_MS);
  let d = datesByDay.get(day);
  if (d === undefined) {
    if (datesByDay.size >= 20_000) datesByDay.clear();
    datesByDay.set(day, (d = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  }
  return d;
}

// The simulated vendor derives every punch from SHA-1 of its identity: crypto.hash (Node ≥ 20.12) is one native call
// where createHash().update().digest() is three plus an object, and hashing was over half of the simulator's time
// when it answered a month for 10,000 people. Same digest, same punches.
const sha1: (s: string) => Buffer = typeof crypto.hash === "function" ? (s) => crypto.hash("sha1", s, "buffer") : (s) => crypto.createHash("sha1").update(s).digest();

function unit(...parts: (string | number)[]): number {
  const h = sha1(parts.join("|"));
  return h.readUInt32BE(0) / 2 ** 32;
}
function numericId(...parts: (string | number)[]): number {
  const h = sha1(parts.join("|"));
  return 10_000_000_000 + (h.readUInt32BE(4) % 89_999_999_999);
}

export type SimSlot = "in" | "out";

/** One actual punch on the vendor side (both vendors' records are derived from it). */
export interface SimPunch {
  key: string; // vendor|userid|date|slot-or-extra-id
  vendor: SimVendor;
  userid: string;
  date: string; // work date (China)
  slot: SimSlot | "extra";
  checkType: SimSlot;
  at: number; // ms
  scheduledAt: number | null; // ms of the slot it belongs to
  field: boolean;
  illegal: boolean;
  dingtalkId: number;
  edited: boolean;
  /** written through an API (WeCom add_checkin_record, DingTalk record/upload): the device it names */
  uploaded?: { deviceName: string; notes: string };
}

export interface SimAttendanceEdits {
  /** key → replacement time (ms) or "deleted" */
  changes: Map<string, { at?: number; deleted?: boolean }>;
  /** extra punches (a vendor-side 补卡 of a new record, a punch device's upload) */
  extra: SimPunch[];
  seq: number;
  /** every punch written through an upload API, per call: what the bridge's tests and bench read back */
  uploads: { vendor: SimVendor; userid: string; at: number; batch: number }[];
}

export function attendanceEdits(): SimAttendanceEdits {
  const s = simState() as unknown as { attendanceEdits?: SimAttendanceEdits };
  return (s.attendanceEdits ??= { changes: new Map(), extra: [], seq: 0, uploads: [] });
}

export function resetAttendanceEdits(): void {
  const e = attendanceEdits();
  e.changes.clear();
  e.extra = [];
  e.seq = 0;
  e.uploads = [];
}

/** The generated punch of one slot before edits, or null (a forgotten punch). */
function generated(vendor: SimVendor, userid: string, date: string, slot: SimSlot): SimPunch | null {
  const r = unit(vendor, userid, date, slot);
  const sec = Math.floor(unit(vendor, userid, date, slot, "s") * 60);
  const base = cnMidnight(date);
  let offsetSec: number;
  if (slot === "in") {
    if (r < 0.02) return null; // forgot to punch in
    offsetSec = r < 0.08 ? WORK_START_SEC + Math.floor(((r - 0.02) / 0.06) * 40) * 60 : WORK_START_SEC - 40 * 60 + Math.floor(((r - 0.08) / 0.92) * 40) * 60;
  } else {
    if (r < 0.05) return null; // forgot to punch out
    offsetSec = r < 0.1 ? WORK_END_SEC - 40 * 60 + Math.floor(((r - 0.05) / 0.05) * 40) * 60 : WORK_END_SEC + Math.floor(((r - 0.1) / 0.9) * 90) * 60;
  }
  const flag = unit(vendor, userid, date, slot, "flag");
  return {
    key: `${vendor}|${userid}|${date}|${slot}`,
    vendor,
    userid,
    date,
    slot,
    checkType: slot,
    at: base + (offsetSec + sec) * 1000,
    scheduledAt: base + (slot === "in" ? WORK_START_SEC : WORK_END_SEC) * 1000,
    field: flag < 0.01,
    illegal: flag >= 0.01 && flag < 0.015,
    dingtalkId: numericId(vendor, userid, date, slot),
    edited: false,
  };
}

/** Every punch of `userid` on China date `date`, edits applied, none after the simulator's now. */
export function punchesOn(vendor: SimVendor, userid: string, date: string, now = simNow()): SimPunch[] {
  const edits = attendanceEdits();
  const out: SimPunch[] = [];
  if (simWorkday(date)) {
    for (const slot of ["in", "out"] as const) {
      const p = generated(vendor, userid, date, slot);
      const key = `${vendor}|${userid}|${date}|${slot}`;
      const ch = edits.changes.get(key);
      if (ch?.deleted) continue;
      if (ch?.at !== undefined) {
        const scheduledAt = cnMidnight(date) + (slot === "in" ? WORK_START_SEC : WORK_END_SEC) * 1000;
        const base: SimPunch = p ?? { key, vendor, userid, date, slot, checkType: slot, at: ch.at, scheduledAt, field: false, illegal: false, dingtalkId: numericId(vendor, userid, date, slot), edited: true };
        out.push({ ...base, at: ch.at, edited: true });
      } else if (p) out.push(p);
    }
  }
  for (const x of edits.extra) if (x.vendor === vendor && x.userid === userid && x.date === date && !edits.changes.get(x.key)?.deleted) out.push(x);
  return out.filter((p) => p.at <= now).sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
}

/** The scheduled slots of a date (empty on rest days). */
function slotsOf(date: string): { slot: SimSlot; at: number }[] {
  if (!simWorkday(date)) return [];
  const base = cnMidnight(date);
  return [
    { slot: "in", at: base + WORK_START_SEC * 1000 },
    { slot: "out", at: base + WORK_END_SEC * 1000 },
  ];
}

function datesBetween(fromMs: number, toMs: number): string[] {
  const out: string[] = [];
  for (let d = cnDate(fromMs); cnMidnight(d) <= toMs; d = cnDate(cnMidnight(d) + DAY_MS + 3_600_000)) out.push(d);
  return out;
}

/** The vendor's own verdict on one slot (no grace: a minute late is late). */
function slotResult(slot: SimSlot, scheduled: number, punch: SimPunch | undefined): "Normal" | "Late" | "SeriousLate" | "Early" | "NotSigned" {
  if (!punch) return "NotSigned";
  if (slot === "in") {
    const late = punch.at - scheduled;
    if (late >= 30 * 60_000) return "SeriousLate";
    if (late >= 60_000) return "Late";
    return "Normal";
  }
  return punch.at < scheduled ? "Early" : "Normal";
}

/** The punch that answers a slot: first in-punch, last out-punch. */
function slotPunch(punches: SimPunch[], slot: SimSlot): SimPunch | undefined {
  const of = punches.filter((p) => p.checkType === slot);
  return slot === "in" ? of[0] : of[of.length - 1];
}

// ---- control -------------------------------------------------------------------------------------------------

const vendor = z.enum(["wecom", "dingtalk"]);
const date = z.iso.date();
export const attendanceCommand = z.discriminatedUnion("op", [
  /** A correction (补卡 / admin edit): the slot's punch now has this time (a forgotten one appears). */
  z.object({ op: z.literal("correct"), vendor, userid: z.string().min(1), date, slot: z.enum(["in", "out"]), time: z.iso.datetime({ offset: true }) }),
  /** The record disappears from the vendor (deleted by an admin, an invalid punch purged). */
  z.object({ op: z.literal("delete"), vendor, userid: z.string().min(1), date, slot: z.enum(["in", "out"]).optional(), key: z.string().optional() }),
  /** A new record (a punch device upload, a second punch). */
  z.object({ op: z.literal("add"), vendor, userid: z.string().min(1), time: z.iso.datetime({ offset: true }), checkType: z.enum(["in", "out"]) }),
  z.object({ op: z.literal("reset") }),
  /** Remove every punch written through the upload APIs of `vendor` (a test that switched the bridge on cleans up). */
  z.object({ op: z.literal("forget-uploads"), vendor }),
]);
export type AttendanceCommand = z.input<typeof attendanceCommand>;

export class SimAttendanceError extends Error {}

export function applyAttendanceCommand(input: AttendanceCommand): { key?: string } {
  const cmd = attendanceCommand.parse(input);
  if (cmd.op === "reset") {
    resetAttendanceEdits();
    return {};
  }
  if (cmd.op === "forget-uploads") {
    const e = attendanceEdits();
    for (const x of e.extra) if (x.vendor === cmd.vendor && x.uploaded) e.changes.set(x.key, { deleted: true });
    e.uploads = e.uploads.filter((u) => u.vendor !== cmd.vendor);
    return {};
  }
  const e = attendanceEdits();
  if (!simState().directory[cmd.vendor].users.has(cmd.userid)) throw new SimAttendanceError(`unknown user ${cmd.userid}`);
  if (cmd.op === "correct") {
    const key = `${cmd.vendor}|${cmd.userid}|${cmd.date}|${cmd.slot}`;
    if (!simWorkday(cmd.date)) throw new SimAttendanceError(`${cmd.date} is not a workday in the simulator`);
    e.changes.set(key, { at: Date.parse(cmd.time) });
    return { key };
  }
  if (cmd.op === "delete") {
    const key = cmd.key ?? (cmd.slot ? `${cmd.vendor}|${cmd.userid}|${cmd.date}|${cmd.slot}` : null);
    if (!key) throw new SimAttendanceError("delete needs slot or key");
    e.changes.set(key, { deleted: true });
    return { key };
  }
  const at = Date.parse(cmd.time);
  const key = `${cmd.vendor}|${cmd.userid}|extra|${++e.seq}`;
  e.extra.push({
    key,
    vendor: cmd.vendor,
    userid: cmd.userid,
    date: cnDate(at),
    slot: "extra",
    checkType: cmd.checkType,
    at,
    scheduledAt: null,
    field: false,
    illegal: false,
    dingtalkId: numericId(key, at),
    edited: true,
  });
  return { key };
}

// ---- WeCom ---------------------------------------------------------------------------------------------------

type Answer = { errcode: number; errmsg: string; [k: string]: unknown };
const wecomErr = (errcode: number, errmsg: string): Answer => ({ errcode, errmsg: `${errmsg}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}` });

function wecomUsers(body: Record<string, unknown>): string[] | Answer {
  const list = body.useridlist;
  if (!Array.isArray(list) || list.length === 0 || list.length > WECOM_CHECKIN_MAX_USERS || list.some((x) => typeof x !== "string")) {
    return wecomErr(WECOM_USERIDLIST_INVALID, "useridlist非法或超过限额");
  }
  return list as string[];
}

function wecomSpan(body: Record<string, unknown>): { start: number; end: number } | Answer {
  const start = Number(body.starttime);
  const end = Number(body.endtime);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start <= 0 || end <= 0 || end < start || end - start > WECOM_CHECKIN_MAX_SPAN_S) {
    return wecomErr(WECOM_SPAN_INVALID, "获取打卡记录时间间隔超限");
  }
  return { start: start * 1000, end: end * 1000 };
}

/** getcheckindata: whole China days touched by the window (the API works by day, attendance-approvals.md §3.1). */
export function wecomCheckinData(body: Record<string, unknown>): Answer {
  const users = wecomUsers(body);
  if (!Array.isArray(users)) return users;
  const span = wecomSpan(body);
  if ("errcode" in span) return span;
  const type = Number(body.opencheckindatatype ?? 3);
  if (![1, 2, 3].includes(type)) return wecomErr(301039, "请求参数错误，请检查输入参数");
  const dir = simState().directory.wecom;
  const now = simNow();
  const checkindata: Record<string, unknown>[] = [];
  for (const userid of users) {
    if (!dir.users.has(userid)) continue; // unknown members simply have no data
    for (const d of datesBetween(span.start, span.end)) {
      const ps = punchesOn("wecom", userid, d, now);
      for (const s of slotsOf(d)) {
        if (s.at > now) continue;
        const own = ps.filter((p) => p.slot === s.slot);
        if (own.length === 0) {
          // the scheduled placeholder: 未打卡 at the scheduled time, lat 0
          if (type === 2) continue;
          checkindata.push(wecomRecord(userid, s.slot, s.at, null));
        }
      }
      for (const p of ps) {
        if (type === 1 && p.field) continue;
        if (type === 2 && !p.field) continue;
        checkindata.push(wecomRecord(userid, p.checkType, p.scheduledAt, p));
      }
    }
  }
  return { errcode: 0, errmsg: "ok", checkindata };
}

function wecomRecord(userid: string, slot: SimSlot, scheduledAt: number | null, p: SimPunch | null): Record<string, unknown> {
  const late = p && scheduledAt !== null && slot === "in" && p.at - scheduledAt >= 60_000;
  const early = p && scheduledAt !== null && slot === "out" && p.at < scheduledAt;
  const exception = !p ? "未打卡" : p.illegal ? "非常用设备" : late || early ? "时间异常" : "";
  return {
    userid,
    groupname: "标准班",
    checkin_type: p?.field ? "外出打卡" : slot === "in" ? "上班打卡" : "下班打卡",
    exception_type: exception,
    checkin_time: Math.floor((p?.at ?? scheduledAt!) / 1000),
    location_title: p ? (p.field ? "客户现场" : "总部大楼") : "",
    location_detail: p ? (p.field ? "上海市浦东新区世纪大道100号" : "上海市徐汇区漕溪北路88号") : "",
    wifiname: p && !p.field ? "QD-Office" : "",
    wifimac: p && !p.field ? "3c:46:d8:0c:7a:70" : "",
    notes: p?.uploaded ? p.uploaded.notes : p?.field ? "拜访客户" : "",
    mediaids: [],
    lat: p ? (p.field ? 31_235_929 : 31_190_123) : 0,
    lng: p ? (p.field ? 121_506_058 : 121_437_456) : 0,
    deviceid: p?.uploaded ? p.uploaded.deviceName : p ? `sim-${userid.length}` : "",
    sch_checkin_time: scheduledAt === null ? 0 : Math.floor(scheduledAt / 1000),
    groupid: 1,
    schedule_id: 0,
    timeline_id: 1,
  };
}

/** getcheckin_daydata: one entry per user and China day from starttime to endtime (0点 timestamps). */
export function wecomDayData(body: Record<string, unknown>): Answer {
  const users = wecomUsers(body);
  if (!Array.isArray(users)) return users;
  const span = wecomSpan(body);
  if ("errcode" in span) return span;
  const dir = simState().directory.wecom;
  const now = simNow();
  const datas: Record<string, unknown>[] = [];
  for (const userid of users) {
    const u = dir.users.get(userid);
    if (!u) continue;
    for (const d of datesBetween(span.start, span.end)) {
      if (cnMidnight(d) > now) continue;
      const ps = punchesOn("wecom", userid, d, now);
      const slots = slotsOf(d);
      const exceptions = new Map<number, { count: number; duration: number }>();
      const add = (code: number, duration: number) => {
        const x = exceptions.get(code) ?? { count: 0, duration: 0 };
        exceptions.set(code, { count: x.count + 1, duration: x.duration + duration });
      };
      for (const s of slots) {
        if (s.at > now) continue;
        const p = slotPunch(ps, s.slot);
        const r = slotResult(s.slot, s.at, p);
        if (r === "NotSigned") add(3, 0); // 缺卡
        else if (r === "Late" || r === "SeriousLate") add(1, Math.floor((p!.at - s.at) / 1000)); // 迟到
        else if (r === "Early") add(2, Math.floor((s.at - p!.at) / 1000)); // 早退
      }
      if (slots.length && slots.every((s) => s.at <= now) && ps.length === 0) {
        exceptions.clear();
        add(4, 8 * 3600); // 旷工
      }
      const inP = slotPunch(ps, "in");
      const outP = slotPunch(ps, "out");
      datas.push({
        base_info: {
          date: Math.floor(cnMidnight(d) / 1000),
          record_type: 1,
          name: u.name,
          name_ex: "",
          departs_name: "",
          acctid: userid,
          rule_info: { groupid: 1, groupname: "标准班", scheduleid: 0, schedulename: "", checkintime: [{ work_sec: WORK_START_SEC, off_work_sec: WORK_END_SEC }] },
          day_type: slots.length ? 0 : 1,
        },
        summary_info: {
          checkin_count: ps.length,
          regular_work_sec: inP && outP ? Math.max(0, Math.floor((outP.at - inP.at) / 1000)) : 0,
          standard_work_sec: slots.length ? 8 * 3600 : 0,
          earliest_time: ps.length ? Math.floor((ps[0].at - cnMidnight(d)) / 1000) : 0,
          lastest_time: ps.length ? Math.floor((ps[ps.length - 1].at - cnMidnight(d)) / 1000) : 0,
        },
        holiday_infos: [],
        exception_infos: [...exceptions].map(([exception, x]) => ({ exception, count: x.count, duration: x.duration })),
        ot_info: { ot_status: 0, ot_duration: 0, exception_duration: [] },
        sp_items: [],
      });
    }
  }
  return { errcode: 0, errmsg: "ok", datas };
}

// ---- DingTalk ------------------------------------------------------------------------------------------------

const dtErr = (errcode: number, errmsg: string): Answer => ({ errcode, errmsg });

/** "yyyy-MM-dd HH:mm:ss" in China time → ms; NaN when malformed. */
export function parseCnDateTime(v: unknown): number {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(v)) return Number.NaN;
  return Date.parse(`${v.replace(" ", "T")}Z`) - VENDOR_TZ_OFFSET_MS;
}

function dingtalkUsers(v: unknown): string[] | Answer {
  // 40035 for a bad parameter is the simulator's choice (the listRecord doc says "最多不能超过50个" without a code)
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string")) return dtErr(40035, "不合法的参数: userIds");
  if (v.length > DINGTALK_ATTENDANCE_MAX_USERS) return dtErr(40035, "userIds 最多不能超过50个");
  return v as string[];
}

function dingtalkRecord(corpId: string, p: SimPunch): Record<string, unknown> {
  const scheduled = p.scheduledAt;
  const result = scheduled === null ? "Normal" : slotResult(p.checkType, scheduled, p);
  return {
    id: p.dingtalkId,
    userId: p.userid,
    corpId,
    checkType: p.checkType === "in" ? "OnDuty" : "OffDuty",
    userCheckTime: p.at,
    baseCheckTime: scheduled ?? p.at,
    planCheckTime: scheduled ?? p.at,
    workDate: cnMidnight(p.date),
    timeResult: result === "NotSigned" ? "Normal" : result,
    locationResult: p.field ? "Outside" : "Normal",
    isLegal: p.illegal ? "N" : "Y",
    ...(p.illegal ? { invalidRecordType: "Security", invalidRecordMsg: "疑似使用虚拟定位" } : {}),
    // an uploaded third-party punch reads as a 考勤机 record (ATM; the value for record/upload is UNCONFIRMED)
    sourceType: p.uploaded ? "ATM" : p.edited ? "APPROVE" : "USER",
    locationMethod: p.field ? "MAP" : "WIFI",
    userAddress: p.field ? "上海市浦东新区世纪大道100号" : "上海市徐汇区漕溪北路88号",
    userLatitude: p.field ? 31.235929 : 31.190123,
    userLongitude: p.field ? 121.506058 : 121.437456,
    userAccuracy: 30,
    userSsid: p.field ? "" : "QD-Office",
    userMacAddr: p.field ? "" : "3c:46:d8:0c:7a:70",
    ...(p.field ? { outsideRemark: "拜访客户" } : {}),
    deviceId: `sim-${p.userid.length}`,
    groupId: 1,
    planId: numericId(p.userid, p.date, p.checkType, "plan"),
    classId: 1,
    bizId: `sim-${p.dingtalkId}`,
    gmtCreate: p.at,
    gmtModified: p.at,
  };
}

/** listRecord: every actual punch with userCheckTime in [checkDateFrom, checkDateTo] (≤7 days, ≤50 users). */
export function dingtalkListRecord(body: Record<string, unknown>, corpId: string): Answer {
  const users = dingtalkUsers(body.userIds);
  if (!Array.isArray(users)) return users;
  const from = parseCnDateTime(body.checkDateFrom);
  const to = parseCnDateTime(body.checkDateTo);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return dtErr(40035, "不合法的参数: checkDateFrom/checkDateTo");
  if (to - from > DINGTALK_ATTENDANCE_MAX_SPAN_MS) return dtErr(40035, "起始与结束工作日最多相隔7天");
  const dir = simState().directory.dingtalk;
  const now = simNow();
  const recordresult: Record<string, unknown>[] = [];
  for (const userid of users) {
    if (!dir.users.has(userid)) continue;
    for (const d of datesBetween(from - DAY_MS, to)) {
      for (const p of punchesOn("dingtalk", userid, d, now)) if (p.at >= from && p.at <= to) recordresult.push(dingtalkRecord(corpId, p));
    }
  }
  return { errcode: 0, errmsg: "ok", recordresult };
}

/** attendance/list: one result per scheduled slot of each work date (NotSigned when missing), paged. */
export function dingtalkList(body: Record<string, unknown>, corpId: string): Answer {
  const users = dingtalkUsers(body.userIdList);
  if (!Array.isArray(users)) return users;
  const from = parseCnDateTime(body.workDateFrom);
  const to = parseCnDateTime(body.workDateTo);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return dtErr(40035, "不合法的参数: workDateFrom/workDateTo");
  if (to - from > DINGTALK_ATTENDANCE_MAX_SPAN_MS) return dtErr(40035, "起始与结束工作日最多相隔7天");
  const offset = Number(body.offset ?? 0);
  const limit = Number(body.limit);
  if (!Number.isInteger(offset) || offset < 0) return dtErr(40035, "offset 参数不合法");
  if (!Number.isInteger(limit) || limit < 1 || limit > DINGTALK_LIST_MAX_LIMIT) return dtErr(40035, "limit 最大不能超过50条");
  const dir = simState().directory.dingtalk;
  const now = simNow();
  const all: Record<string, unknown>[] = [];
  for (const userid of users) {
    if (!dir.users.has(userid)) continue;
    for (const d of datesBetween(from, to)) {
      const ps = punchesOn("dingtalk", userid, d, now);
      for (const s of slotsOf(d)) {
        if (s.at > now) continue;
        const p = slotPunch(ps, s.slot);
        const r = slotResult(s.slot, s.at, p);
        all.push({
          id: numericId("result", userid, d, s.slot),
          userId: userid,
          workDate: cnMidnight(d),
          checkType: s.slot === "in" ? "OnDuty" : "OffDuty",
          timeResult: r,
          locationResult: !p ? "NotSigned" : p.field ? "Outside" : "Normal",
          baseCheckTime: s.at,
          userCheckTime: p?.at ?? s.at,
          sourceType: !p ? "SYSTEM" : p.edited ? "APPROVE" : "USER",
          ...(p ? { recordId: p.dingtalkId } : {}),
          groupId: 1,
          planId: numericId(userid, d, s.slot, "plan"),
          corpId,
        });
      }
    }
  }
  const page = all.slice(offset, offset + limit);
  return { errcode: 0, errmsg: "ok", hasMore: offset + limit < all.length, recordresult: page };
}

// ---- Writes: punches copied in from elsewhere (the DingTalk ↔ WeCom bridge) ------------------------------------

export const WECOM_ADD_CHECKIN_MAX = 200;
const BSSID = /^[A-Fa-f0-9]{2}(:[A-Fa-f0-9]{2}){5}$/;

function uploadedPunch(vendor: SimVendor, userid: string, at: number, deviceName: string, notes: string): SimPunch {
  const e = attendanceEdits();
  const key = `${vendor}|${userid}|upload|${++e.seq}`;
  // the vendor matches an uploaded punch to its rule itself: before 13:30 China time it reads as the arrival
  const checkType: SimSlot = (at + VENDOR_TZ_OFFSET_MS) % DAY_MS < 13.5 * 3_600_000 ? "in" : "out";
  const p: SimPunch = { key, vendor, userid, date: cnDate(at), slot: "extra", checkType, at, scheduledAt: null, field: false, illegal: false, dingtalkId: numericId(key, at), edited: false, uploaded: { deviceName, notes } };
  e.extra.push(p);
  return p;
}

/**
 * WeCom POST /cgi-bin/checkin/add_checkin_record (path/99647): records 1..200, each {userid, checkin_time (s),
 * location_title/detail/notes/wifiname ≤1024, wifimac (required with wifiname, BSSID regex), mediaids ≤1, lat/lng
 * ×10⁶ GCJ-02 in range, device_type 1..3, device_detail ≤40}. The document lists no per-record answer, so the
 * simulator refuses a batch whole, naming the first bad record (40058) or unknown member (60111) — an assumption.
 */
export function wecomAddCheckinRecord(body: Record<string, unknown>, userExists: (id: string) => boolean): Answer {
  const records = body.records;
  if (!Array.isArray(records) || records.length === 0) return wecomErr(40058, "records is required");
  if (records.length > WECOM_ADD_CHECKIN_MAX) return wecomErr(40058, `records exceeds ${WECOM_ADD_CHECKIN_MAX}`);
  const ok: { userid: string; at: number; notes: string; device: string }[] = [];
  for (const [i, r] of records.entries()) {
    const x = (r ?? {}) as Record<string, unknown>;
    const userid = typeof x.userid === "string" ? x.userid : "";
    const t = Number(x.checkin_time);
    if (!userid || !Number.isInteger(t) || t <= 0) return wecomErr(40058, `records[${i}]: userid and checkin_time (unix seconds) are required`);
    for (const f of ["location_title", "location_detail", "notes", "wifiname"]) if (typeof x[f] === "string" && (x[f] as string).length > 1024) return wecomErr(40058, `records[${i}].${f} exceeds 1024`);
    if (x.wifiname && !(typeof x.wifimac === "string" && BSSID.test(x.wifimac))) return wecomErr(40058, `records[${i}].wifimac invalid`);
    if (x.lat !== undefined && !(Number.isInteger(x.lat) && Math.abs(x.lat as number) <= 90_000_000)) return wecomErr(40058, `records[${i}].lat invalid`);
    if (x.lng !== undefined && !(Number.isInteger(x.lng) && Math.abs(x.lng as number) <= 180_000_000)) return wecomErr(40058, `records[${i}].lng invalid`);
    if (x.device_type !== undefined && ![1, 2, 3].includes(Number(x.device_type))) return wecomErr(40058, `records[${i}].device_type invalid`);
    if (typeof x.device_detail === "string" && x.device_detail.length > 40) return wecomErr(40058, `records[${i}].device_detail exceeds 40`);
    if (Array.isArray(x.mediaids) && x.mediaids.length > 1) return wecomErr(40058, `records[${i}].mediaids at most 1`);
    if (!userExists(userid)) return wecomErr(60111, `userid not found: ${userid}`);
    ok.push({ userid, at: t * 1000, notes: typeof x.notes === "string" ? x.notes : "", device: typeof x.device_detail === "string" ? x.device_detail : "" });
  }
  for (const r of ok) uploadedPunch("wecom", r.userid, r.at, r.device, r.notes);
  attendanceEdits().uploads.push(...ok.map((r) => ({ vendor: "wecom" as const, userid: r.userid, at: r.at, batch: ok.length })));
  return { errcode: 0, errmsg: "ok" };
}

/**
 * DingTalk POST /topapi/attendance/record/upload (upload-punch-records): one punch per call, {userid, device_name,
 * device_id, photo_url?, user_check_time (ms, at most 180 days back)}; internal apps with Pro.AttendanceRecord.Write.
 */
export function dingtalkRecordUpload(body: Record<string, unknown>, userExists: (id: string) => boolean): Answer {
  const userid = typeof body.userid === "string" ? body.userid : "";
  const at = Number(body.user_check_time);
  if (!userid) return dtErr(40035, "不合法的参数: userid");
  if (typeof body.device_id !== "string" || !body.device_id || typeof body.device_name !== "string" || !body.device_name) return dtErr(40035, "不合法的参数: device_id, device_name");
  if (!Number.isInteger(at) || at <= 0) return dtErr(40035, "不合法的参数: user_check_time");
  if (at < simNow() - 180 * DAY_MS) return dtErr(40035, "user_check_time 不能早于180天前");
  if (!userExists(userid)) return dtErr(33012, "无效的USERID");
  uploadedPunch("dingtalk", userid, at, body.device_name, "");
  attendanceEdits().uploads.push({ vendor: "dingtalk", userid, at, batch: 1 });
  return { errcode: 0, errmsg: "ok", result: true };
}
