CREATE TABLE "approval_applications" (
	"item_id" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"flow_id" bigint NOT NULL,
	"form" jsonb NOT NULL,
	"days" real,
	"effects_applied_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "approval_flows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approval_item_steps" (
	"item_id" bigint NOT NULL,
	"step_index" integer NOT NULL,
	"mode" text NOT NULL,
	"approver_ids" bigint[] NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "approval_item_steps_item_id_step_index_pk" PRIMARY KEY("item_id","step_index")
);
--> statement-breakpoint
CREATE TABLE "approval_step_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_id" bigint NOT NULL,
	"step_index" integer NOT NULL,
	"decider_id" bigint NOT NULL,
	"outcome" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"client" text NOT NULL,
	"decided_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "approval_flows_code_uq" ON "approval_flows" USING btree ("code");--> statement-breakpoint
CREATE INDEX "approval_flows_kind_idx" ON "approval_flows" USING btree ("kind","priority");--> statement-breakpoint
CREATE UNIQUE INDEX "approval_step_decisions_uq" ON "approval_step_decisions" USING btree ("item_id","step_index","decider_id");