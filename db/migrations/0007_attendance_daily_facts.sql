CREATE TABLE "meeting_attendance_daily" (
	"business_date" date NOT NULL,
	"department_id" bigint NOT NULL,
	"status" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "meeting_attendance_daily_business_date_department_id_status_pk" PRIMARY KEY("business_date","department_id","status")
);
--> statement-breakpoint
CREATE TABLE "meeting_attendance_daily_delta" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"business_date" date NOT NULL,
	"department_id" bigint NOT NULL,
	"status" text NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "meeting_attendance" ADD COLUMN "department_id" bigint;--> statement-breakpoint
CREATE INDEX "meeting_attendance_daily_delta_date_idx" ON "meeting_attendance_daily_delta" USING btree ("business_date");--> statement-breakpoint
-- The department a row counts for: the person's department when the row is first written.
CREATE FUNCTION qd_attendance_department() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.department_id IS NULL THEN
    SELECT e.department_id INTO NEW.department_id FROM employees e WHERE e.id = NEW.employee_id;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_attendance_department BEFORE INSERT ON meeting_attendance
  FOR EACH ROW EXECUTE FUNCTION qd_attendance_department();
--> statement-breakpoint
-- Daily facts: every statement that changes meeting_attendance appends its net signed counts (one row per
-- date × department × status it touched) in the same transaction. Append-only, so concurrent writers never wait.
CREATE FUNCTION qd_attendance_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO meeting_attendance_daily_delta (business_date, department_id, status, n)
      SELECT business_date, coalesce(department_id, 0), status, count(*) FROM qd_new GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO meeting_attendance_daily_delta (business_date, department_id, status, n)
      SELECT business_date, coalesce(department_id, 0), status, -count(*) FROM qd_old GROUP BY 1, 2, 3;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO meeting_attendance_daily_delta (business_date, department_id, status, n)
      SELECT d, dep, s, sum(k) FROM (
        SELECT business_date d, coalesce(department_id, 0) dep, status s, 1 k FROM qd_new
        UNION ALL
        SELECT business_date, coalesce(department_id, 0), status, -1 FROM qd_old
      ) x GROUP BY 1, 2, 3 HAVING sum(k) <> 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_attendance_facts_ins AFTER INSERT ON meeting_attendance
  REFERENCING NEW TABLE AS qd_new FOR EACH STATEMENT EXECUTE FUNCTION qd_attendance_facts();
--> statement-breakpoint
CREATE TRIGGER meeting_attendance_facts_upd AFTER UPDATE ON meeting_attendance
  REFERENCING OLD TABLE AS qd_old NEW TABLE AS qd_new FOR EACH STATEMENT EXECUTE FUNCTION qd_attendance_facts();
--> statement-breakpoint
CREATE TRIGGER meeting_attendance_facts_del AFTER DELETE ON meeting_attendance
  REFERENCING OLD TABLE AS qd_old FOR EACH STATEMENT EXECUTE FUNCTION qd_attendance_facts();
--> statement-breakpoint
CREATE FUNCTION qd_attendance_facts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM meeting_attendance_daily_delta;
  DELETE FROM meeting_attendance_daily;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER meeting_attendance_facts_truncate AFTER TRUNCATE ON meeting_attendance
  FOR EACH STATEMENT EXECUTE FUNCTION qd_attendance_facts_truncate();
--> statement-breakpoint
-- One-off backfill: departments of existing rows; the deltas that update produced are dropped and the facts
-- are counted afresh from meeting_attendance.
UPDATE meeting_attendance a SET department_id = e.department_id FROM employees e WHERE e.id = a.employee_id AND a.department_id IS NULL;
--> statement-breakpoint
DELETE FROM meeting_attendance_daily_delta;
--> statement-breakpoint
INSERT INTO meeting_attendance_daily (business_date, department_id, status, n)
  SELECT business_date, coalesce(department_id, 0), status, count(*) FROM meeting_attendance GROUP BY 1, 2, 3;
