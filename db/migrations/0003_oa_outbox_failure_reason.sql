ALTER TABLE "oa_outbox" ADD COLUMN "failure_reason" text;--> statement-breakpoint
CREATE INDEX "oa_outbox_delivered_idx" ON "oa_outbox" USING btree ("sink","delivered_at");