CREATE TABLE "overtime_approvals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"employee_id" bigint NOT NULL,
	"business_date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"compensation" text DEFAULT 'leave' NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "overtime_approvals_source_uq" ON "overtime_approvals" USING btree ("source","source_key");--> statement-breakpoint
CREATE INDEX "overtime_approvals_emp_idx" ON "overtime_approvals" USING btree ("employee_id","business_date");