CREATE TABLE "login_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"provider" text NOT NULL,
	"flow" text NOT NULL,
	"code_hash" text,
	"outcome" text DEFAULT 'pending' NOT NULL,
	"reason" text,
	"external_id" text,
	"employee_id" bigint,
	"conflict_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "login_attempts_reference_uq" ON "login_attempts" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "login_attempts_code_uq" ON "login_attempts" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "login_attempts_created_idx" ON "login_attempts" USING btree ("created_at");