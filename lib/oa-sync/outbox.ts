// Writing to the OA outbox: called by domains in the same transaction as the change it describes.
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { oaOutbox } from "@/db/schema";
import { env } from "@/lib/env";

/**
 * What goes to the OA: meeting check-ins, attendance person-days, punches, decisions taken in this app on the
 * OA's approval todos, and the applications of our own flows with their path and result (one outbox, one
 * dispatcher, both sinks).
 */
export const OA_AGGREGATE_TYPES = ["meeting_attendance", "attendance_day", "punch", "approval_decision", "approval"] as const;
export type OaAggregateType = (typeof OA_AGGREGATE_TYPES)[number];

export interface OaChange {
  aggregateType: OaAggregateType;
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

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The one multi-row path from a table into the outbox: `select` yields (aggregate_id text, version int, payload jsonb)
 * for the rows to enqueue; one INSERT … SELECT writes them all, and a version already enqueued inserts nothing.
 * Call it in the transaction that wrote the rows, right after the write, so each snapshot is exactly that version.
 */
export async function enqueueOaSnapshots(db: Db, aggregateType: OaAggregateType, select: SQL, withClause?: SQL): Promise<void> {
  await db.execute(oaSnapshotsStatement(aggregateType, select, withClause));
}

/**
 * The statement of `enqueueOaSnapshots`, for a writer that puts its own write in `withClause` (WITH … data-modifying
 * CTEs) and selects the snapshots from what that write RETURNs: the row, its outbox row, one statement.
 */
export function oaSnapshotsStatement(aggregateType: OaAggregateType, select: SQL, withClause?: SQL): SQL {
  const sink = env().OA_SINK;
  return sql`${withClause ?? sql``}
    INSERT INTO oa_outbox (sink, aggregate_type, aggregate_id, version, idempotency_key, payload)
    SELECT ${sink}, ${aggregateType}, s.aggregate_id, s.version, ${aggregateType} || ':' || s.aggregate_id || ':v' || s.version, s.payload
      FROM (${select}) s
    ON CONFLICT (sink, idempotency_key) DO NOTHING`;
}

/**
 * Enqueue the current version of one meeting_attendance row, payload built in the same INSERT … SELECT (one
 * round trip: employee number, name and department joined in SQL). Call it in the transaction that wrote the row,
 * right after the write, so the snapshot is exactly that version. A second call for the same version inserts nothing.
 */
export async function enqueueAttendanceSnapshot(db: Db, attendanceId: number): Promise<void> {
  await enqueueOaSnapshots(
    db,
    "meeting_attendance",
    sql`SELECT a.id::text AS aggregate_id, a.version,
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
      ) AS payload
    FROM meeting_attendance a
    JOIN meetings m ON m.id = a.meeting_id
    JOIN employees e ON e.id = a.employee_id
    LEFT JOIN departments d ON d.id = e.department_id
    WHERE a.id = ${attendanceId}`,
  );
}

/** The wire shape of one person-day result towards the OA (both sinks; the pull API row is the same). */
export const oaAttendanceDayPayload = z.object({
  record_id: z.number().int().positive(),
  employee_no: z.string().min(1),
  employee_name: z.string().min(1),
  department_name: z.string().nullable().default(null),
  business_date: z.iso.date(),
  day_type: z.string().min(1),
  statuses: z.array(z.string()),
  late_minutes: z.number().int(),
  early_leave_minutes: z.number().int(),
  worked_minutes: z.number().int(),
  leave_minutes: z.number().int(),
  overtime_workday_minutes: z.number().int(),
  overtime_rest_day_minutes: z.number().int(),
  overtime_holiday_minutes: z.number().int(),
  explanation: z.string(),
  version: z.number().int().positive(),
  updated_at: z.iso.datetime(),
});
export type OaAttendanceDayPayload = z.infer<typeof oaAttendanceDayPayload>;

/** The wire shape of one punch towards the OA. Its version counts the recorded changes (1 + history length). */
export const oaPunchPayload = z.object({
  record_id: z.number().int().positive(),
  employee_no: z.string().min(1),
  employee_name: z.string().min(1),
  source: z.string().min(1),
  device_id: z.string(),
  source_record_id: z.string(),
  punched_at: z.iso.datetime(),
  business_date: z.iso.date(),
  direction: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  place_name: z.string().nullable(),
  field: z.boolean(),
  suspicious: z.boolean(),
  change_state: z.enum(["added", "changed", "vanished"]),
  version: z.number().int().positive(),
  updated_at: z.iso.datetime(),
});
export type OaPunchPayload = z.infer<typeof oaPunchPayload>;

/** A punch's version: every change appends one history entry, so it only grows. */
export const PUNCH_VERSION_SQL = sql.raw(`(jsonb_array_length(p.history) + 1)`);

/**
 * The snapshot SELECT of person-days: `from` is a relation of attendance_days rows aliased `a` (the table with a
 * filter, or the RETURNING of the recompute's upsert).
 */
export function attendanceDaySnapshotSelect(from: SQL): SQL {
  return sql`SELECT a.id::text AS aggregate_id, a.version,
      jsonb_build_object(
        'record_id', a.id,
        'employee_no', e.employee_no,
        'employee_name', e.name,
        'department_name', d.name,
        'business_date', a.business_date::text,
        'day_type', a.day_type,
        'statuses', to_jsonb(a.statuses),
        'late_minutes', a.late_minutes,
        'early_leave_minutes', a.early_leave_minutes,
        'worked_minutes', a.worked_minutes,
        'leave_minutes', a.leave_minutes,
        'overtime_workday_minutes', a.overtime_workday_minutes,
        'overtime_rest_day_minutes', a.overtime_rest_day_minutes,
        'overtime_holiday_minutes', a.overtime_holiday_minutes,
        'explanation', a.explanation,
        'version', a.version,
        'updated_at', to_char(a.computed_at AT TIME ZONE 'UTC', ${sql.raw(ISO)})
      ) AS payload
    FROM ${from}
    JOIN employees e ON e.id = a.employee_id
    LEFT JOIN departments d ON d.id = e.department_id`;
}

/** Enqueue the current version of these person-days (one statement, whatever the count). */
export async function enqueueAttendanceDaySnapshots(db: Db, dayIds: number[]): Promise<void> {
  if (!dayIds.length) return;
  const ids = sql.raw(`ARRAY[${dayIds.map((i) => Math.trunc(Number(i))).join(",")}]::bigint[]`);
  await enqueueOaSnapshots(db, "attendance_day", attendanceDaySnapshotSelect(sql`(SELECT * FROM attendance_days WHERE id = ANY(${ids})) a`));
}

/** Enqueue the current version of these punches (one statement). */
export async function enqueuePunchSnapshots(db: Db, punchIds: number[]): Promise<void> {
  if (!punchIds.length) return;
  await enqueueOaSnapshots(
    db,
    "punch",
    sql`SELECT p.id::text AS aggregate_id, ${PUNCH_VERSION_SQL} AS version,
      jsonb_build_object(
        'record_id', p.id,
        'employee_no', e.employee_no,
        'employee_name', e.name,
        'source', p.source,
        'device_id', p.device_id,
        'source_record_id', p.record_id,
        'punched_at', to_char(p.punched_at AT TIME ZONE 'UTC', ${sql.raw(ISO)}),
        'business_date', p.business_date::text,
        'direction', p.direction,
        'latitude', p.latitude,
        'longitude', p.longitude,
        'place_name', p.place_name,
        'field', p.field,
        'suspicious', p.suspicious,
        'change_state', p.change_state,
        'version', ${PUNCH_VERSION_SQL},
        'updated_at', to_char(p.updated_at AT TIME ZONE 'UTC', ${sql.raw(ISO)})
      ) AS payload
    FROM punches p
    JOIN employees e ON e.id = p.employee_id
    WHERE p.id = ANY(${sql.raw(`ARRAY[${punchIds.map((i) => Math.trunc(Number(i))).join(",")}]::bigint[]`)})`,
  );
}

/**
 * The wire shape of a decision taken in this app on one of the OA's approval todos (both sinks). `approval_id` and
 * `approval_version` are the OA's own id and the version the approver saw; `record_id` is our item id. One
 * decision per item, so the version is always 1 and the idempotency key is `approval_decision:<item>:v1`.
 */
export const oaApprovalDecisionPayload = z.object({
  record_id: z.number().int().positive(),
  approval_id: z.string().min(1),
  approval_version: z.number().int().positive(),
  outcome: z.enum(["agree", "refuse", "return"]),
  comment: z.string(),
  decider_employee_no: z.string().min(1),
  decider_name: z.string().min(1),
  decided_at: z.iso.datetime(),
  client: z.string().min(1),
  version: z.number().int().positive(),
});
export type OaApprovalDecisionPayload = z.infer<typeof oaApprovalDecisionPayload>;

/**
 * The wire shape of one application of our own flows (leave, 补卡, 加班, 会议请假) towards the OA (both sinks):
 * its state after every act — submitted, each decision, 转交, withdrawn, revoked (撤销) — with the path as it stands
 * (`steps`: each step's mode, status and people with their decisions). `version` grows with every act on the item,
 * so the OA keeps the latest (the version guard) and a redelivery changes nothing.
 */
export const oaApprovalPayload = z.object({
  record_id: z.number().int().positive(),
  kind: z.enum(["leave", "correction", "overtime", "meeting_excuse"]),
  title: z.string().min(1),
  applicant_employee_no: z.string().min(1),
  applicant_name: z.string().min(1),
  status: z.enum(["open", "agreed", "refused", "returned", "withdrawn", "revoked"]),
  form: z.record(z.string(), z.unknown()),
  steps: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      mode: z.enum(["single", "all", "any"]),
      status: z.string().min(1),
      approvers: z.array(z.object({ employee_no: z.string(), name: z.string(), outcome: z.enum(["agree", "refuse", "return"]).nullable(), comment: z.string(), decided_at: z.iso.datetime().nullable() })),
    }),
  ),
  current_approver_employee_nos: z.array(z.string()),
  submitted_at: z.iso.datetime(),
  decided_at: z.iso.datetime().nullable(),
  revoked_at: z.iso.datetime().nullable(),
  revoke_reason: z.string().nullable(),
  version: z.number().int().positive(),
  updated_at: z.iso.datetime(),
});
export type OaApprovalPayload = z.infer<typeof oaApprovalPayload>;
