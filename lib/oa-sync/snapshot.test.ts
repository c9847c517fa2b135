import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { departments, employees, meetingAttendance, meetings, oaOutbox } from "@/db/schema";
import { enqueueAttendanceSnapshot, oaAttendancePayload } from "./outbox";

describe("enqueueAttendanceSnapshot", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("writes the OA wire payload of the row's current version once, in one statement", async () => {
    const db = t.database.db;
    const [d] = await db.insert(departments).values({ code: "X1", name: "财务部", path: "/" }).returning();
    const [e] = await db.insert(employees).values({ employeeNo: "QD9", name: "王芳", departmentId: d.id }).returning();
    const startsAt = new Date("2026-11-20T02:00:00Z");
    const [m] = await db
      .insert(meetings)
      .values({ externalId: "m1", title: "周例会", startsAt, endsAt: new Date("2026-11-20T03:00:00Z"), businessDate: "2026-11-20" })
      .returning();
    const [a] = await db
      .insert(meetingAttendance)
      .values({ meetingId: m.id, employeeId: e.id, status: "on_time", method: "qr", checkedInAt: new Date("2026-11-20T01:58:07.654Z"), businessDate: "2026-11-20", device: "wxwork/iOS" })
      .returning();

    await enqueueAttendanceSnapshot(db, a.id);
    await enqueueAttendanceSnapshot(db, a.id); // replay: nothing new
    await db.update(meetingAttendance).set({ status: "early_leave", version: 2 }).where(eq(meetingAttendance.id, a.id));
    await enqueueAttendanceSnapshot(db, a.id);

    const rows = await db.select().from(oaOutbox).orderBy(oaOutbox.version);
    expect(rows.map((r) => r.idempotencyKey)).toEqual([`meeting_attendance:${a.id}:v1`, `meeting_attendance:${a.id}:v2`]);
    const p1 = oaAttendancePayload.parse(rows[0].payload);
    expect(p1).toMatchObject({
      record_id: a.id,
      meeting_id: m.id,
      meeting_title: "周例会",
      employee_no: "QD9",
      employee_name: "王芳",
      department_name: "财务部",
      checked_in_at: "2026-11-20T01:58:07.000Z",
      method: "qr",
      status: "on_time",
      device: "wxwork/iOS",
      business_date: "2026-11-20",
      version: 1,
    });
    expect(oaAttendancePayload.parse(rows[1].payload)).toMatchObject({ status: "early_leave", version: 2 });
  });
});
