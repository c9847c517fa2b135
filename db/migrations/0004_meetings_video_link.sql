ALTER TABLE "meetings" ADD COLUMN "video_source" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "video_meeting_id" text;--> statement-breakpoint
CREATE INDEX "meetings_video_idx" ON "meetings" USING btree ("video_source","video_meeting_id");