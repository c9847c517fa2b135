-- Qiandao → OA target schema (OA_SINK=postgres). The OA team applies this once to the OA's own PostgreSQL
-- (psql "$OA_DATABASE_URL" -f docs/oa/schema.sql); it is idempotent and safe to re-run.
-- Qiandao only INSERTs/UPDATEs these two tables, in one transaction per batch:
--   * qiandao_sync_receipts: one row per delivered idempotency key ("meeting_attendance:<record_id>:v<version>").
--     A redelivery (after a timeout or a crash between the OA commit and our acknowledgement) finds its key here
--     and changes nothing.
--   * qiandao_meeting_attendance: one row per meeting × person, upserted by record_id with a version guard
--     (an update applies only when its version is higher), so an older version never overwrites a newer one.
-- Grant the sync user: INSERT, UPDATE, SELECT on both tables, nothing else.

CREATE TABLE IF NOT EXISTS qiandao_meeting_attendance (
  record_id       bigint      PRIMARY KEY,          -- Qiandao's attendance record id (stable)
  meeting_id      bigint      NOT NULL,             -- Qiandao meeting id (also in the pull API /api/v1/meetings)
  meeting_title   text,
  employee_no     text        NOT NULL,             -- 工号
  employee_name   text        NOT NULL,             -- 姓名
  department_name text,
  checked_in_at   timestamp(0) with time zone,      -- 签到时间, to the second, UTC; NULL when not checked in
  method          text,                             -- qr | geofence | video | manual | import
  status          text        NOT NULL,             -- pending | on_time | late | early_leave | absent | on_leave
  device          text,                             -- device / client the check-in came from
  business_date   date        NOT NULL,             -- the day it counts for, in the organisation's time zone
  version         integer     NOT NULL,             -- increases with every change of the record
  updated_at      timestamptz NOT NULL,             -- when Qiandao changed the record
  synced_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS qiandao_meeting_attendance_meeting_idx ON qiandao_meeting_attendance (meeting_id);
CREATE INDEX IF NOT EXISTS qiandao_meeting_attendance_emp_idx ON qiandao_meeting_attendance (employee_no, business_date);

CREATE TABLE IF NOT EXISTS qiandao_sync_receipts (
  idempotency_key text        PRIMARY KEY,
  record_type     text        NOT NULL,
  record_id       bigint      NOT NULL,
  version         integer     NOT NULL,
  received_at     timestamptz NOT NULL DEFAULT now()
);
