// An approved leave / 补卡 from our own flows, written into the vendors' attendance where the company uses it
// (the vendors whose attendance we read: lib/attendance/punches/pull-jobs attendancePullSources), so the vendor's
// own 考勤 results agree with ours. Durable and retried through the one notification outbox (custom kinds the
// sender hands to ./dispatch.ts); its dedupe key (kind × our approval id) makes a second enqueue nothing, so
// each approval is written once per vendor.
//   · DingTalk leave → POST /v1.0/attendance/approvals/finish with approveId = ours (re-calling with the same
//     approveId updates, never adds: attendance-approvals.md §3.4).
//   · WeCom 补卡 → POST /cgi-bin/checkin/punch_correction (self-built apps only; §3.1).
//   · DingTalk 加班 → the same approvals/finish, bizType 1, with overtimeDuration (hours) and overTimeToMore
//     (1 调休 / 2 加班费); undone with /topapi/attendance/approve/cancel {userid, approve_id} (enqueueAttendanceCancel).
//   · Not written: WeCom leave (no "approval result → attendance" API was found: §3.7); DingTalk 补卡
//     (approve/check needs the punch's shift id from schedule/listbyusers — not done yet).
import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalApplications, approvalItems, notificationOutbox } from "@/db/schema";
import { attendancePullSources } from "@/lib/attendance/punches/pull-jobs";
import { appUrl, env } from "@/lib/env";
import { enqueueNotifications, type ChatNotification } from "@/lib/notifications/outbox";
import { tzOffsetMinutes, zonedTimeToUtc } from "@/lib/time";
import { hoursText, overtimeWindow } from "../flows/overtime";
import { correctionApplication, leaveApplication, overtimeApplication } from "../flows/schemas";
import { vendorAccountsOf } from "../notify/accounts";

export const WRITE_KINDS = { dingtalkLeave: "attendance_approval_finish", wecomCorrection: "attendance_punch_correction", dingtalkCancel: "attendance_approve_cancel" } as const;

/** DingTalk's wall-clock form of an instant in the org zone: "YYYY-MM-DD HH:mm". */
function dingtalkTime(at: Date): string {
  const local = new Date(at.getTime() + tzOffsetMinutes(at, env().ORG_TIMEZONE) * 60_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** Our approval id as the vendors see it (DingTalk approveId ≤ 100 chars). */
export const vendorApproveId = (itemId: number) => `qd-approval-${itemId}`;

export async function enqueueAttendanceWrites(tx: Db, itemId: number): Promise<number> {
  const [app] = await tx
    .select({ kind: approvalApplications.kind, form: approvalApplications.form, applicantId: approvalItems.applicantId, title: approvalItems.title })
    .from(approvalApplications)
    .innerJoin(approvalItems, eq(approvalItems.id, approvalApplications.itemId))
    .where(eq(approvalApplications.itemId, itemId));
  if (!app) return 0;
  const employeeId = Number(app.applicantId);
  const sources = new Set(attendancePullSources());
  const acct = (await vendorAccountsOf(tx, [employeeId])).get(employeeId) ?? {};
  const list: ChatNotification[] = [];
  const base = { recipientEmployeeId: employeeId, notBefore: undefined };
  if (app.kind === "leave" && sources.has("dingtalk") && acct.dingtalk) {
    const f = leaveApplication.parse({ ...app.form });
    list.push({
      ...base,
      channel: "dingtalk",
      kind: WRITE_KINDS.dingtalkLeave,
      dedupeKey: `${WRITE_KINDS.dingtalkLeave}:${itemId}`,
      payload: {
        title: `写入钉钉考勤：${app.title}`,
        description: `${f.leave_type} ${f.start_date} 至 ${f.end_date}`,
        itemId,
        userId: acct.dingtalk.userId,
        body: {
          approveId: vendorApproveId(itemId),
          tagName: "请假",
          subType: f.leave_type,
          jumpUrl: `${appUrl()}/todos/approvals/${itemId}`,
          // bizType 3 = 请假; whole days, counted on workdays (calculateModel 1) as the vendor schedules them
          topCalculateApproveDurationParam: { bizType: 3, fromTime: f.start_date, toTime: f.end_date, durationUnit: "day", calculateModel: 1 },
        },
      },
    });
  }
  if (app.kind === "overtime" && sources.has("dingtalk") && acct.dingtalk) {
    const f = overtimeApplication.parse({ ...app.form });
    const w = overtimeWindow(f);
    list.push({
      ...base,
      channel: "dingtalk",
      // approvals/finish like a leave: the same sender, the same dedupe key space (one write per approval)
      kind: WRITE_KINDS.dingtalkLeave,
      dedupeKey: `${WRITE_KINDS.dingtalkLeave}:${itemId}`,
      payload: {
        title: `写入钉钉考勤：${app.title}`,
        description: `加班 ${f.date} ${hoursText(w.minutes)}`,
        itemId,
        userId: acct.dingtalk.userId,
        body: {
          approveId: vendorApproveId(itemId),
          tagName: "加班",
          jumpUrl: `${appUrl()}/todos/approvals/${itemId}`,
          // hours, two decimals at most (a 90-minute overtime is "1.5")
          overtimeDuration: String(Math.round((w.minutes / 60) * 100) / 100),
          overTimeToMore: f.compensation === "pay" ? 2 : 1,
          // bizType 1 = 加班; by the hour on natural days (calculateModel 0)
          topCalculateApproveDurationParam: { bizType: 1, fromTime: dingtalkTime(w.startsAt), toTime: dingtalkTime(w.endsAt), durationUnit: "hour", calculateModel: 0 },
        },
      },
    });
  }
  if (app.kind === "correction" && sources.has("wecom") && acct.wecom) {
    const f = correctionApplication.parse({ ...app.form });
    list.push({
      ...base,
      channel: "wecom",
      kind: WRITE_KINDS.wecomCorrection,
      dedupeKey: `${WRITE_KINDS.wecomCorrection}:${itemId}`,
      payload: {
        title: `写入企业微信打卡：${app.title}`,
        description: `补卡 ${f.date} ${f.time}`,
        itemId,
        body: {
          userid: acct.wecom,
          // 0点 of the business date and the corrected punch, unix seconds; schedule_checkin_time is left out
          // (WeCom: only for rules with schedules, which we do not know here) — doc path/95803
          schedule_date_time: Math.floor(zonedTimeToUtc(f.date, "00:00").getTime() / 1000),
          checkin_time: Math.floor(zonedTimeToUtc(f.date, f.time).getTime() / 1000),
          remark: `签到补卡审批 ${vendorApproveId(itemId)}`,
        },
      },
    });
  }
  return list.length ? enqueueNotifications(tx, list) : 0;
}

/**
 * An approval written to DingTalk attendance is undone there (POST /topapi/attendance/approve/cancel): queued once
 * per approval like the write, only when the write was queued (a vendor that never got it has nothing to cancel).
 */
export async function enqueueAttendanceCancel(tx: Db, itemId: number): Promise<number> {
  const [app] = await tx
    .select({ applicantId: approvalItems.applicantId, title: approvalItems.title })
    .from(approvalApplications)
    .innerJoin(approvalItems, eq(approvalItems.id, approvalApplications.itemId))
    .where(eq(approvalApplications.itemId, itemId));
  if (!app) return 0;
  const employeeId = Number(app.applicantId);
  const [written] = await tx.select({ id: notificationOutbox.id }).from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `${WRITE_KINDS.dingtalkLeave}:${itemId}`));
  const acct = (await vendorAccountsOf(tx, [employeeId])).get(employeeId) ?? {};
  if (!written || !acct.dingtalk) return 0;
  return enqueueNotifications(tx, [
    {
      recipientEmployeeId: employeeId,
      channel: "dingtalk",
      kind: WRITE_KINDS.dingtalkCancel,
      dedupeKey: `${WRITE_KINDS.dingtalkCancel}:${itemId}`,
      payload: { title: `撤销钉钉考勤：${app.title}`, description: "撤销", itemId, body: { userid: acct.dingtalk.userId, approve_id: vendorApproveId(itemId) } },
    },
  ]);
}
