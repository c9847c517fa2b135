// Our own applications as the phone sends them (POST /api/approvals/applications, GET …/preview). Server only:
// the workbench forms post plain JSON and show the reasons this returns (no zod in client bundles).
import { z } from "zod";

/** Leave types as HR and the attendance sheet name them (stored as-is in leave_spans.leave_type). */
export const LEAVE_TYPES = ["年假", "事假", "病假", "调休", "婚假", "产假", "陪产假", "丧假"] as const;
export const MAX_LEAVE_DAYS = 180;

const isoDate = z.iso.date();
const requestId = z.uuid().optional().meta({ description: "The form's own id: resubmitting the same id returns the same application." });
const reason = z.string().trim().min(1, "a reason is required").max(500);

export const leaveApplication = z
  .strictObject({
    kind: z.literal("leave"),
    leave_type: z.enum(LEAVE_TYPES),
    start_date: isoDate,
    end_date: isoDate,
    reason,
    request_id: requestId,
  })
  .refine((a) => a.end_date >= a.start_date, { message: "the end date must not be before the start date", path: ["end_date"] })
  .refine((a) => leaveDays(a.start_date, a.end_date) <= MAX_LEAVE_DAYS, { message: `at most ${MAX_LEAVE_DAYS} days in one application`, path: ["end_date"] });

export const correctionApplication = z.strictObject({
  kind: z.literal("correction"),
  date: isoDate.meta({ description: "The business date the missing punch belongs to." }),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time must be HH:MM").meta({ description: "The punch time in the org's zone." }),
  reason,
  request_id: requestId,
});

/** 加班补偿方式: 调休 (time off in lieu) or 加班费 (pay); DingTalk overTimeToMore 1 / 2. */
export const OVERTIME_COMPENSATIONS = ["leave", "pay"] as const;
export const OVERTIME_COMPENSATION_LABEL = { leave: "调休", pay: "加班费" } as const;
export const MAX_OVERTIME_MINUTES = 24 * 60;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time must be HH:MM");
/** Minutes from start to end; an end not after the start on a form marked "ends next day" runs into the next day. */
const timesRead = (a: { start_time: string; end_time: string }) => hhmm.safeParse(a.start_time).success && hhmm.safeParse(a.end_time).success;
export function overtimeMinutes(a: { start_time: string; end_time: string; end_next_day?: boolean }): number {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return m(a.end_time) + (a.end_next_day ? 1440 : 0) - m(a.start_time);
}
export const overtimeApplication = z
  .strictObject({
    kind: z.literal("overtime"),
    date: isoDate.meta({ description: "The business date the overtime starts on (it is counted on this day)." }),
    start_time: hhmm.meta({ description: "Start, HH:MM in the org's zone." }),
    end_time: hhmm.meta({ description: "End, HH:MM in the org's zone; on the next day when end_next_day is true." }),
    end_next_day: z.boolean().default(false),
    compensation: z.enum(OVERTIME_COMPENSATIONS).meta({ description: "leave = 调休, pay = 加班费." }),
    reason,
    request_id: requestId,
  })
  .refine((a) => !timesRead(a) || overtimeMinutes(a) > 0, { message: "the end must be after the start (tick 次日 for an overtime ending after midnight)", path: ["end_time"] })
  .refine((a) => !timesRead(a) || overtimeMinutes(a) <= MAX_OVERTIME_MINUTES, { message: "an overtime lasts at most 24 hours", path: ["end_time"] });
export type OvertimeApplication = z.infer<typeof overtimeApplication>;

/** 会议请假 / 缺席说明: why the applicant will miss (or missed) a meeting. */
export const EXCUSE_CATEGORIES = ["出差", "客户拜访", "病假", "事假", "时间冲突", "其他"] as const;
const meetingId = z.coerce.number().int("meeting_id must be a whole number").positive("choose a meeting").max(Number.MAX_SAFE_INTEGER);

export const meetingExcuseApplication = z.strictObject({
  kind: z.literal("meeting_excuse"),
  meeting_id: meetingId.meta({ description: "One of the applicant's meetings (invited, not cancelled)." }),
  category: z.enum(EXCUSE_CATEGORIES),
  reason,
  request_id: requestId,
});

export const applicationRequest = z.discriminatedUnion("kind", [leaveApplication, correctionApplication, overtimeApplication, meetingExcuseApplication]);
export type ApplicationRequest = z.infer<typeof applicationRequest>;
export type LeaveApplication = z.infer<typeof leaveApplication>;
export type CorrectionApplication = z.infer<typeof correctionApplication>;
export type MeetingExcuseApplication = z.infer<typeof meetingExcuseApplication>;

/** The preview takes the same facts as query parameters (no reason, no request id needed). */
export const previewQuery = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("leave"), leave_type: z.enum(LEAVE_TYPES), start_date: isoDate, end_date: isoDate }).refine((a) => a.end_date >= a.start_date, { message: "the end date must not be before the start date", path: ["end_date"] }),
  z.object({ kind: z.literal("correction") }),
  z.object({ kind: z.literal("overtime"), date: isoDate, start_time: hhmm, end_time: hhmm, end_next_day: z.enum(["0", "1"]).default("0").transform((x) => x === "1") })
    .refine((a) => !timesRead(a) || overtimeMinutes(a) > 0, { message: "the end must be after the start", path: ["end_time"] })
    .refine((a) => !timesRead(a) || overtimeMinutes(a) <= MAX_OVERTIME_MINUTES, { message: "an overtime lasts at most 24 hours", path: ["end_time"] }),
  z.object({ kind: z.literal("meeting_excuse"), meeting_id: meetingId }),
]);
export type PreviewQuery = z.infer<typeof previewQuery>;

/** Calendar days from start to end, both included. */
export function leaveDays(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

/** 转交: hand one's place on the active step to a colleague (by 工号), with a note for them and the log. */
export const transferRequest = z.strictObject({
  to_employee_no: z.string().trim().min(1, "choose whom to transfer to").max(64),
  comment: z.string().trim().max(500).default(""),
});
export type TransferRequest = z.infer<typeof transferRequest>;

/** 撤销 after approval: why (required, shown to the approvers and in the log). */
export const revokeRequest = z.strictObject({
  reason: z.string().trim().min(1, "a reason is required to revoke an approved application").max(500),
});

/** 外出代理: from one date to another (inclusive, in the org's zone), `delegate_employee_no` decides for me. */
export const delegationRequest = z
  .strictObject({
    delegate_employee_no: z.string().trim().min(1, "choose a delegate").max(64),
    start_date: isoDate,
    end_date: isoDate,
    reason: z.string().trim().max(200).default(""),
  })
  .refine((d) => d.end_date >= d.start_date, { message: "the end date must not be before the start date", path: ["end_date"] })
  .refine((d) => leaveDays(d.start_date, d.end_date) <= 92, { message: "at most 92 days in one delegation", path: ["end_date"] });
export type DelegationRequest = z.infer<typeof delegationRequest>;
