ALTER TABLE "meeting_invitees" ADD COLUMN "added_by" bigint;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD COLUMN "added_at" timestamp with time zone;