// WeCom 打卡 reads (poll only; no push): POST /cgi-bin/checkin/getcheckindata (doc path/96497, self-built path/90262)
// and POST /cgi-bin/checkin/getcheckin_daydata (path/94206). Limits (wecom.md §5.2, §7): useridlist 1..100, span
// ≤ 30 days (errcode 301023 / 301024 otherwise), 600/min and 100/min per corp — the client's shared limiter
// (lib/vendors/rate-limit wecomLimit) keeps every instance under them. Answers are zod-checked: a record without
// its documented fields is an "unexpected" error, never a silently empty pull.
import "server-only";
import { z } from "zod";
import { vendorShape } from "@/lib/vendors/http";
import type { WecomClient } from "./client";

export const WECOM_CHECKIN_MAX_USERS = 100;
export const WECOM_CHECKIN_MAX_DAYS = 30;

const num = z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]);

export const wecomCheckinRecord = z.looseObject({
  userid: z.string().min(1),
  groupname: z.string().optional().default(""),
  checkin_type: z.string(), // 上班打卡 / 下班打卡 / 外出打卡
  exception_type: z.string().optional().default(""), // ";"-joined? (unconfirmed) — split on ";" when reading
  checkin_time: num,
  location_title: z.string().optional().default(""),
  location_detail: z.string().optional().default(""),
  wifiname: z.string().optional().default(""),
  wifimac: z.string().optional().default(""),
  notes: z.string().optional().default(""),
  mediaids: z.array(z.string()).optional().default([]),
  lat: num.optional(),
  lng: num.optional(),
  deviceid: z.string().optional().default(""),
  sch_checkin_time: num.optional(),
  groupid: num.optional(),
  schedule_id: num.optional(),
  timeline_id: num.optional(),
});
export type WecomCheckinRecord = z.infer<typeof wecomCheckinRecord>;

export const wecomDayReport = z.looseObject({
  base_info: z.looseObject({
    date: num,
    acctid: z.string().min(1),
    day_type: num.optional(), // 0 workday, 1 rest day
    record_type: num.optional(),
    rule_info: z.looseObject({ groupname: z.string().optional() }).optional(),
  }),
  summary_info: z
    .looseObject({ checkin_count: num.optional(), regular_work_sec: num.optional(), standard_work_sec: num.optional(), earliest_time: num.optional(), lastest_time: num.optional() })
    .optional(),
  // exception: 1 迟到, 2 早退, 3 缺卡, 4 旷工, 5 地点异常, 6 设备异常 (path/94206)
  exception_infos: z.array(z.looseObject({ exception: num, count: num.optional(), duration: num.optional() })).optional().default([]),
  holiday_infos: z.array(z.unknown()).optional().default([]),
  sp_items: z.array(z.unknown()).optional().default([]),
});
export type WecomDayReport = z.infer<typeof wecomDayReport>;

export interface WecomCheckinQuery {
  userids: string[];
  /** unix seconds; the API answers whole days */
  startTime: number;
  endTime: number;
}

function check(q: WecomCheckinQuery) {
  if (q.userids.length < 1 || q.userids.length > WECOM_CHECKIN_MAX_USERS) throw new RangeError(`getcheckindata: 1..${WECOM_CHECKIN_MAX_USERS} users per call, got ${q.userids.length}`);
  if (q.endTime < q.startTime || q.endTime - q.startTime > WECOM_CHECKIN_MAX_DAYS * 86_400) throw new RangeError(`getcheckindata: span must be 0..${WECOM_CHECKIN_MAX_DAYS} days`);
}

/** One call of getcheckindata (all types: 上下班 and 外出). The caller chunks (lib/vendors/chunks). */
export async function wecomCheckinData(client: Pick<WecomClient, "call">, q: WecomCheckinQuery): Promise<WecomCheckinRecord[]> {
  check(q);
  const api = "/cgi-bin/checkin/getcheckindata";
  const r = await client.call(api, {}, { opencheckindatatype: 3, starttime: q.startTime, endtime: q.endTime, useridlist: q.userids });
  return vendorShape("wecom", api, z.object({ checkindata: z.array(wecomCheckinRecord).default([]) }), r).checkindata;
}

/** One call of getcheckin_daydata: WeCom's own day result per user and day (starttime/endtime at 0点). */
export async function wecomDayData(client: Pick<WecomClient, "call">, q: WecomCheckinQuery): Promise<WecomDayReport[]> {
  check(q);
  const api = "/cgi-bin/checkin/getcheckin_daydata";
  const r = await client.call(api, {}, { starttime: q.startTime, endtime: q.endTime, useridlist: q.userids });
  return vendorShape("wecom", api, z.object({ datas: z.array(wecomDayReport).default([]) }), r).datas;
}

export const WECOM_ADD_CHECKIN_MAX = 200;

/** One record of add_checkin_record (path/99647): time in unix seconds, lat/lng GCJ-02 × 10⁶. */
export interface WecomCheckinUpload {
  userid: string;
  checkin_time: number;
  location_title?: string;
  location_detail?: string;
  notes?: string;
  lat?: number;
  lng?: number;
  /** 1 门禁, 2 考勤机, 3 其他 */
  device_type: 1 | 2 | 3;
  /** ≤ 40 characters */
  device_detail?: string;
}

/** Write ≤200 punches into WeCom 打卡 (self-built apps only); they are matched against the member's rule there. */
export async function wecomAddCheckinRecords(client: Pick<WecomClient, "call">, records: WecomCheckinUpload[]): Promise<void> {
  if (records.length < 1 || records.length > WECOM_ADD_CHECKIN_MAX) throw new RangeError(`add_checkin_record: 1..${WECOM_ADD_CHECKIN_MAX} records per call, got ${records.length}`);
  await client.call("/cgi-bin/checkin/add_checkin_record", {}, { records });
}
