// The helpers behind the meetings-ui screens, against a real migrated database: editing a meeting reports the
// records that changed; entering a leave reports which meetings became on_leave; delivery state masks recipients.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, meetingAttendance, meetingInvitees } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { deliveryState, maskEmployeeNo, maskName, redactError } from "@/lib/notifications/delivery-queries";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { enterLeave, listLeaves, searchEmployees } from "./leave-queries";
import { editMeeting, meetingForEdit } from "./meeting-edit";
import { createMeeting } from "./mutations";
import { meetingInput } from "./schemas";

let t: TestDatabase;
let db: Db;
let people: { id: number; employeeNo: string; name: string }[];
const viewerOf = (p: { id: number; employeeNo: string; name: string }, roles: Viewer["roles"] = new Set(["employee"])): Viewer => ({
  employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: null, departmentName: null, roles, managedPaths: [], provider: "wecom",
});

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).orderBy(employees.id).limit(6);
});
afterAll(async () => t?.close());

const status = async (meetingId: number, employeeId: number) =>
  (await db.select({ s: meetingAttendance.status }).from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.employeeId, employeeId))))[0]?.s ?? null;

describe("meetings-ui helpers", () => {
  it("edit: only the organiser or HR; adding an invitee to an ended meeting writes an absence and counts it", async () => {
    const now = new Date(Date.now() - 20 * 86_400_000); // weeks before the demo organisation's own meetings
    const organiser = viewerOf(people[0]);
    const m = await createMeeting(db, organiser, meetingInput.parse({
      title: "已结束的会", startsAt: new Date(now.getTime() - 3 * 3_600_000).toISOString(), endsAt: new Date(now.getTime() - 2 * 3_600_000).toISOString(), inviteeIds: [people[1].id],
    }));
    await expect(meetingForEdit(db, viewerOf(people[2]), m.id)).rejects.toBeInstanceOf(AppError);
    await expect(editMeeting(db, viewerOf(people[2]), m.id, { patch: { title: "x" }, addEmployeeNos: [], removeEmployeeIds: [] })).rejects.toMatchObject({ status: 403 });

    const r = await editMeeting(db, organiser, m.id, { patch: { title: "改过的会" }, addEmployeeNos: [people[3].employeeNo], removeEmployeeIds: [] });
    expect(r.added).toBe(1);
    expect(r.changed).toBe(2); // both invitees become absent (the meeting is finalised by the recompute)
    expect(await status(m.id, people[3].id)).toBe("absent");
    const view = await meetingForEdit(db, organiser, m.id);
    expect(view.title).toBe("改过的会");
    expect(view.inviteeCount).toBe(2);

    // Saving again changes nothing; an unknown employee number is refused and nothing is written.
    expect((await editMeeting(db, organiser, m.id, { patch: {}, addEmployeeNos: [], removeEmployeeIds: [] })).changed).toBe(0);
    await expect(editMeeting(db, organiser, m.id, { patch: { title: "不该保存" }, addEmployeeNos: ["NOPE-1"], removeEmployeeIds: [] })).rejects.toMatchObject({ status: 400 });
    expect((await meetingForEdit(db, organiser, m.id)).title).toBe("改过的会");
    expect((await db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, m.id))).length).toBe(2);
  });

  it("leave: HR only; the overlapping meeting's absence becomes on_leave and is reported", async () => {
    const now = new Date(Date.now() - 20 * 86_400_000); // weeks before the demo organisation's own meetings
    const hr = viewerOf(people[5], new Set(["employee", "hr"]));
    const m = await createMeeting(db, hr, meetingInput.parse({
      title: "请假测试", startsAt: new Date(now.getTime() - 5 * 3_600_000).toISOString(), endsAt: new Date(now.getTime() - 4 * 3_600_000).toISOString(), inviteeIds: [people[4].id],
    }));
    await editMeeting(db, hr, m.id, { patch: {}, addEmployeeNos: [], removeEmployeeIds: [] }); // finalise: absent
    expect(await status(m.id, people[4].id)).toBe("absent");
    const input = { employeeId: people[4].id, startsAt: new Date(m.startsAt.getTime() - 60_000), endsAt: new Date(m.endsAt.getTime() + 60_000), reason: "病假" };
    await expect(enterLeave(db, viewerOf(people[1]), input)).rejects.toMatchObject({ status: 403 });
    const r = await enterLeave(db, hr, input);
    expect(r.effects).toEqual([expect.objectContaining({ meetingId: m.id, before: "absent", after: "on_leave" })]);
    expect(await status(m.id, people[4].id)).toBe("on_leave");
    const list = await listLeaves(db, hr);
    expect(list.map((l) => l.id)).toContain(r.id);
    await expect(listLeaves(db, viewerOf(people[1]))).rejects.toMatchObject({ status: 403 });
    expect((await searchEmployees(db, hr, people[4].employeeNo)).map((e) => e.id)).toContain(people[4].id);
    expect(await searchEmployees(db, { ...viewerOf(people[1]), roles: new Set(["employee", "manager"]), managedPaths: ["/999999/"] }, people[4].employeeNo)).toEqual([]);
  });

  it("delivery state: HR/admin only, counts by kind × channel × status, recipients masked", async () => {
    await enqueueNotification(db, { channel: "wecom", recipientEmployeeId: people[1].id, kind: "meeting_reminder", dedupeKey: "t:1", payload: { title: "会前提醒", description: "d" } });
    await enqueueNotification(db, { channel: "dingtalk", recipientEmployeeId: people[2].id, kind: "checkin_nudge", dedupeKey: "t:2", payload: { title: "催办", description: "d" } });
    await expect(deliveryState(db, viewerOf(people[1]))).rejects.toMatchObject({ status: 403 });
    const s = await deliveryState(db, viewerOf(people[5], new Set(["employee", "admin"])));
    expect(s.totals.pending).toBe(2);
    expect(s.summary.find((r) => r.kind === "meeting_reminder" && r.channel === "wecom")?.counts.pending).toBe(1);
    const w = await deliveryState(db, viewerOf(people[5], new Set(["employee", "hr"])), { channel: "dingtalk" });
    expect(w.totals.pending).toBe(1);
    expect(maskName("张三丰")).toBe("张**");
    expect(maskEmployeeNo("QD00042")).toBe("QD***42");
    expect(redactError("bad user 13812345678 a@b.com access_token=abc")).toBe("bad user 1********** ***@*** access_token=***");
  });
});
