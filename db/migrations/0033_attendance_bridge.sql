CREATE TABLE "attendance_bridge" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"direction" text NOT NULL,
	"punch_id" bigint NOT NULL,
	"employee_id" bigint NOT NULL,
	"target_user_id" text,
	"punched_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_bridge_uq" ON "attendance_bridge" USING btree ("direction","punch_id");--> statement-breakpoint
CREATE INDEX "attendance_bridge_due_idx" ON "attendance_bridge" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "attendance_bridge_echo_idx" ON "attendance_bridge" USING btree ("employee_id","punched_at");