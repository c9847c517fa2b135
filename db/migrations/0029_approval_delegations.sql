CREATE TABLE "approval_delegations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"principal_id" bigint NOT NULL,
	"delegate_id" bigint NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "approval_delegations_period" CHECK ("approval_delegations"."ends_at" > "approval_delegations"."starts_at"),
	CONSTRAINT "approval_delegations_not_self" CHECK ("approval_delegations"."delegate_id" <> "approval_delegations"."principal_id")
);
--> statement-breakpoint
ALTER TABLE "approval_step_decisions" ADD COLUMN "agent_id" bigint;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_delegations_uq" ON "approval_delegations" USING btree ("principal_id","starts_at");--> statement-breakpoint
CREATE INDEX "approval_delegations_delegate_idx" ON "approval_delegations" USING btree ("delegate_id","ends_at");