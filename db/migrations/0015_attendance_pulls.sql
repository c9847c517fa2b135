CREATE TABLE "attendance_pull_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_user_id" text NOT NULL,
	"work_date" date NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "vendor_day_results" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"employee_id" bigint NOT NULL,
	"business_date" date NOT NULL,
	"verdict" text[] NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_pull_requests_uq" ON "attendance_pull_requests" USING btree ("source","external_user_id","work_date");--> statement-breakpoint
CREATE INDEX "attendance_pull_requests_due_idx" ON "attendance_pull_requests" USING btree ("done_at","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_day_results_uq" ON "vendor_day_results" USING btree ("source","employee_id","business_date");--> statement-breakpoint
CREATE INDEX "vendor_day_results_date_idx" ON "vendor_day_results" USING btree ("business_date");