// 会议请假 / 缺席说明 (kind meeting_excuse) over the demo company on a real database: which meetings may be excused
// (named cases, pure and through submit), the default path (the meeting's organiser, resolved at submit time), and
// what approval does — the person's meeting_attendance row becomes on_leave through writeAttendance (version bumped,
// OA outbox row), the organiser is told through the notification outbox, once per application — and how a revoke
// recomputes the row (absent again after the meeting's end).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { approvalFlows, employees, meetingAttendance, meetingExcuses, notificationOutbox, oaOutbox } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { excuseRefusal, EXCUSE_DAYS_AFTER, excusableMeetings, recordMeetingExcuse, type ExcuseFacts } from "@/lib/meetings/excuses";
import { runMeetingSchedule } from "@/lib/meetings/jobs";
import { createMeeting, finalizeMeeting, updateMeeting, type MeetingRow } from "@/lib/meetings/mutations";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { decideApproval } from "../decide";
import { definitionOf, flowForm } from "../flow-editor";
import { withdrawApplication } from "./decide";
import { applyApprovedEffects, reverseApprovedEffects } from "./effects";
import { previewRoute } from "./http";
import { meetingExcuseApplication } from "./schemas";
import { ensureDefaultFlows } from "./seed";
import { submitApplication } from "./submit";

const H = 3_600_000;
const DAY = 24 * H;
const NOW = new Date();
let t: TestDatabase;
let db: Db;
let applicant: Viewer;
let organiser: Viewer;
let stranger: Viewer;
const org = buildDemoOrg();
const viewerOfNo = async (no: string): Promise<Viewer> => {
  const [e] = await db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, no));
  return (await buildViewer(db, e.id))!;
};
const reasonOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { status: e.status, reason: e.details.reason };
    throw e;
  }
  throw new Error("expected a refusal");
};
let n = 0;
/** A meeting of `organiser` inviting the applicant, from `startOffset` for an hour (relative to now). */
const meeting = async (startOffset: number, invite: Viewer[] = [applicant]) =>
  createMeeting(db, organiser, {
    title: `周会 ${++n}`,
    startsAt: new Date(NOW.getTime() + startOffset),
    endsAt: new Date(NOW.getTime() + startOffset + H),
    inviteeIds: invite.map((v) => v.employeeId),
    departmentIds: [],
    coordType: "wgs84",
    inviteOnly: true,
    countsForAttendance: false,
    checkoutRequired: false,
    checkoutOpensBeforeEndMinutes: 10,
    checkoutClosesAfterEndMinutes: 30,
    openBeforeMinutes: 15,
    lateAfterMinutes: 5,
    earlyLeaveMinutes: 10,
    remindBeforeMinutes: 15,
    nudgeAfterMinutes: 10,
  });
const excuse = (m: { id: number }, as = applicant, now = NOW) =>
  submitApplication(db, as, { kind: "meeting_excuse", meeting_id: m.id, category: "出差", reason: "去上海见客户" }, "test", now);
const rowOf = async (m: { id: number }, who = applicant) =>
  (await db.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, who.employeeId))))[0] ?? null;
/** A meeting that ended `agoMs` ago with the applicant absent (finalized). */
const missedMeeting = async (agoMs: number) => {
  const m = await meeting(-agoMs - H);
  await finalizeMeeting(db, m, NOW);
  expect((await rowOf(m))?.status).toBe("absent");
  return m;
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await seedDemo(db, { now: new Date(NOW.getTime() - 2 * H) });
  await ensureDefaultFlows(db);
  const plain = org.employees.filter((e) => !e.isLeader && e.role === "employee");
  applicant = await viewerOfNo(plain.find((e) => e.departmentCode === "D112")!.employeeNo);
  // The organiser is someone from another department: the path asks them, not the applicant's leader.
  organiser = await viewerOfNo(plain.find((e) => e.departmentCode !== "D112" && e.departmentCode !== "D11")!.employeeNo);
  stranger = await viewerOfNo(plain.filter((e) => e.departmentCode === "D112")[1].employeeNo);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe("excuseRefusal (pure)", () => {
  const start = new Date("2026-12-07T02:00:00Z");
  const base: ExcuseFacts = {
    meeting: { id: 1, title: "周会", startsAt: start, endsAt: new Date(start.getTime() + H), organizerId: 9, status: "scheduled", checkoutRequired: false, checkoutOpensBeforeEndMinutes: 10, checkoutClosesAfterEndMinutes: 30 },
    invited: true,
    excused: false,
    attendance: null,
  };
  const before = new Date(start.getTime() - DAY);
  const after = new Date(start.getTime() + 2 * H);
  const absent = { status: "absent", checkedInAt: null };
  const cases: { name: string; facts: Partial<ExcuseFacts>; now: Date; want: ReturnType<typeof excuseRefusal> }[] = [
    { name: "invited, the day before: may excuse", facts: {}, now: before, want: null },
    { name: "not invited", facts: { invited: false }, now: before, want: "not_invited" },
    { name: "meeting cancelled", facts: { meeting: { ...base.meeting, status: "cancelled" } }, now: before, want: "meeting_cancelled" },
    { name: "already excused (approved excuse)", facts: { excused: true }, now: before, want: "already_excused" },
    { name: "already on leave (an HR leave covers it)", facts: { attendance: { status: "on_leave", checkedInAt: null } }, now: before, want: "already_excused" },
    { name: "checked in early, before the start", facts: { attendance: { status: "pending", checkedInAt: new Date(start.getTime() - 5 * 60_000) } }, now: new Date(start.getTime() - 60_000), want: "already_checked_in" },
    { name: "under way", facts: {}, now: new Date(start.getTime() + 10 * 60_000), want: "in_progress" },
    { name: "under way until a required check-out window closes", facts: { meeting: { ...base.meeting, checkoutRequired: true } }, now: new Date(start.getTime() + H + 20 * 60_000), want: "in_progress" },
    { name: "after the end, marked absent: may explain", facts: { attendance: absent }, now: after, want: null },
    { name: "after the end, attended (late): nothing to explain", facts: { attendance: { status: "late", checkedInAt: start } }, now: after, want: "already_checked_in" },
    { name: "after the end, no absence recorded yet", facts: {}, now: after, want: "not_absent" },
    { name: `absent, ${EXCUSE_DAYS_AFTER} days after the end: still in time`, facts: { attendance: absent }, now: new Date(start.getTime() + H + EXCUSE_DAYS_AFTER * DAY), want: null },
    { name: `absent, more than ${EXCUSE_DAYS_AFTER} days after the end: too late`, facts: { attendance: absent }, now: new Date(start.getTime() + H + EXCUSE_DAYS_AFTER * DAY + 60_000), want: "too_late" },
  ];
  it.each(cases)("$name", ({ facts, now, want }) => {
    expect(excuseRefusal({ ...base, ...facts }, now)).toBe(want);
  });
});

describe("the form (schema)", () => {
  const ok = { kind: "meeting_excuse", meeting_id: 12, category: "客户拜访", reason: "拜访客户" };
  const cases: { name: string; body: Record<string, unknown>; path: string | null }[] = [
    { name: "a complete form", body: ok, path: null },
    { name: "meeting id as a string of digits", body: { ...ok, meeting_id: "12" }, path: null },
    { name: "no meeting", body: { ...ok, meeting_id: undefined }, path: "meeting_id" },
    { name: "meeting id zero", body: { ...ok, meeting_id: 0 }, path: "meeting_id" },
    { name: "meeting id not whole", body: { ...ok, meeting_id: 1.5 }, path: "meeting_id" },
    { name: "unknown category", body: { ...ok, category: "睡过头" }, path: "category" },
    { name: "blank reason", body: { ...ok, reason: "   " }, path: "reason" },
    { name: "reason over 500 characters", body: { ...ok, reason: "长".repeat(501) }, path: "reason" },
    { name: "an unknown field", body: { ...ok, days: 1 }, path: "" },
  ];
  it.each(cases)("$name", ({ body, path }) => {
    const r = meetingExcuseApplication.safeParse(body);
    expect(r.success).toBe(path === null);
    if (!r.success && path) expect(r.error.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("submit: refusals with a reason (400), nothing written", () => {
  it.each([
    { name: "unknown meeting reads as not invited", make: async () => ({ id: 99_999_999 }), as: () => applicant, reason: "not_invited" },
    { name: "not invited", make: () => meeting(DAY), as: () => stranger, reason: "not_invited" },
    {
      name: "meeting cancelled",
      make: async () => {
        const m = await meeting(DAY);
        await updateMeeting(db, organiser, m.id, { status: "cancelled" });
        return m;
      },
      as: () => applicant,
      reason: "meeting_cancelled",
    },
    { name: "meeting under way", make: () => meeting(-10 * 60_000), as: () => applicant, reason: "in_progress" },
    { name: "absent more than the allowed days ago: too late", make: () => missedMeeting(EXCUSE_DAYS_AFTER * DAY + H), as: () => applicant, reason: "too_late" },
  ])("$name", async ({ make, as, reason }) => {
    const m = await make();
    expect(await reasonOf(excuse(m, as()))).toEqual({ status: 400, reason });
    expect(await db.$count(meetingExcuses, eq(meetingExcuses.meetingId, m.id))).toBe(0);
  });

  it("a second excuse for the same meeting: already pending, then (once approved) already excused", async () => {
    const m = await meeting(2 * DAY);
    const form = { kind: "meeting_excuse" as const, meeting_id: m.id, category: "出差" as const, reason: "x", request_id: "7d0c7c36-4f0e-4a8e-9a53-0d5f7a1b2c3d" };
    const first = await submitApplication(db, applicant, form, "test", NOW);
    expect(await reasonOf(excuse(m))).toEqual({ status: 400, reason: "already_pending" });
    await decideApproval(db, organiser, first.itemId, { outcome: "agree", comment: "" }, "test");
    expect(await reasonOf(excuse(m))).toEqual({ status: 400, reason: "already_excused" });
    // the same form sent again (same request id) is the application already filed, not a refusal
    expect(await submitApplication(db, applicant, form, "test", NOW)).toMatchObject({ itemId: first.itemId, created: false });
  });
});

describe("two excuses for one meeting at once", () => {
  it("one is filed, the other is told it is pending", async () => {
    const m = await meeting(4 * DAY);
    const results = await Promise.allSettled([excuse(m), excuse(m)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect((refused.reason as AppError).details.reason).toBe("already_pending");
  });
});

describe("approved before the meeting", () => {
  it("the organiser decides; the row becomes on_leave (OA outbox), the organiser is told — once", async () => {
    const m = await meeting(DAY);
    expect((await excusableMeetings(db, applicant.employeeId, NOW)).map((x) => x.id)).toContain(m.id);
    const { itemId, path } = await excuse(m);
    expect(path).toEqual([{ mode: "single", approverIds: [organiser.employeeId] }]);
    expect(await rowOf(m)).toBeNull();

    const d = await decideApproval(db, organiser, itemId, { outcome: "agree", comment: "好" }, "test");
    expect(d.flow?.status).toBe("agreed");
    const row = await rowOf(m);
    expect(row).toMatchObject({ status: "on_leave", checkedInAt: null, version: 1 });
    expect(await db.$count(oaOutbox, and(eq(oaOutbox.aggregateType, "meeting_attendance"), eq(oaOutbox.aggregateId, String(row!.id))))).toBe(1);
    expect(await db.select({ meetingId: meetingExcuses.meetingId, category: meetingExcuses.category }).from(meetingExcuses).where(eq(meetingExcuses.itemId, itemId))).toEqual([{ meetingId: m.id, category: "出差" }]);
    const notes = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `meeting_excuse_approved:${itemId}`));
    expect(notes.map((x) => ({ to: x.recipientEmployeeId, kind: x.kind }))).toEqual([{ to: organiser.employeeId, kind: "meeting_excuse_approved" }]);
    expect(notes[0].payload.url).toMatch(new RegExp(`/meetings/${m.id}$`));

    // Idempotent by the application: applying again, or recording the same item, changes nothing.
    expect(await db.transaction((tx) => applyApprovedEffects(tx, itemId))).toBe("already");
    expect((await db.transaction((tx) => recordMeetingExcuse(tx, { meetingId: m.id, employeeId: applicant.employeeId, itemId, category: "出差", reason: "" }))).created).toBe(false);
    expect((await rowOf(m))!.version).toBe(1);
    expect(await db.$count(notificationOutbox, eq(notificationOutbox.dedupeKey, `meeting_excuse_approved:${itemId}`))).toBe(1);
    expect((await excusableMeetings(db, applicant.employeeId, NOW)).map((x) => x.id)).not.toContain(m.id);

    // The meeting passes: finalisation keeps the person on leave (not absent).
    await finalizeMeeting(db, m, new Date(m.endsAt.getTime() + 60_000));
    expect((await rowOf(m))!.status).toBe("on_leave");
  });

  it("a refused excuse writes nothing; a withdrawn one (before any decision) has nothing to undo", async () => {
    const m = await meeting(DAY + 2 * H);
    const refused = await excuse(m);
    await decideApproval(db, organiser, refused.itemId, { outcome: "refuse", comment: "必须参加" }, "test");
    expect(await rowOf(m)).toBeNull();
    const again = await excuse(m);
    await withdrawApplication(db, applicant, again.itemId, "test");
    expect(await rowOf(m)).toBeNull();
    expect(await db.$count(meetingExcuses, eq(meetingExcuses.meetingId, m.id))).toBe(0);
  });
});

describe("reminders", () => {
  it("an excused invitee gets no 会议提醒; the others do", async () => {
    const m = await meeting(5 * H, [applicant, stranger]);
    const { itemId } = await excuse(m);
    await decideApproval(db, organiser, itemId, { outcome: "agree", comment: "" }, "test");
    const at = new Date(m.startsAt.getTime() - 10 * 60_000);
    for (let i = 0; i < 20 && (await runMeetingSchedule(db, at)) > 0; i++);
    const keys = (await db.select({ k: notificationOutbox.dedupeKey }).from(notificationOutbox).where(eq(notificationOutbox.kind, "meeting_reminder"))).map((r) => r.k);
    expect(keys).toContain(`meeting_reminder:${m.id}:${stranger.employeeId}`);
    expect(keys).not.toContain(`meeting_reminder:${m.id}:${applicant.employeeId}`);
  });
});

describe("缺席说明 after the meeting, and its revoke", () => {
  it("absent → on_leave on approval; revoked → absent again (each through the write path)", async () => {
    const m: MeetingRow = await missedMeeting(2 * H);
    const before = (await rowOf(m))!;
    const { itemId } = await excuse(m);
    await decideApproval(db, organiser, itemId, { outcome: "agree", comment: "" }, "test");
    const excused = (await rowOf(m))!;
    expect(excused).toMatchObject({ status: "on_leave", version: before.version + 1 });

    expect(await db.transaction((tx) => reverseApprovedEffects(tx, itemId))).toBe("meeting_excuse");
    const back = (await rowOf(m))!;
    expect(back).toMatchObject({ status: "absent", version: excused.version + 1 });
    expect(await db.$count(oaOutbox, and(eq(oaOutbox.aggregateType, "meeting_attendance"), eq(oaOutbox.aggregateId, String(back.id))))).toBeGreaterThanOrEqual(3);
    expect(await db.transaction((tx) => reverseApprovedEffects(tx, itemId))).toBe("nothing");
    expect((await rowOf(m))!.version).toBe(back.version);
  });
});

describe("preview and the flow editor", () => {
  const deps = () => ({ db: async () => db, viewer: async () => applicant });
  const preview = async (qs: string) => (await previewRoute(deps())(new Request(`http://localhost/api/approvals/applications/preview?${qs}`))).json();

  it("shows the organiser by name before submit, or why the meeting cannot be excused", async () => {
    const m = await meeting(3 * DAY);
    const [o] = await db.select({ name: employees.name }).from(employees).where(eq(employees.id, organiser.employeeId));
    expect(await preview(`kind=meeting_excuse&meeting_id=${m.id}`)).toMatchObject({ flow: "会议请假", problem: null, path: [{ mode: "single", approvers: [{ id: organiser.employeeId, name: o.name }] }] });
    expect(await preview(`kind=meeting_excuse&meeting_id=99999999`)).toMatchObject({ path: [], problem_reason: "not_invited" });
  });

  it("offers the meeting organiser for meeting excuses only (422 for other kinds)", async () => {
    const form = (kind: string) => flowForm.parse({ name: "组织者审批", kind, priority: "10", step0_type: "meeting_organizer" });
    expect((await definitionOf(db, form("meeting_excuse"))).steps).toEqual([{ mode: "single", approvers: [{ type: "meeting_organizer" }] }]);
    expect(await reasonOf(definitionOf(db, form("leave")))).toEqual({ status: 422, reason: "invalid_flow" });
    expect(await db.$count(approvalFlows, eq(approvalFlows.code, "meeting_excuse.default"))).toBe(1);
  });
});
