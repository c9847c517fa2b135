CREATE TABLE "department_leaders" (
	"department_id" bigint NOT NULL,
	"employee_id" bigint NOT NULL,
	CONSTRAINT "department_leaders_department_id_employee_id_pk" PRIMARY KEY("department_id","employee_id")
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"parent_id" bigint,
	"path" text NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"wecom_id" text,
	"dingtalk_id" text,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "employee_departments" (
	"employee_id" bigint NOT NULL,
	"department_id" bigint NOT NULL,
	CONSTRAINT "employee_departments_employee_id_department_id_pk" PRIMARY KEY("employee_id","department_id")
);
--> statement-breakpoint
CREATE TABLE "employees" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"employee_no" text NOT NULL,
	"name" text NOT NULL,
	"mobile" text,
	"email" text,
	"title" text,
	"department_id" bigint,
	"status" text DEFAULT 'active' NOT NULL,
	"departed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identities" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"corp_id" text DEFAULT '' NOT NULL,
	"external_id" text NOT NULL,
	"union_id" text,
	"employee_id" bigint NOT NULL,
	"matched_by" text NOT NULL,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_conflicts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"corp_id" text DEFAULT '' NOT NULL,
	"external_id" text NOT NULL,
	"reason" text NOT NULL,
	"candidate_employee_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved_employee_id" bigint,
	"resolved_by" bigint,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "role_grants" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"employee_id" bigint,
	"department_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_employee_id" bigint,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient_employee_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"vendor_message_id" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"window_start" timestamp with time zone,
	"window_end" timestamp with time zone,
	"status" text DEFAULT 'running' NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"changed" integer DEFAULT 0 NOT NULL,
	"removed" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"watermark" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "vendor_tokens" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_effects" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"inbox_event_id" bigint NOT NULL,
	"handler" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"channel" text DEFAULT 'http' NOT NULL,
	"event_type" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"raw" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"park_reason" text,
	"park_key" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "leaves" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"employee_id" bigint NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" bigint NOT NULL,
	"employee_id" bigint NOT NULL,
	"status" text NOT NULL,
	"method" text,
	"checked_in_at" timestamp with time zone,
	"first_join_at" timestamp with time zone,
	"last_leave_at" timestamp with time zone,
	"business_date" date NOT NULL,
	"device" text,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_invitees" (
	"meeting_id" bigint NOT NULL,
	"employee_id" bigint NOT NULL,
	"via_department_id" bigint,
	CONSTRAINT "meeting_invitees_meeting_id_employee_id_pk" PRIMARY KEY("meeting_id","employee_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_sessions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" bigint NOT NULL,
	"employee_id" bigint NOT NULL,
	"source" text NOT NULL,
	"external_key" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text DEFAULT 'local' NOT NULL,
	"external_id" text NOT NULL,
	"occurrence_id" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"organizer_id" bigint,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"business_date" date NOT NULL,
	"location_name" text,
	"latitude" double precision,
	"longitude" double precision,
	"radius_meters" integer,
	"open_before_minutes" integer DEFAULT 15 NOT NULL,
	"late_after_minutes" integer DEFAULT 5 NOT NULL,
	"early_leave_minutes" integer DEFAULT 10 NOT NULL,
	"invite_only" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"join_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unmatched_participants" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_user_id" text NOT NULL,
	"display_name" text,
	"email" text,
	"phone" text,
	"meeting_id" bigint,
	"status" text DEFAULT 'open' NOT NULL,
	"claimed_employee_id" bigint,
	"claimed_by" bigint,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"hash" text NOT NULL,
	"scopes" jsonb NOT NULL,
	"rate_limit_per_minute" integer DEFAULT 600 NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "oa_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"sink" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"version" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"last_status_code" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "department_leaders_emp_idx" ON "department_leaders" USING btree ("employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_code_uq" ON "departments" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_wecom_id_uq" ON "departments" USING btree ("wecom_id");--> statement-breakpoint
CREATE UNIQUE INDEX "departments_dingtalk_id_uq" ON "departments" USING btree ("dingtalk_id");--> statement-breakpoint
CREATE INDEX "departments_path_idx" ON "departments" USING btree ("path" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "departments_parent_idx" ON "departments" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "employee_departments_dept_idx" ON "employee_departments" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "employees_employee_no_uq" ON "employees" USING btree ("employee_no");--> statement-breakpoint
CREATE INDEX "employees_department_idx" ON "employees" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "employees_mobile_idx" ON "employees" USING btree ("mobile");--> statement-breakpoint
CREATE INDEX "employees_email_idx" ON "employees" USING btree ("email");--> statement-breakpoint
CREATE INDEX "employees_updated_idx" ON "employees" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "identities_provider_external_uq" ON "identities" USING btree ("provider","corp_id","external_id");--> statement-breakpoint
CREATE INDEX "identities_employee_idx" ON "identities" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "identities_union_idx" ON "identities" USING btree ("provider","union_id");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_conflicts_open_uq" ON "identity_conflicts" USING btree ("provider","corp_id","external_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "identity_conflicts_status_idx" ON "identity_conflicts" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "role_grants_emp_uq" ON "role_grants" USING btree ("role","employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "role_grants_dept_uq" ON "role_grants" USING btree ("role","department_id");--> statement-breakpoint
CREATE INDEX "audit_log_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_outbox_dedupe_uq" ON "notification_outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "sync_runs_source_idx" ON "sync_runs" USING btree ("source","kind","started_at");--> statement-breakpoint
CREATE INDEX "inbox_effects_event_idx" ON "inbox_effects" USING btree ("inbox_event_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_events_dedupe_uq" ON "inbox_events" USING btree ("source","dedupe_key");--> statement-breakpoint
CREATE INDEX "inbox_events_due_idx" ON "inbox_events" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "inbox_events_received_idx" ON "inbox_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "inbox_events_park_idx" ON "inbox_events" USING btree ("park_key");--> statement-breakpoint
CREATE INDEX "leaves_emp_idx" ON "leaves" USING btree ("employee_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_attendance_uq" ON "meeting_attendance" USING btree ("meeting_id","employee_id");--> statement-breakpoint
CREATE INDEX "meeting_attendance_emp_idx" ON "meeting_attendance" USING btree ("employee_id","business_date");--> statement-breakpoint
CREATE INDEX "meeting_attendance_date_idx" ON "meeting_attendance" USING btree ("business_date");--> statement-breakpoint
CREATE INDEX "meeting_attendance_updated_idx" ON "meeting_attendance" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "meeting_invitees_emp_idx" ON "meeting_invitees" USING btree ("employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_sessions_key_uq" ON "meeting_sessions" USING btree ("meeting_id","external_key");--> statement-breakpoint
CREATE INDEX "meeting_sessions_person_idx" ON "meeting_sessions" USING btree ("meeting_id","employee_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_external_uq" ON "meetings" USING btree ("source","external_id","occurrence_id");--> statement-breakpoint
CREATE INDEX "meetings_starts_idx" ON "meetings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "meetings_business_date_idx" ON "meetings" USING btree ("business_date");--> statement-breakpoint
CREATE INDEX "meetings_updated_idx" ON "meetings" USING btree ("updated_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "unmatched_participants_uq" ON "unmatched_participants" USING btree ("source","external_user_id","meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_uq" ON "api_keys" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "api_keys_prefix_idx" ON "api_keys" USING btree ("prefix");--> statement-breakpoint
CREATE UNIQUE INDEX "oa_outbox_key_uq" ON "oa_outbox" USING btree ("sink","idempotency_key");--> statement-breakpoint
CREATE INDEX "oa_outbox_due_idx" ON "oa_outbox" USING btree ("sink","status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "oa_outbox_aggregate_idx" ON "oa_outbox" USING btree ("aggregate_type","aggregate_id","version");