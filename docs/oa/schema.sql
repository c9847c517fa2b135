-- Qiandao → OA target schema (OA_SINK=postgres). The OA team applies this once to the OA's own PostgreSQL
-- (psql "$OA_DATABASE_URL" -f docs/oa/schema.sql); it is idempotent and safe to re-run.
-- Qiandao only INSERTs/UPDATEs these tables, in one transaction per batch:
--   * qiandao_sync_receipts: one row per delivered idempotency key ("meeting_attendance:<record_id>:v<version>").
--     A redelivery (after a timeout or a crash between the OA commit and our acknowledgement) finds its key here
--     and changes nothing.
--   * qiandao_meeting_attendance: one row per meeting × person, upserted by record_id with a version guard
--     (an update applies only when its version is higher), so an older version never overwrites a newer one.
--   * qiandao_attendance_days, qiandao_punches: person-days and punches, upserted the same way.
--   * qiandao_approval_decisions: decisions taken in Qiandao on the OA's approval todos (one per todo); the OA
--     applies them to its own workflow (approval_id = the id it pushed to /api/v1/approval-items).
-- Grant the sync user: INSERT, UPDATE, SELECT on these tables, nothing else.

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

-- Attendance person-days (one row per person × business date, aggregate "attendance_day"), upserted by record_id
-- with the same version guard. statuses: the engine's codes (normal, late, serious_late, absent_late, early_leave,
-- missing_in, missing_out, absent, rest, leave, trip, field …); overtime minutes by kind are recorded, not paid.
CREATE TABLE IF NOT EXISTS qiandao_attendance_days (
  record_id                 bigint      PRIMARY KEY,   -- Qiandao's person-day id (stable)
  employee_no               text        NOT NULL,
  employee_name             text        NOT NULL,
  department_name           text,
  business_date             date        NOT NULL,      -- organisation time zone; night shifts: the start date
  day_type                  text        NOT NULL,      -- workday | weekend | statutory_holiday | in_lieu_rest | makeup_workday
  statuses                  text[]      NOT NULL,
  late_minutes              integer     NOT NULL,
  early_leave_minutes       integer     NOT NULL,
  worked_minutes            integer     NOT NULL,
  leave_minutes             integer     NOT NULL,
  overtime_workday_minutes  integer     NOT NULL,
  overtime_rest_day_minutes integer     NOT NULL,
  overtime_holiday_minutes  integer     NOT NULL,
  explanation               text        NOT NULL,      -- one line in Chinese: 迟到 7 分钟（宽限 5 分钟）
  version                   integer     NOT NULL,
  updated_at                timestamptz NOT NULL,
  synced_at                 timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS qiandao_attendance_days_emp_idx ON qiandao_attendance_days (employee_no, business_date);

-- Punches from every channel (aggregate "punch"); a punch the vendor no longer returns stays, change_state = vanished.
CREATE TABLE IF NOT EXISTS qiandao_punches (
  record_id        bigint      PRIMARY KEY,            -- Qiandao's punch id (stable)
  employee_no      text        NOT NULL,
  employee_name    text        NOT NULL,
  source           text        NOT NULL,               -- app | wecom | dingtalk | device | file | meeting
  device_id        text        NOT NULL,
  source_record_id text        NOT NULL,               -- the channel's own record id
  punched_at       timestamptz NOT NULL,
  business_date    date        NOT NULL,
  direction        text,
  latitude         double precision,                   -- GCJ-02
  longitude        double precision,
  place_name       text,
  field            boolean     NOT NULL,
  suspicious       boolean     NOT NULL,
  change_state     text        NOT NULL,               -- added | changed | vanished
  version          integer     NOT NULL,
  updated_at       timestamptz NOT NULL,
  synced_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS qiandao_punches_emp_idx ON qiandao_punches (employee_no, business_date);

CREATE TABLE IF NOT EXISTS qiandao_approval_decisions (
  record_id          bigint      PRIMARY KEY,            -- Qiandao's approval item id (stable)
  approval_id        text        NOT NULL,               -- the OA's own id of the todo (as pushed)
  approval_version   integer     NOT NULL,               -- the version of the todo the approver saw
  outcome            text        NOT NULL,               -- agree | refuse | return
  comment            text        NOT NULL,
  decider_employee_no text       NOT NULL,
  decider_name       text        NOT NULL,
  decided_at         timestamptz NOT NULL,
  client             text        NOT NULL,               -- WeCom iOS, DingTalk Android, Browser …
  version            integer     NOT NULL,
  synced_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS qiandao_approval_decisions_approval_idx ON qiandao_approval_decisions (approval_id);

-- Applications filed in Qiandao's own flows (leave, 补卡, overtime, meeting excuse): the latest state of each,
-- with its path. status: open | agreed | refused | returned | withdrawn | revoked (撤销 after approval: what the
-- approval did to attendance is undone; the decisions stay in steps).
CREATE TABLE IF NOT EXISTS qiandao_approvals (
  record_id                     bigint      PRIMARY KEY,   -- Qiandao's approval item id (stable)
  kind                          text        NOT NULL,      -- leave | correction | overtime | meeting_excuse
  title                         text        NOT NULL,
  applicant_employee_no         text        NOT NULL,
  applicant_name                text        NOT NULL,
  status                        text        NOT NULL,
  form                          jsonb       NOT NULL,      -- the application as filed (dates, times, leave type, reason …)
  steps                         jsonb       NOT NULL,      -- [{index, mode, status, approvers: [{employee_no, name, outcome, comment, decided_at}]}]
  current_approver_employee_nos text[]      NOT NULL,
  submitted_at                  timestamptz NOT NULL,
  decided_at                    timestamptz,               -- when it ended (agreed, refused, returned)
  revoked_at                    timestamptz,
  revoke_reason                 text,
  version                       integer     NOT NULL,
  updated_at                    timestamptz NOT NULL,
  synced_at                     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS qiandao_approvals_applicant_idx ON qiandao_approvals (applicant_employee_no, submitted_at);
