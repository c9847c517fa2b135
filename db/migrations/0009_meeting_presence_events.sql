CREATE TABLE "meeting_presence_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" bigint NOT NULL,
	"employee_id" bigint NOT NULL,
	"source" text NOT NULL,
	"participant_key" text NOT NULL,
	"action" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"device" text,
	"source_event" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_presence_events_uq" ON "meeting_presence_events" USING btree ("meeting_id","employee_id","source","participant_key","action","at");--> statement-breakpoint
-- Backfill: the video sessions written before this table (recordPresence's "<source>:<participant>:join:<ms>" rows)
-- become their join and leave evidence, so recomputing a person's sessions from evidence keeps them.
INSERT INTO "meeting_presence_events" ("meeting_id", "employee_id", "source", "participant_key", "action", "at", "device", "source_event")
SELECT s."meeting_id", s."employee_id", s."source", regexp_replace(substr(s."external_key", length(s."source") + 2), ':join:[0-9]+$', ''),
       e."action", e."at", s."evidence"->>'device', s."evidence"->>'sourceEvent'
  FROM "meeting_sessions" s
  CROSS JOIN LATERAL (VALUES ('join', s."joined_at"), ('leave', s."left_at")) AS e("action", "at")
 WHERE s."source" IN ('tencent_meeting', 'zoom', 'agora', 'wecom')
   AND s."external_key" ~ ('^' || s."source" || ':.+:join:[0-9]+$')
   AND e."at" IS NOT NULL
ON CONFLICT DO NOTHING;
