CREATE TABLE "approval_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" bigint NOT NULL,
	"outcome" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"decider_id" bigint NOT NULL,
	"client" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"write_back" text DEFAULT 'pending' NOT NULL,
	"write_back_at" timestamp with time zone,
	"write_back_detail" text
);
--> statement-breakpoint
CREATE TABLE "approval_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"actor_id" bigint,
	"client" text NOT NULL,
	"comment" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"applicant_id" bigint NOT NULL,
	"approver_ids" bigint[] NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"link" text NOT NULL,
	"due_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "approval_decisions_item_uq" ON "approval_decisions" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "approval_events_item_idx" ON "approval_events" USING btree ("item_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_items_source_key_uq" ON "approval_items" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "approval_items_approvers_idx" ON "approval_items" USING gin ("approver_ids");--> statement-breakpoint
CREATE INDEX "approval_items_status_idx" ON "approval_items" USING btree ("status","submitted_at");--> statement-breakpoint
CREATE INDEX "approval_items_updated_idx" ON "approval_items" USING btree ("updated_at","id");