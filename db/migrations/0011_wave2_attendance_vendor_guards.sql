CREATE TABLE "org_sync_holds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"corp_id" text NOT NULL,
	"sync_run_id" bigint NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"removals" jsonb NOT NULL,
	"active_before" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" bigint
);
--> statement-breakpoint
CREATE TABLE "vendor_rate_slices" (
	"bucket" text NOT NULL,
	"slice" bigint NOT NULL,
	"calls" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vendor_rate_slices_bucket_slice_pk" PRIMARY KEY("bucket","slice")
);
--> statement-breakpoint
CREATE TABLE "attendance_days" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"employee_id" bigint NOT NULL,
	"business_date" date NOT NULL,
	"day_type" text NOT NULL,
	"shift_id" bigint,
	"statuses" text[] NOT NULL,
	"late_minutes" integer DEFAULT 0 NOT NULL,
	"early_leave_minutes" integer DEFAULT 0 NOT NULL,
	"worked_minutes" integer DEFAULT 0 NOT NULL,
	"leave_minutes" integer DEFAULT 0 NOT NULL,
	"overtime_workday_minutes" integer DEFAULT 0 NOT NULL,
	"overtime_rest_day_minutes" integer DEFAULT 0 NOT NULL,
	"overtime_holiday_minutes" integer DEFAULT 0 NOT NULL,
	"evidence_punch_ids" bigint[] NOT NULL,
	"evidence_leave_ids" bigint[] NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"explanation" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance_group_members" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"group_id" bigint NOT NULL,
	"department_id" bigint,
	"employee_id" bigint,
	"excluded" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attendance_groups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"default_shift_id" bigint,
	"schedule" text DEFAULT 'calendar' NOT NULL,
	"places" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"wifi" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"field_allowed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"date" date NOT NULL,
	"before" text,
	"after" text,
	"source" text NOT NULL,
	"source_version" text,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"day_type" text NOT NULL,
	"name" text,
	"source" text NOT NULL,
	"source_version" text,
	"edited_by" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expected_slots" (
	"employee_id" bigint NOT NULL,
	"business_date" date NOT NULL,
	"slot" integer NOT NULL,
	"kind" text NOT NULL,
	"shift_id" bigint,
	"expected_at" timestamp with time zone NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"punch_id" bigint
);
--> statement-breakpoint
CREATE TABLE "leave_spans" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"employee_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"half_day" boolean DEFAULT false NOT NULL,
	"leave_type" text,
	"reason" text,
	"source" text DEFAULT 'hr' NOT NULL,
	"source_key" text NOT NULL,
	"created_by" bigint,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "punches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"record_id" text NOT NULL,
	"device_id" text DEFAULT '' NOT NULL,
	"employee_id" bigint NOT NULL,
	"punched_at" timestamp with time zone NOT NULL,
	"business_date" date NOT NULL,
	"direction" text,
	"latitude" double precision,
	"longitude" double precision,
	"coord" text,
	"place_name" text,
	"wifi_bssid" text,
	"suspicious" boolean DEFAULT false NOT NULL,
	"suspicious_reason" text,
	"field" boolean DEFAULT false NOT NULL,
	"remark" text,
	"change_state" text DEFAULT 'added' NOT NULL,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"raw" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rosters" (
	"employee_id" bigint NOT NULL,
	"date" date NOT NULL,
	"shift_id" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shifts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"sections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"grace_minutes" integer DEFAULT 0 NOT NULL,
	"serious_late_minutes" integer,
	"absent_late_minutes" integer,
	"early_leave_grace_minutes" integer DEFAULT 0 NOT NULL,
	"half_day_minutes" integer,
	"flex_earliest_arrival" integer,
	"flex_latest_arrival" integer,
	"required_minutes" integer,
	"day_start_minutes" integer DEFAULT 0 NOT NULL,
	"workday_overtime_after_minutes" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "org_sync_holds_source_idx" ON "org_sync_holds" USING btree ("source","status");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_days_uq" ON "attendance_days" USING btree ("employee_id","business_date");--> statement-breakpoint
CREATE INDEX "attendance_days_date_idx" ON "attendance_days" USING btree ("business_date");--> statement-breakpoint
CREATE INDEX "attendance_days_computed_idx" ON "attendance_days" USING btree ("computed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_group_members_uq" ON "attendance_group_members" USING btree ("group_id","department_id","employee_id");--> statement-breakpoint
CREATE INDEX "attendance_group_members_emp_idx" ON "attendance_group_members" USING btree ("employee_id");--> statement-breakpoint
CREATE INDEX "attendance_group_members_dept_idx" ON "attendance_group_members" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "calendar_changes_date_idx" ON "calendar_changes" USING btree ("date");--> statement-breakpoint
CREATE UNIQUE INDEX "expected_slots_uq" ON "expected_slots" USING btree ("employee_id","business_date","slot");--> statement-breakpoint
CREATE INDEX "expected_slots_pending_idx" ON "expected_slots" USING btree ("status","expected_at");--> statement-breakpoint
CREATE UNIQUE INDEX "leave_spans_source_uq" ON "leave_spans" USING btree ("source","source_key");--> statement-breakpoint
CREATE INDEX "leave_spans_emp_idx" ON "leave_spans" USING btree ("employee_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "punches_natural_uq" ON "punches" USING btree ("source","device_id","record_id");--> statement-breakpoint
CREATE INDEX "punches_emp_date_idx" ON "punches" USING btree ("employee_id","business_date");--> statement-breakpoint
CREATE INDEX "punches_emp_at_idx" ON "punches" USING btree ("employee_id","punched_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rosters_uq" ON "rosters" USING btree ("employee_id","date");