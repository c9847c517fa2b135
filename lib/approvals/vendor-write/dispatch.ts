// Writing an approved application into a vendor's attendance (rows queued by ./enqueue.ts; the notification
// sender hands them over: lib/notifications/custom.ts).
//   attendance_approval_finish  DingTalk POST /v1.0/attendance/approvals/finish?userId= — approveId is ours, and
//     "re-calling with the same approveId updates" (https://open.dingtalk.com/document/development/api-processapprovefinish,
//     attendance-approvals.md §3.4): a retry after no answer cannot add a second leave.
//   attendance_punch_correction WeCom POST /cgi-bin/checkin/punch_correction (doc path/95803): no idempotency
//     key, so it is tried once per attempt and never repeated after a call without an answer.
import "server-only";
import { z } from "zod";
import type { CustomKindSender } from "@/lib/notifications/custom";
import { dingtalkClient } from "@/lib/vendors/dingtalk/client";
import { wecomClient } from "@/lib/vendors/wecom/client";
import { WRITE_KINDS } from "./enqueue";

const finishPayload = z.object({ userId: z.string().min(1), body: z.looseObject({ approveId: z.string().min(1).max(100) }) });
const cancelPayload = z.object({ body: z.looseObject({ userid: z.string().min(1), approve_id: z.string().min(1).max(100) }) });
const correctionPayload = z.object({ body: z.looseObject({ userid: z.string().min(1), schedule_date_time: z.number().int(), checkin_time: z.number().int() }) });

const dingtalkLeave: CustomKindSender = {
  resendUnknown: true,
  async send({ db, row, http }) {
    const p = finishPayload.parse(row.payload);
    // The answer's shape beyond success is not in the notes: any 2xx JSON is taken as done.
    await dingtalkClient(db, http ? { http } : {}).v1("/v1.0/attendance/approvals/finish", z.looseObject({}), { query: { userId: p.userId }, body: p.body });
    return { status: "sent", vendorMessageId: p.body.approveId };
  },
};

// approve/cancel of an approval written with approvals/finish: cancelling twice leaves it cancelled, so a retry is safe.
const dingtalkCancel: CustomKindSender = {
  resendUnknown: true,
  async send({ db, row, http }) {
    const p = cancelPayload.parse(row.payload);
    await dingtalkClient(db, http ? { http } : {}).oapi("/topapi/attendance/approve/cancel", p.body);
    return { status: "sent", vendorMessageId: p.body.approve_id };
  },
};

const wecomCorrection: CustomKindSender = {
  resendUnknown: false,
  async send({ db, row, http }) {
    const p = correctionPayload.parse(row.payload);
    await wecomClient(db, { http: { ...http, idempotent: false } }).call("/cgi-bin/checkin/punch_correction", {}, p.body);
    return { status: "sent", vendorMessageId: null };
  },
};

export const attendanceWriteSenders: Record<string, CustomKindSender> = {
  [WRITE_KINDS.dingtalkLeave]: dingtalkLeave,
  [WRITE_KINDS.wecomCorrection]: wecomCorrection,
  [WRITE_KINDS.dingtalkCancel]: dingtalkCancel,
};
