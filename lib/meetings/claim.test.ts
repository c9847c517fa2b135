// Claiming an unmatched video-meeting participant: through the real inbox path (store → worker parks → claim →
// the parked event re-runs and records attendance), with the limits on what an organiser may claim.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { identities, identityConflicts, inboxEvents, meetingAttendance, meetings, unmatchedParticipants } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import { employeesWithRole } from "@/lib/auth/grants";
import { storeInboxEvent } from "@/lib/ingest/store";
import { processInboxBatch } from "@/lib/ingest/worker";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { firstPeople, viewerOf, type Person } from "@/tests/people";
import { claimUnmatched, createMeeting } from "./mutations";
import { meetingInput } from "./schemas";

let t: TestDatabase;
let db: Db;
let people: Person[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await firstPeople(db, 6);
});
afterAll(async () => t?.close());

let seq = 0;
/** A live app meeting organised by people[0] with people[1..2] invited, linked to a video meeting. */
async function liveMeeting(videoSource: "tencent_meeting" | "wecom") {
  const now = Date.now();
  const videoMeetingId = `CLAIM-${++seq}`;
  const m = await createMeeting(db, viewerOf(people[0]), meetingInput.parse({
    title: `认领测试 ${seq}`, startsAt: new Date(now - 5 * 60_000).toISOString(), endsAt: new Date(now + 55 * 60_000).toISOString(), inviteeIds: [people[1].id, people[2].id],
  }));
  await db.update(meetings).set({ videoSource, videoMeetingId }).where(eq(meetings.id, m.id));
  return { id: m.id, videoMeetingId };
}

/** A participant nobody knows joins: stored, handled by the worker, parked. Returns the open unmatched row. */
async function strangerJoins(meeting: { id: number; videoMeetingId: string }, source: "tencent_meeting" | "wecom", userid: string) {
  const at = Date.now();
  const id = `claim-${++seq}`;
  if (source === "tencent_meeting") {
    await storeInboxEvent(db, {
      source, eventType: "meeting.participant-joined", dedupeKey: id, raw: "",
      payload: { event: "meeting.participant-joined", trace_id: id, payload: [{ operate_time: at, operator: { userid, user_name: "访客", instance_id: "1" }, meeting_info: { meeting_id: meeting.videoMeetingId, subject: "认领测试" } }] },
    });
  } else {
    await db.insert(unmatchedParticipants).values({ source, externalUserId: userid, meetingId: meeting.id, parkKey: `wecom::${userid}`, firstSeenAt: new Date(at), lastSeenAt: new Date(at), details: {} });
  }
  while ((await processInboxBatch(db)) > 0);
  const [u] = await db.select().from(unmatchedParticipants).where(and(eq(unmatchedParticipants.meetingId, meeting.id), eq(unmatchedParticipants.externalUserId, userid)));
  expect(u.status).toBe("open");
  return u;
}

const linkOf = async (provider: "tencent_meeting" | "wecom", externalId: string) =>
  db.select().from(identities).where(and(eq(identities.provider, provider), eq(identities.externalId, externalId)));
const attendanceOf = async (meetingId: number, employeeId: number) =>
  db.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.employeeId, employeeId)));

describe("claim an unmatched participant", () => {
  it("the organiser claims a video account for an invitee: linked, the parked join re-runs, attendance recorded", async () => {
    const m = await liveMeeting("tencent_meeting");
    const u = await strangerJoins(m, "tencent_meeting", "tm-guest-1");
    expect(await db.select().from(inboxEvents).where(eq(inboxEvents.parkKey, u.parkKey!))).toEqual([expect.objectContaining({ status: "parked" })]);

    expect(await claimUnmatched(db, viewerOf(people[0]), { unmatchedId: u.id, employeeId: people[1].id })).toEqual({ rerun: 1 });
    expect(await linkOf("tencent_meeting", "tm-guest-1")).toEqual([expect.objectContaining({ employeeId: people[1].id, matchedBy: "hr_manual" })]);
    while ((await processInboxBatch(db)) > 0);
    expect(await attendanceOf(m.id, people[1].id)).toEqual([expect.objectContaining({ method: "video" })]);
    const [after] = await db.select().from(unmatchedParticipants).where(eq(unmatchedParticipants.id, u.id));
    expect(after).toMatchObject({ status: "claimed", claimedEmployeeId: people[1].id, claimedBy: people[0].id });
  });

  it("an organiser cannot attribute a participant to someone not invited, nor claim in someone else's meeting; nothing is written", async () => {
    const m = await liveMeeting("tencent_meeting");
    const u = await strangerJoins(m, "tencent_meeting", "tm-guest-2");
    await expect(claimUnmatched(db, viewerOf(people[0]), { unmatchedId: u.id, employeeId: people[5].id })).rejects.toMatchObject({ status: 400 });
    await expect(claimUnmatched(db, viewerOf(people[3]), { unmatchedId: u.id, employeeId: people[1].id })).rejects.toMatchObject({ status: 403 });
    expect(await linkOf("tencent_meeting", "tm-guest-2")).toEqual([]);
    expect((await db.select().from(unmatchedParticipants).where(eq(unmatchedParticipants.id, u.id)))[0].status).toBe("open");
    // HR may attribute it to anyone active.
    await claimUnmatched(db, viewerOf(people[4], new Set(["employee", "hr"])), { unmatchedId: u.id, employeeId: people[5].id });
    expect(await linkOf("tencent_meeting", "tm-guest-2")).toEqual([expect.objectContaining({ employeeId: people[5].id })]);
  });

  it("a WeCom account is a sign-in identity: an organiser may not link it (it would sign in as the employee); HR may", async () => {
    const m = await liveMeeting("wecom");
    const u = await strangerJoins(m, "wecom", "wx-stranger-1");
    await expect(claimUnmatched(db, viewerOf(people[0]), { unmatchedId: u.id, employeeId: people[1].id })).rejects.toMatchObject({ status: 403 });
    expect(await linkOf("wecom", "wx-stranger-1")).toEqual([]);
    await claimUnmatched(db, viewerOf(people[4], new Set(["employee", "hr"])), { unmatchedId: u.id, employeeId: people[1].id });
    expect(await linkOf("wecom", "wx-stranger-1")).toEqual([expect.objectContaining({ employeeId: people[1].id })]);
  });

  it("HR may not link a WeCom account to an admin (it would sign in as the admin); an admin may", async () => {
    const m = await liveMeeting("wecom");
    const u = await strangerJoins(m, "wecom", "wx-wants-admin");
    const [adminId] = await employeesWithRole(db, "admin");
    await expect(claimUnmatched(db, viewerOf(people[4], new Set(["employee", "hr"])), { unmatchedId: u.id, employeeId: adminId })).rejects.toMatchObject({ status: 403 });
    expect(await linkOf("wecom", "wx-wants-admin")).toEqual([]);
    await claimUnmatched(db, viewerOf(people[4], new Set(["employee", "admin"])), { unmatchedId: u.id, employeeId: adminId });
    expect(await linkOf("wecom", "wx-wants-admin")).toEqual([expect.objectContaining({ employeeId: adminId })]);
  });

  it("an account HR refused to link stays refused for organisers (409)", async () => {
    const m = await liveMeeting("tencent_meeting");
    const u = await strangerJoins(m, "tencent_meeting", "tm-refused-1");
    await db.insert(identityConflicts).values({ provider: "tencent_meeting", externalId: "tm-refused-1", reason: "no_match", status: "rejected" });
    await expect(claimUnmatched(db, viewerOf(people[0]), { unmatchedId: u.id, employeeId: people[1].id })).rejects.toMatchObject({ status: 409 });
    expect(await linkOf("tencent_meeting", "tm-refused-1")).toEqual([]);
    expect(Number((await db.execute(sql`select count(*)::int as n from audit_log where action = 'meeting.unmatched.claim' and target_id = ${String(u.id)}`) as unknown as { rows: { n: number }[] }).rows[0].n)).toBe(0);
  });
});
