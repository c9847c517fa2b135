ALTER TABLE "meeting_attendance" ADD COLUMN "checked_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "checkout_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "checkout_opens_before_end_minutes" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "checkout_closes_after_end_minutes" integer DEFAULT 30 NOT NULL;