// Resolving an employee number (GET /api/meetings/people): HR anyone, managers their subtrees, organisers the
// people of their meetings, everyone themselves; anything else answers like an unknown number. Against a migrated,
// seeded database.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { employees, meetings } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import { createMeeting } from "@/lib/meetings/mutations";
import { meetingInput } from "@/lib/meetings/schemas";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { resolveEmployeeNo } from "./people";

const org = buildDemoOrg();
let t: TestDatabase;
let db: Db;
const idOf = async (no: string) => (await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, no)))[0].id;
const viewerOf = async (no: string) => (await buildViewer(db, await idOf(no)))!;
const plainIn = (prefix: string, skip = 0) => org.employees.filter((e) => e.departmentCode.startsWith(prefix) && !e.isLeader && e.role === "employee")[skip]!;
const manager = org.employees.find((e) => e.isLeader && e.departmentCode === "D110" && e.role === "employee")!; // leads 平台研发部
const report = plainIn("D11"); // in the subtree `manager` leads
const outsider = plainIn("D311"); // 上海销售一组
const bystander = plainIn("D311", 1);
const organiser = plainIn("D2"); // a plain employee (no subtree) who organises one meeting
const idle = plainIn("D2", 1); // a plain employee who organises nothing
const hr = org.employees.find((e) => e.role === "hr" && !e.isLeader)!;

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedDemo(db);
  const start = new Date(Date.now() + 86_400_000);
  await createMeeting(
    db,
    await viewerOf(organiser.employeeNo),
    meetingInput.parse({ title: "跨部门沟通", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), inviteeIds: [await idOf(outsider.employeeNo)] }),
  );
  const cancelled = await createMeeting(
    db,
    await viewerOf(organiser.employeeNo),
    meetingInput.parse({ title: "已取消", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3600_000).toISOString(), inviteeIds: [await idOf(bystander.employeeNo)] }),
  );
  await db.update(meetings).set({ status: "cancelled" }).where(eq(meetings.id, cancelled.id));
});
afterAll(async () => {
  await t?.close();
});

describe("resolveEmployeeNo", () => {
  it("HR resolves anyone active; an unknown number is none", async () => {
    const v = await viewerOf(hr.employeeNo);
    expect(await resolveEmployeeNo(db, v, outsider.employeeNo)).toEqual({ id: await idOf(outsider.employeeNo) });
    expect(await resolveEmployeeNo(db, v, "QD99999")).toBe("none");
  });

  it("a manager resolves their subtree only: another department's number answers like an unknown one", async () => {
    const v = await viewerOf(manager.employeeNo);
    expect(v.managedPaths.length).toBe(1);
    expect(await resolveEmployeeNo(db, v, report.employeeNo)).toEqual({ id: await idOf(report.employeeNo) });
    expect(await resolveEmployeeNo(db, v, outsider.employeeNo)).toBe("none");
    expect(await resolveEmployeeNo(db, v, hr.employeeNo)).toBe("none");
  });

  it("an organiser resolves the people of meetings they organise (not of cancelled ones), nobody else", async () => {
    const v = await viewerOf(organiser.employeeNo);
    expect(v.managedPaths).toEqual([]);
    expect(await resolveEmployeeNo(db, v, outsider.employeeNo)).toEqual({ id: await idOf(outsider.employeeNo) });
    expect(await resolveEmployeeNo(db, v, bystander.employeeNo)).toBe("none");
    expect(await resolveEmployeeNo(db, v, report.employeeNo)).toBe("none");
    expect(await resolveEmployeeNo(db, v, organiser.employeeNo)).toEqual({ id: await idOf(organiser.employeeNo) });
  });

  it("someone who neither manages, organises nor sees everyone resolves only themselves", async () => {
    const v = await viewerOf(idle.employeeNo);
    expect(await resolveEmployeeNo(db, v, outsider.employeeNo)).toBe("none");
    expect(await resolveEmployeeNo(db, v, report.employeeNo)).toBe("none");
    expect(await resolveEmployeeNo(db, v, idle.employeeNo)).toEqual({ id: await idOf(idle.employeeNo) });
  });
});
