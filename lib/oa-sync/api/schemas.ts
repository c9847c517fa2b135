// Pull API (/api/v1) boundaries: query parameters and resources, as zod schemas. The OpenAPI document is
// generated from these (openapi.ts), so what we validate is what we document.
import { z } from "zod";
import { FROM_AFTER_TO, fromNotAfterTo, isoDate } from "@/lib/validation";

export const API_SCOPES = ["meetings:read", "meeting_attendance:read", "employees:read"] as const;
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
