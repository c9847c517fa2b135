ALTER TABLE "approval_applications" ADD COLUMN "meeting_leave_id" bigint;--> statement-breakpoint
ALTER TABLE "approval_applications" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "approval_applications" ADD COLUMN "revoked_by" bigint;--> statement-breakpoint
ALTER TABLE "approval_applications" ADD COLUMN "revoke_reason" text;