// DingTalk 考勤 reads (dingtalk.md §6.1): POST /attendance/listRecord (打卡详情: every punch, with isLegal /
// invalidRecordType for suspicious ones) and POST /attendance/list (打卡结果: one timeResult per scheduled slot,
// paged by offset/limit ≤ 50 while hasMore). Both take ≤ 50 users and ≤ 7 days; oapi times are ms, the window
// strings are "yyyy-MM-dd HH:mm:ss" in China time. 20 QPS per API through the shared limiter (rate-limit.ts).
import "server-only";
import { z } from "zod";
import { vendorShape, type HttpPolicy } from "@/lib/vendors/http";
import type { DingtalkClient } from "./client";

export const DINGTALK_ATTENDANCE_MAX_USERS = 50;
export const DINGTALK_ATTENDANCE_MAX_DAYS = 7;
export const DINGTALK_LIST_PAGE = 50;
/** The vendor's wall clock for the window strings (DingTalk corps in China: UTC+8 all year). */
const CN_OFFSET_MS = 8 * 3_600_000;

const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

export const dingtalkPunchRecord = z.looseObject({
  id: num,
  userId: z.string().min(1),
  userCheckTime: num,
  checkType: z.enum(["OnDuty", "OffDuty"]).or(z.string()),
  timeResult: z.string().optional(),
  locationResult: z.string().optional(),
  isLegal: z.enum(["Y", "N"]).or(z.string()).optional(),
  invalidRecordType: z.string().optional(),
  invalidRecordMsg: z.string().optional(),
  sourceType: z.string().optional(),
  workDate: num.optional(),
  baseCheckTime: num.optional(),
  planCheckTime: num.optional(),
  userLatitude: num.optional(),
  userLongitude: num.optional(),
  userAddress: z.string().optional(),
  userMacAddr: z.string().optional(),
  userSsid: z.string().optional(),
  outsideRemark: z.string().optional(),
  locationMethod: z.string().optional(),
  deviceId: z.string().optional(),
});
export type DingtalkPunchRecord = z.infer<typeof dingtalkPunchRecord>;

export const dingtalkSlotResult = z.looseObject({
  id: num.optional(),
  userId: z.string().min(1),
  workDate: num,
  checkType: z.string(),
  timeResult: z.string(), // Normal, Early, Late, SeriousLate, Absenteeism, NotSigned
  locationResult: z.string().optional(),
  baseCheckTime: num.optional(),
  userCheckTime: num.optional(),
  sourceType: z.string().optional(),
  recordId: num.optional(),
});
export type DingtalkSlotResult = z.infer<typeof dingtalkSlotResult>;

/** ms → "yyyy-MM-dd HH:mm:ss" in China time. */
export function cnDateTime(ms: number): string {
  return new Date(ms + CN_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

function check(userIds: string[], fromMs: number, toMs: number, api: string) {
  if (userIds.length < 1 || userIds.length > DINGTALK_ATTENDANCE_MAX_USERS) throw new RangeError(`${api}: 1..${DINGTALK_ATTENDANCE_MAX_USERS} users per call, got ${userIds.length}`);
  if (toMs < fromMs || toMs - fromMs > DINGTALK_ATTENDANCE_MAX_DAYS * 86_400_000) throw new RangeError(`${api}: span must be 0..${DINGTALK_ATTENDANCE_MAX_DAYS} days`);
}

/** listRecord for one chunk: every punch with userCheckTime in [fromMs, toMs]. */
export async function dingtalkPunchRecords(client: Pick<DingtalkClient, "oapi">, q: { userIds: string[]; fromMs: number; toMs: number }): Promise<DingtalkPunchRecord[]> {
  const api = "/attendance/listRecord";
  check(q.userIds, q.fromMs, q.toMs, api);
  const r = await client.oapi(api, { userIds: q.userIds, checkDateFrom: cnDateTime(q.fromMs), checkDateTo: cnDateTime(q.toMs), isI18n: false });
  return vendorShape("dingtalk", api, z.object({ recordresult: z.array(dingtalkPunchRecord).default([]) }), r).recordresult;
}

/** attendance/list for one chunk, every page (offset += limit while hasMore). Work dates from fromMs to toMs. */
export async function dingtalkSlotResults(client: Pick<DingtalkClient, "oapi">, q: { userIds: string[]; fromMs: number; toMs: number }): Promise<DingtalkSlotResult[]> {
  const api = "/attendance/list";
  check(q.userIds, q.fromMs, q.toMs, api);
  const out: DingtalkSlotResult[] = [];
  for (let offset = 0, guard = 0; guard < 10_000; guard++) {
    const r = await client.oapi(api, { workDateFrom: cnDateTime(q.fromMs), workDateTo: cnDateTime(q.toMs), userIdList: q.userIds, offset, limit: DINGTALK_LIST_PAGE, isI18n: false });
    const page = vendorShape("dingtalk", api, z.object({ hasMore: z.boolean().optional().default(false), recordresult: z.array(dingtalkSlotResult).default([]) }), r);
    out.push(...page.recordresult);
    if (!page.hasMore) return out;
    offset += DINGTALK_LIST_PAGE;
  }
  return out;
}

/**
 * POST /topapi/attendance/record/upload (upload-punch-records; internal apps, Pro.AttendanceRecord.Write): one
 * third-party punch, user_check_time in ms and at most 180 days back. DingTalk matches it against the rule itself.
 */
export async function dingtalkUploadRecord(
  client: Pick<DingtalkClient, "oapi">,
  r: { userid: string; deviceName: string; deviceId: string; userCheckTimeMs: number },
  policy: Partial<HttpPolicy> = {},
): Promise<void> {
  await client.oapi("/topapi/attendance/record/upload", { userid: r.userid, device_name: r.deviceName, device_id: r.deviceId, user_check_time: r.userCheckTimeMs }, {}, policy);
}
