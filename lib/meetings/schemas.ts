// zod schemas for every meetings boundary: forms, API bodies, query strings.
import { z } from "zod";
import { FROM_AFTER_TO, fromNotAfterTo, isoDate, isoInstant as isoInstantRule, whenFieldsValid } from "@/lib/validation";

const isoInstant = isoInstantRule();

export const meetingInput = z
  .object({
    title: z.string().trim().min(1, "请填写会议主题").max(120),
    description: z.string().trim().max(2000).optional().nullable(),
    startsAt: isoInstant,
    endsAt: isoInstant,
    locationName: z.string().trim().max(200).optional().nullable(),
    latitude: z.number().min(-90).max(90).optional().nullable(),
    longitude: z.number().min(-180).max(180).optional().nullable(),
    /** Coordinate system of latitude/longitude as picked on the map (AMap/Tencent maps give GCJ-02). */
    coordType: z.enum(["wgs84", "gcj02", "bd09"]).default("wgs84"),
    radiusMeters: z.number().int().min(20).max(5000).optional().nullable(),
    inviteeIds: z.array(z.number().int().positive()).max(20_000).default([]),
    departmentIds: z.array(z.number().int().positive()).max(500).default([]),
    inviteOnly: z.boolean().default(true),
    /** 会议联动: a check-in here is also the person's attendance punch. */
    countsForAttendance: z.boolean().default(false),
    /** 签退: in-person attendees check out in [end − opensBefore, end + closesAfter], or they left early. */
    checkoutRequired: z.boolean().default(false),
    checkoutOpensBeforeEndMinutes: z.number().int().min(0).max(24 * 60).default(10),
    checkoutClosesAfterEndMinutes: z.number().int().min(0).max(24 * 60).default(30),
    openBeforeMinutes: z.number().int().min(0).max(24 * 60).default(15),
    lateAfterMinutes: z.number().int().min(0).max(24 * 60).default(5),
    earlyLeaveMinutes: z.number().int().min(0).max(24 * 60).default(10),
    remindBeforeMinutes: z.number().int().min(0).max(24 * 60).default(15),
    nudgeAfterMinutes: z.number().int().min(0).max(24 * 60).default(10),
  })
  .refine((m) => m.endsAt > m.startsAt, { message: "结束时间必须晚于开始时间", path: ["endsAt"], when: whenFieldsValid })
  .refine((m) => m.endsAt.getTime() - m.startsAt.getTime() <= 7 * 86_400_000, { message: "会议不能超过 7 天", path: ["endsAt"], when: whenFieldsValid })
  .refine((m) => (m.latitude == null) === (m.longitude == null), { message: "地点坐标不完整", path: ["latitude"], when: whenFieldsValid });
export type MeetingInput = z.infer<typeof meetingInput>;

export const meetingPatch = z.object({
  title: z.string().trim().min(1).max(120).optional(),
  startsAt: isoInstant.optional(),
  endsAt: isoInstant.optional(),
  locationName: z.string().trim().max(200).optional().nullable(),
  latitude: z.number().min(-90).max(90).optional().nullable(),
  longitude: z.number().min(-180).max(180).optional().nullable(),
  radiusMeters: z.number().int().min(20).max(5000).optional().nullable(),
  openBeforeMinutes: z.number().int().min(0).max(1440).optional(),
  lateAfterMinutes: z.number().int().min(0).max(1440).optional(),
  earlyLeaveMinutes: z.number().int().min(0).max(1440).optional(),
  status: z.enum(["scheduled", "cancelled"]).optional(),
  countsForAttendance: z.boolean().optional(),
  checkoutRequired: z.boolean().optional(),
  checkoutOpensBeforeEndMinutes: z.number().int().min(0).max(1440).optional(),
  checkoutClosesAfterEndMinutes: z.number().int().min(0).max(1440).optional(),
});
export type MeetingPatch = z.infer<typeof meetingPatch>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间格式为 HH:mm");

/** A recurring meeting (周例会): the first occurrence's fields, how often, how many times. */
export const seriesFields = z.object({
  frequency: z.enum(["weekly", "biweekly", "monthly"]),
  count: z.number().int().min(2, "重复会议至少需要 2 次").max(52, "重复会议最多 52 次"),
});

/** A series edit: the meeting fields, with wall-clock times (HH:mm, ORG_TIMEZONE) instead of instants. */
export const seriesPatch = meetingPatch.omit({ startsAt: true, endsAt: true }).extend({ startTime: hhmm.optional(), endTime: hhmm.optional() });
export type SeriesPatchInput = z.infer<typeof seriesPatch>;

export const locationReport = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    coordType: z.enum(["wgs84", "gcj02", "bd09"]),
    accuracy: z.number().min(0).max(100_000).optional().nullable(),
    source: z.enum(["wecom", "dingtalk", "browser"]).default("browser"),
  }),
  z.object({
    ok: z.literal(false),
    error: z.enum(["denied", "unavailable", "timeout", "unsupported"]),
    source: z.enum(["wecom", "dingtalk", "browser"]).default("browser"),
  }),
]);

export const checkInRequest = z.discriminatedUnion("method", [
  z.object({ method: z.literal("qr"), meetingId: z.coerce.number().int().positive(), code: z.string().min(1).max(64) }),
  z.object({ method: z.literal("geofence"), meetingId: z.coerce.number().int().positive(), location: locationReport }),
]);
export type CheckInRequest = z.infer<typeof checkInRequest>;

/** 签退: the same shapes as a check-in (a QR code of purpose "out", or a location). */
export const checkOutRequest = checkInRequest;
export type CheckOutRequest = CheckInRequest;

export const manualMarkInput = z.object({
  employeeId: z.number().int().positive(),
  status: z.enum(["on_time", "late", "early_leave", "absent", "on_leave"]),
  reason: z.string().trim().min(2, "请填写原因").max(500),
});
export type ManualMarkInput = z.infer<typeof manualMarkInput>;

export const leaveInput = z
  .object({
    employeeId: z.number().int().positive(),
    startsAt: isoInstant,
    endsAt: isoInstant,
    reason: z.string().trim().max(500).optional(),
  })
  .refine((l) => l.endsAt > l.startsAt, { message: "结束时间必须晚于开始时间", path: ["endsAt"], when: whenFieldsValid })
  .refine((l) => l.endsAt.getTime() - l.startsAt.getTime() <= 366 * 86_400_000, { message: "一次请假不能超过一年", path: ["endsAt"], when: whenFieldsValid });

export const claimInput = z.object({
  unmatchedId: z.number().int().positive(),
  employeeId: z.number().int().positive(),
});

export const reportQuery = z
  .object({
    from: isoDate(),
    to: isoDate(),
    departmentId: z.coerce.number().int().positive().optional(),
  })
  .refine(fromNotAfterTo, FROM_AFTER_TO);
