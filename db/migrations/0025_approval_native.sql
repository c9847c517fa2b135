CREATE TABLE "approval_native_instances" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vendor" text NOT NULL,
	"instance_id" text NOT NULL,
	"item_id" bigint,
	"vendor_version" bigint NOT NULL,
	"state_rank" integer NOT NULL,
	"state" text NOT NULL,
	"kind" text DEFAULT 'other' NOT NULL,
	"process_code" text DEFAULT '' NOT NULL,
	"title" text NOT NULL,
	"applicant_user_id" text NOT NULL,
	"applicant_id" bigint,
	"unknown_user_ids" text[] DEFAULT '{}' NOT NULL,
	"tasks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"form" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"effect" jsonb,
	"effects_applied_at" timestamp with time zone,
	"effects_reversed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "approval_native_instances_key_uq" ON "approval_native_instances" USING btree ("vendor","instance_id");--> statement-breakpoint
CREATE INDEX "approval_native_instances_item_idx" ON "approval_native_instances" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "approval_native_instances_state_idx" ON "approval_native_instances" USING btree ("vendor","state","updated_at");