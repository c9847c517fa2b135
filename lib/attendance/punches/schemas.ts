// POST /api/v1/punches boundaries, as zod schemas: what we validate is what the OpenAPI document shows.
import { z } from "zod";

export const MAX_DEVICE_BATCH = 500;
/** A device clock a few minutes fast is tolerated; a punch further in the future is refused. */
export const FUTURE_SKEW_MS = 5 * 60_000;

const text = (max: number) => z.string().min(1).max(max).regex(/^\S(.*\S)?$/s, "must not start or end with whitespace");

export const devicePunch = z.strictObject({
  employee_no: text(64).meta({ description: "The employee's number (工号) as in the HR system." }),
  time: z.iso.datetime({ offset: true }).meta({ description: "RFC 3339 with offset, e.g. 2026-03-02T08:59:12+08:00." }),
  device_id: text(128).meta({ description: "The device's id; record ids are unique per device." }),
  record_id: text(128).meta({ description: "The device's id for this punch; a repeat is reported as duplicate." }),
  direction: z.enum(["in", "out"]).optional(),
  location: z
    .strictObject({
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      coord: z.enum(["wgs84", "gcj02"]),
    })
    .optional(),
});
export type DevicePunch = z.infer<typeof devicePunch>;

export const devicePunchRequest = z.strictObject({
  punches: z.array(z.unknown()).max(MAX_DEVICE_BATCH).meta({ description: `1–${MAX_DEVICE_BATCH} punches.` }),
});

export const devicePunchResult = z.object({
  device_id: z.string().nullable(),
  record_id: z.string().nullable(),
  status: z.enum(["accepted", "duplicate", "unknown_employee", "invalid"]),
  reason: z.string().optional(),
});
export type DevicePunchResult = z.infer<typeof devicePunchResult>;

/** The request as documented (the route validates the list first, then each record, so one bad record is "invalid"). */
export const devicePunchRequestDoc = z.strictObject({
  punches: z.array(devicePunch).max(MAX_DEVICE_BATCH),
});
export const devicePunchResponse = z.object({ results: z.array(devicePunchResult) });
