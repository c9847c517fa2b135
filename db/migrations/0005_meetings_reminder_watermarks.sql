ALTER TABLE "meetings" ADD COLUMN "reminders_queued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "nudges_queued_at" timestamp with time zone;