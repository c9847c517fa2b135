CREATE TABLE "approval_timeout_stages" (
	"item_id" bigint NOT NULL,
	"step_index" integer NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"stage_no" integer NOT NULL,
	"kind" text NOT NULL,
	"n" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"result" text NOT NULL,
	"recipient_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"fired_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "approval_timeout_stages_item_id_step_index_deadline_stage_no_pk" PRIMARY KEY("item_id","step_index","deadline","stage_no")
);
--> statement-breakpoint
ALTER TABLE "approval_item_steps" ADD COLUMN "activated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approval_item_steps" ADD COLUMN "timeout" jsonb;--> statement-breakpoint
-- Steps active before this migration: their clock starts when the previous step ended, or at submission.
UPDATE "approval_item_steps" s SET "activated_at" = coalesce(
  (SELECT p."ended_at" FROM "approval_item_steps" p WHERE p."item_id" = s."item_id" AND p."step_index" = s."step_index" - 1),
  (SELECT i."submitted_at" FROM "approval_items" i WHERE i."id" = s."item_id"))
 WHERE s."status" = 'active' AND s."activated_at" IS NULL;
