// A manager's report and export agree on whose attendance is theirs: the department recorded on each row (where
// the person was at the meeting), not where the person works today.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, meetingAttendance, meetings } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { exportRows } from "./export";
import { attendanceList, getMeeting, periodReport } from "./queries";

let t: TestDatabase;
let db: Db;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
});
afterAll(async () => t?.close());

describe("manager scope of reports and exports", () => {
  it("counts and exports rows by the department recorded at the meeting; a later transfer moves nothing", async () => {
    const [a, b] = await db.select().from(departments).where(eq(departments.depth, 2)).orderBy(departments.id).limit(2);
    expect(a.path.startsWith(b.path) || b.path.startsWith(a.path)).toBe(false);
    const [x, y] = await db.insert(employees).values([
      { employeeNo: "T-MOVE-X", name: "调入者", departmentId: b.id },
      { employeeNo: "T-MOVE-Y", name: "调出者", departmentId: a.id },
    ]).returning({ id: employees.id });
    const [hr] = await db.select({ id: employees.id }).from(employees).limit(1);
    const day = "2025-05-06";
    const [m] = await db.insert(meetings).values({ externalId: "scope-move", title: "调动前的会", organizerId: hr.id, startsAt: new Date("2025-05-06T02:00:00Z"), endsAt: new Date("2025-05-06T03:00:00Z"), businessDate: day, status: "ended", finalizedAt: new Date("2025-05-06T03:01:00Z") }).returning({ id: meetings.id });
    await db.insert(meetingAttendance).values([
      { meetingId: m.id, employeeId: x.id, departmentId: b.id, status: "on_time", method: "qr", checkedInAt: new Date("2025-05-06T01:58:00Z"), businessDate: day },
      { meetingId: m.id, employeeId: y.id, departmentId: a.id, status: "late", method: "qr", checkedInAt: new Date("2025-05-06T02:09:00Z"), businessDate: day },
    ]);
    // X moves into A, Y moves out of A, after the meeting.
    await db.update(employees).set({ departmentId: a.id }).where(eq(employees.id, x.id));
    await db.update(employees).set({ departmentId: b.id }).where(eq(employees.id, y.id));

    const manager: Viewer = { employeeId: hr.id + 100_000, employeeNo: "M", name: "经理", departmentId: a.id, departmentName: a.name, roles: new Set(["employee", "manager"]), managedPaths: [a.path], provider: "wecom" };
    const report = await periodReport(db, manager, { from: day, to: day });
    expect(report.totals).toMatchObject({ total: 1, late: 1, on_time: 0 });
    const exported: string[] = [];
    for await (const r of exportRows(db, manager, { from: day, to: day })) exported.push(r.employee_no!);
    expect(exported).toEqual(["T-MOVE-Y"]);
    // The meeting itself: the manager may open it (a row was recorded in their department) and its list shows
    // that row only, with the department it was recorded in.
    const { meeting } = await getMeeting(db, manager, m.id);
    expect(meeting.id).toBe(m.id);
    const lines = await attendanceList(db, manager, m.id);
    expect(lines.map((l) => [l.employeeNo, l.department])).toEqual([["T-MOVE-Y", a.name]]);
    expect(Number((await db.execute(sql`select count(*)::int as n from meeting_attendance where meeting_id = ${m.id}`) as unknown as { rows: { n: number }[] }).rows[0].n)).toBe(2);
  });
});
