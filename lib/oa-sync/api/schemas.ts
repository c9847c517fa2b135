// Pull API (/api/v1) boundaries: query parameters and resources, as zod schemas. The OpenAPI document is
// generated from these (openapi.ts), so what we validate is what we document.
import { z } from "zod";
import { FROM_AFTER_TO, fromNotAfterTo, isoDate } from "@/lib/validation";

export const API_SCOPES = ["meetings:read", "meeting_attendance:read", "employees:read", "attendance_days:read", "punches:read", "punches:write", "approvals:read", "approvals:write"] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const apiScope = z.enum(API_SCOPES);

const id = z.coerce.number().int().positive();

export const pageParams = z.object({
  cursor: z.string().max(200).optional().meta({ description: "Opaque cursor from the previous page's next_cursor. Omit for the first page." }),
  limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: "Rows per page (1–500)." }),
});

export const meetingsQuery = pageParams.extend({
  from: isoDate().optional().meta({ description: "Meetings on or after this business date (YYYY-MM-DD, organisation time zone; 2000–2999)." }),
  to: isoDate().optional().meta({ description: "Meetings on or before this business date (not before from)." }),
  department_id: id.optional().meta({ description: "Only meetings organised by someone in this department or below." }),
}).refine(fromNotAfterTo, FROM_AFTER_TO);

export const attendanceQuery = pageParams.extend({
  from: isoDate().optional().meta({ description: "Records whose business date is on or after this date (2000–2999)." }),
  to: isoDate().optional().meta({ description: "Records whose business date is on or before this date (not before from)." }),
  department_id: id.optional().meta({ description: "Only people in this department or below." }),
  meeting_id: id.optional().meta({ description: "Only this meeting." }),
}).refine(fromNotAfterTo, FROM_AFTER_TO);

export const employeesQuery = pageParams.extend({
  department_id: id.optional().meta({ description: "Only people in this department or below." }),
  status: z.enum(["active", "departed"]).optional(),
});

export const attendanceDaysQuery = pageParams.extend({
  from: isoDate().optional().meta({ description: "Person-days on or after this business date (YYYY-MM-DD, organisation time zone; 2000–2999)." }),
  to: isoDate().optional().meta({ description: "Person-days on or before this business date (not before from)." }),
  department_id: id.optional().meta({ description: "Only people in this department or below." }),
  employee_no: z.string().min(1).max(64).optional().meta({ description: "Only this person (工号)." }),
}).refine(fromNotAfterTo, FROM_AFTER_TO);

export const punchesQuery = pageParams.extend({
  from: isoDate().optional().meta({ description: "Punches counting for this business date or later (night shifts: the date the shift began)." }),
  to: isoDate().optional().meta({ description: "Punches counting for this business date or earlier (not before from)." }),
  department_id: id.optional().meta({ description: "Only people in this department or below." }),
  employee_no: z.string().min(1).max(64).optional().meta({ description: "Only this person (工号)." }),
}).refine(fromNotAfterTo, FROM_AFTER_TO);

const ts = z.iso.datetime().meta({ description: "ISO 8601, UTC" });

export const meetingResource = z
  .object({
    id: z.number().int(),
    title: z.string(),
    source: z.string().meta({ description: "local, tencent_meeting, zoom, agora, wecom" }),
    external_id: z.string(),
    status: z.string(),
    starts_at: ts,
    ends_at: ts,
    business_date: z.iso.date(),
    location_name: z.string().nullable(),
    organizer_employee_no: z.string().nullable(),
    organizer_department_id: z.number().int().nullable(),
    series_id: z.number().int().nullable().meta({ description: "The recurring series (周例会) this meeting is an occurrence of; null for a one-off" }),
    series_index: z.number().int().nullable().meta({ description: "Which occurrence of the series (1-based)" }),
    updated_at: ts,
  })
  .meta({ id: "Meeting" });

export const attendanceResource = z
  .object({
    id: z.number().int(),
    meeting_id: z.number().int(),
    meeting_title: z.string(),
    employee_no: z.string().meta({ description: "工号" }),
    employee_name: z.string(),
    department_id: z.number().int().nullable(),
    department_name: z.string().nullable(),
    status: z.enum(["pending", "on_time", "late", "early_leave", "absent", "on_leave"]),
    method: z.string().nullable().meta({ description: "qr, geofence, video, manual, import" }),
    checked_in_at: ts.nullable().meta({ description: "Check-in time, to the second" }),
    checked_out_at: ts.nullable().meta({ description: "Check-out (签退) time, to the second, for a meeting that requires one" }),
    series_id: z.number().int().nullable().meta({ description: "The meeting's recurring series (周例会), if any" }),
    device: z.string().nullable(),
    business_date: z.iso.date(),
    version: z.number().int(),
    updated_at: ts,
  })
  .meta({ id: "MeetingAttendance" });

export const employeeResource = z
  .object({
    id: z.number().int(),
    employee_no: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    department_id: z.number().int().nullable(),
    department_name: z.string().nullable(),
    status: z.enum(["active", "departed"]),
    departed_at: ts.nullable(),
    updated_at: ts,
  })
  .meta({ id: "Employee" });

export const attendanceDayResource = z
  .object({
    id: z.number().int(),
    employee_no: z.string().meta({ description: "工号" }),
    employee_name: z.string(),
    department_id: z.number().int().nullable(),
    business_date: z.iso.date().meta({ description: "The person-day (organisation time zone; a night shift counts for the date it began)" }),
    day_type: z.enum(["workday", "weekend", "statutory_holiday", "in_lieu_rest", "makeup_workday"]),
    statuses: z.array(z.string()).meta({ description: "Status codes: normal, late, serious_late, absent_late, early_leave, missing_in, missing_out, absent, rest, leave, trip, field" }),
    late_minutes: z.number().int(),
    early_leave_minutes: z.number().int(),
    worked_minutes: z.number().int(),
    leave_minutes: z.number().int(),
    overtime_workday_minutes: z.number().int().meta({ description: "Overtime on a workday (recorded, not paid)" }),
    overtime_rest_day_minutes: z.number().int().meta({ description: "Overtime on a rest day" }),
    overtime_holiday_minutes: z.number().int().meta({ description: "Overtime on a statutory holiday" }),
    explanation: z.string().meta({ description: "One line in Chinese, e.g. 迟到 7 分钟（宽限 5 分钟）" }),
    version: z.number().int().meta({ description: "Increases whenever the result changes" }),
    updated_at: ts,
  })
  .meta({ id: "AttendanceDay" });

export const punchResource = z
  .object({
    id: z.number().int(),
    employee_no: z.string().meta({ description: "工号" }),
    employee_name: z.string(),
    department_id: z.number().int().nullable(),
    source: z.enum(["app", "wecom", "dingtalk", "device", "file", "meeting"]),
    device_id: z.string().meta({ description: "Punch device id (empty for other sources)" }),
    record_id: z.string().meta({ description: "The channel's own record id" }),
    punched_at: ts,
    business_date: z.iso.date(),
    direction: z.enum(["in", "out"]).nullable(),
    latitude: z.number().nullable().meta({ description: "GCJ-02" }),
    longitude: z.number().nullable().meta({ description: "GCJ-02" }),
    place_name: z.string().nullable(),
    field: z.boolean().meta({ description: "外勤 (field punch)" }),
    suspicious: z.boolean(),
    change_state: z.enum(["added", "changed", "vanished"]).meta({ description: "vanished: the vendor no longer returns it (kept, not counted)" }),
    version: z.number().int().meta({ description: "Increases with every recorded change" }),
    updated_at: ts,
  })
  .meta({ id: "Punch" });

export function pageOf<T extends z.ZodType>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` to continue. Keep it even when has_more is false and poll again later: new and changed rows appear after it." }),
      has_more: z.boolean(),
      complete_up_to: ts.meta({ description: "Every row changed before this instant is visible in this feed: rows newer than it are held back until in-flight writes commit." }),
    })
    .meta({ id: name });
}

export const errorResource = z
  .object({ error: z.string(), message: z.string() })
  .meta({ id: "Error" });

export type MeetingResource = z.infer<typeof meetingResource>;
export type AttendanceResource = z.infer<typeof attendanceResource>;
export type EmployeeResource = z.infer<typeof employeeResource>;
export type AttendanceDayResource = z.infer<typeof attendanceDayResource>;
export type PunchResource = z.infer<typeof punchResource>;
