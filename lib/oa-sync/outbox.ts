// Writing to the OA outbox: called by domains in the same transaction as the change it describes.
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { oaOutbox } from "@/db/schema";
import { env } from "@/lib/env";

export interface OaChange {
  aggregateType: "meeting_attendance";
  aggregateId: string | number;
  version: number;
  payload: Record<string, unknown>;
}

/** The idempotency key of one version of one record: `meeting_attendance:42:v3`. */
export function oaIdempotencyKey(aggregateType: string, aggregateId: string | number, version: number): string {
  return `${aggregateType}:${aggregateId}:v${version}`;
}

/** One row per (sink, aggregate, version); a replay of the same version inserts nothing. */
export async function enqueueOaChange(db: Db, change: OaChange): Promise<void> {
  const sink = env().OA_SINK;
  await db
    .insert(oaOutbox)
    .values({
      sink,
      aggregateType: change.aggregateType,
      aggregateId: String(change.aggregateId),
      version: change.version,
      idempotencyKey: oaIdempotencyKey(change.aggregateType, change.aggregateId, change.version),
      payload: change.payload,
    })
    .onConflictDoNothing();
}

/**
 * The wire shape of a meeting attendance record towards the OA (both sinks, docs/oa/*). snake_case because it
 * lands in the OA's own SQL table and JSON. Times are ISO 8601 UTC; check-in time is truncated to the second.
 */
export const oaAttendancePayload = z.object({
  record_id: z.number().int().positive(),
  meeting_id: z.number().int().positive(),
  meeting_title: z.string().nullable().default(null),
  employee_no: z.string().min(1),
  employee_name: z.string().min(1),
  department_name: z.string().nullable().default(null),
  checked_in_at: z.iso.datetime().nullable(),
  method: z.string().nullable(),
  status: z.string().min(1),
  device: z.string().nullable().default(null),
  business_date: z.iso.date(),
  version: z.number().int().positive(),
  updated_at: z.iso.datetime(),
});
export type OaAttendancePayload = z.infer<typeof oaAttendancePayload>;

function isoSeconds(d: Date | string | null | undefined): string | null {
  if (!d) return null;
  const t = new Date(d).getTime();
  return new Date(Math.floor(t / 1000) * 1000).toISOString();
}

/** Build the payload from the attendance row and the names the OA wants (what the meetings domain has at hand). */
export function attendanceOaPayload(input: {
  id: number;
  meetingId: number;
  meetingTitle?: string | null;
  employeeNo: string;
  employeeName: string;
  departmentName?: string | null;
  checkedInAt: Date | string | null;
  method: string | null;
  status: string;
  device?: string | null;
  businessDate: string;
  version: number;
  updatedAt: Date | string;
}): OaAttendancePayload {
  return oaAttendancePayload.parse({
    record_id: input.id,
    meeting_id: input.meetingId,
    meeting_title: input.meetingTitle ?? null,
    employee_no: input.employeeNo,
    employee_name: input.employeeName,
    department_name: input.departmentName ?? null,
    checked_in_at: isoSeconds(input.checkedInAt),
    method: input.method,
    status: input.status,
    device: input.device ?? null,
    business_date: input.businessDate,
    version: input.version,
    updated_at: new Date(input.updatedAt).toISOString(),
  });
}

/** Convenience for the meetings domain: enqueue one attendance version (same transaction as the row's write). */
export async function enqueueAttendanceChange(db: Db, payload: OaAttendancePayload): Promise<void> {
  await enqueueOaChange(db, {
    aggregateType: "meeting_attendance",
    aggregateId: payload.record_id,
    version: payload.version,
    payload,
  });
}

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * Enqueue the current version of one meeting_attendance row, payload built in the same INSERT … SELECT (one
 * round trip: employee number, name and department joined in SQL). Call it in the transaction that wrote the row,
 * right after the write, so the snapshot is exactly that version. A second call for the same version inserts nothing.
 */
export async function enqueueAttendanceSnapshot(db: Db, attendanceId: number): Promise<void> {
  const sink = env().OA_SINK;
  await db.execute(sql`
    INSERT INTO oa_outbox (sink, aggregate_type, aggregate_id, version, idempotency_key, payload)
    SELECT ${sink}, 'meeting_attendance', a.id::text, a.version, 'meeting_attendance:' || a.id || ':v' || a.version,
      jsonb_build_object(
        'record_id', a.id,
        'meeting_id', a.meeting_id,
        'meeting_title', m.title,
        'employee_no', e.employee_no,
        'employee_name', e.name,
        'department_name', d.name,
        'checked_in_at', to_char(date_trunc('second', a.checked_in_at) AT TIME ZONE 'UTC', ${sql.raw(ISO)}),
        'method', a.method,
        'status', a.status,
        'device', a.device,
        'business_date', a.business_date::text,
        'version', a.version,
        'updated_at', to_char(a.updated_at AT TIME ZONE 'UTC', ${sql.raw(ISO)})
      )
    FROM meeting_attendance a
    JOIN meetings m ON m.id = a.meeting_id
    JOIN employees e ON e.id = a.employee_id
    LEFT JOIN departments d ON d.id = e.department_id
    WHERE a.id = ${attendanceId}
    ON CONFLICT (sink, idempotency_key) DO NOTHING`);
}
