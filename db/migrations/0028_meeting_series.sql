CREATE TABLE "meeting_series" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"organizer_id" bigint,
	"frequency" text NOT NULL,
	"start_date" date NOT NULL,
	"count" integer NOT NULL,
	"start_time" text NOT NULL,
	"end_time" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "series_id" bigint;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "series_index" integer;--> statement-breakpoint
CREATE INDEX "meetings_series_idx" ON "meetings" USING btree ("series_id","starts_at");