ALTER TABLE "meetings" ADD COLUMN "remind_before_minutes" integer DEFAULT 15 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "nudge_after_minutes" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "invite_department_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "finalized_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "unmatched_participants" ADD COLUMN "park_key" text;--> statement-breakpoint
CREATE INDEX "meeting_attendance_meeting_status_idx" ON "meeting_attendance" USING btree ("meeting_id","status");--> statement-breakpoint
CREATE INDEX "meetings_organizer_idx" ON "meetings" USING btree ("organizer_id","starts_at");