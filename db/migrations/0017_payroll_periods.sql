CREATE TABLE "attendance_late_evidence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lock_id" bigint NOT NULL,
	"employee_id" bigint NOT NULL,
	"business_date" date NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"source" text,
	"arrived_at" timestamp with time zone DEFAULT now() NOT NULL,
	"applied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "attendance_period_locks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date NOT NULL,
	"state" text NOT NULL,
	"locked_by" bigint,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reopened_by" bigint,
	"reopened_at" timestamp with time zone,
	"reopen_reason" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_late_evidence_pending_uq" ON "attendance_late_evidence" USING btree ("employee_id","business_date","kind","ref") WHERE applied_at IS NULL;--> statement-breakpoint
CREATE INDEX "attendance_late_evidence_lock_idx" ON "attendance_late_evidence" USING btree ("lock_id","applied_at");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_period_locks_range_uq" ON "attendance_period_locks" USING btree ("from_date","to_date");--> statement-breakpoint
CREATE INDEX "attendance_period_locks_state_idx" ON "attendance_period_locks" USING btree ("state","from_date","to_date");