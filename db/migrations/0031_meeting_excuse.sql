CREATE TABLE "meeting_excuses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" bigint NOT NULL,
	"employee_id" bigint NOT NULL,
	"item_id" bigint NOT NULL,
	"category" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_excuses_item_uq" ON "meeting_excuses" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "meeting_excuses_meeting_emp_idx" ON "meeting_excuses" USING btree ("meeting_id","employee_id");--> statement-breakpoint
CREATE INDEX "approval_decisions_decider_idx" ON "approval_decisions" USING btree ("decider_id");--> statement-breakpoint
CREATE INDEX "approval_items_applicant_idx" ON "approval_items" USING btree ("applicant_id");