// Check-in through the domain functions against a real (migrated) database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { oaAttendancePayload } from "@/lib/oa-sync/outbox";
import { employees, inboxEvents, meetingAttendance, meetingInvitees, oaOutbox, unmatchedParticipants, auditLog } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { meetingEventHandlers } from "./events";
import { checkIn, createMeeting, finalizeMeeting, manualMark, qrSecret } from "./mutations";
import { liveView } from "./queries";
import { qrCode } from "./qr";
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

async function makeMeeting(now: Date, over: Record<string, unknown> = {}) {
  const organiser = viewerOf(people[0]);
  return createMeeting(
    db,
    organiser,
    meetingInput.parse({
      title: "周例会",
      startsAt: new Date(now.getTime() + 5 * 60_000).toISOString(),
      endsAt: new Date(now.getTime() + 65 * 60_000).toISOString(),
      latitude: 31.2304,
      longitude: 121.4737,
      radiusMeters: 200,
      inviteeIds: [people[1].id, people[2].id, people[3].id],
      ...over,
    }),
  );
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

const rowsFor = async (meetingId: number, employeeId: number) =>
  db.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.employeeId, employeeId)));

describe("check-in refusals", () => {
  it("QR: valid → on_time with an OA outbox row; second check-in refused; no duplicate row", async () => {
    const now = new Date();
    const m = await makeMeeting(now);
    const secret = await qrSecret(db);
    const v = viewerOf(people[1]);
    const ok = await checkIn(db, v, { method: "qr", meetingId: m.id, code: qrCode(secret, m.id, now).code }, { now });
    expect(ok.status).toBe("on_time");
    const again = await refusal(checkIn(db, v, { method: "qr", meetingId: m.id, code: qrCode(secret, m.id, now).code }, { now }));
    expect(again.code).toBe("checkin_already");
    expect(await rowsFor(m.id, v.employeeId)).toHaveLength(1);
    const oa = await db.select().from(oaOutbox).where(eq(oaOutbox.aggregateType, "meeting_attendance"));
    const mine = oa.map((r) => oaAttendancePayload.parse(r.payload)).filter((p) => p.meeting_id === m.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ employee_no: people[1].employeeNo, employee_name: people[1].name, status: "on_time", method: "qr", version: 1 });
  });

  it("expired and forged QR codes, not invited, outside the fence, location denied: each its own code, nothing written", async () => {
    const now = new Date();
    const m = await makeMeeting(now);
    const secret = await qrSecret(db);
    const v = viewerOf(people[2]);
    const old = qrCode(secret, m.id, new Date(now.getTime() - 60_000)).code;
    expect((await refusal(checkIn(db, v, { method: "qr", meetingId: m.id, code: old }, { now }))).code).toBe("checkin_qr_expired");
    expect((await refusal(checkIn(db, v, { method: "qr", meetingId: m.id, code: qrCode("forged", m.id, now).code }, { now }))).code).toBe("checkin_qr_invalid");
    const outsider = viewerOf(people[5]);
    expect((await refusal(checkIn(db, outsider, { method: "qr", meetingId: m.id, code: qrCode(secret, m.id, now).code }, { now }))).code).toBe("checkin_not_invited");
    const far = await refusal(
      checkIn(db, v, { method: "geofence", meetingId: m.id, location: { ok: true, latitude: 31.25, longitude: 121.4737, coordType: "wgs84", source: "browser" } }, { now }),
    );
    expect(far.code).toBe("checkin_outside_fence");
    // 0.0196° of latitude due north of the fence centre: 2,179 m (haversine, R = 6,371 km).
    expect(Math.round(Number(far.details.distanceMeters) / 10)).toBe(218);
    const denied = await refusal(checkIn(db, v, { method: "geofence", meetingId: m.id, location: { ok: false, error: "denied", source: "wecom" } }, { now }));
    expect(denied.code).toBe("checkin_location_unavailable");
    expect(denied.details.reason).toBe("denied");
    expect(await rowsFor(m.id, v.employeeId)).toHaveLength(0);
    expect(await rowsFor(m.id, outsider.employeeId)).toHaveLength(0);
  });

  it("geofence with GCJ-02 coordinates inside the fence succeeds; late after the threshold", async () => {
    const now = new Date();
    const m = await makeMeeting(new Date(now.getTime() - 20 * 60_000)); // started 15 minutes ago
    const v = viewerOf(people[3]);
    const r = await checkIn(db, v, { method: "geofence", meetingId: m.id, location: { ok: true, latitude: 31.22844, longitude: 121.47824, coordType: "gcj02", accuracy: 30, source: "wecom" } }, { now });
    expect(r.status).toBe("late");
    expect(r.lateMinutes).toBe(15);
  });
});

describe("video presence, manual marks and absences", () => {
  it("Tencent meeting.created makes one meeting per occurrence of a recurring meeting; a redelivery adds none", async () => {
    const now = new Date();
    const created = meetingEventHandlers["tencent_meeting:meeting.created"];
    const occurrence = (sub: string, startsAt: Date, id: number) =>
      ({
        id, source: "tencent_meeting", channel: "http", eventType: "meeting.created", dedupeKey: `c${id}`, raw: "", status: "processing", attempts: 0,
        nextAttemptAt: now, lastError: null, parkReason: null, parkKey: null, receivedAt: now, handledAt: null,
        payload: {
          event: "meeting.created",
          trace_id: `c${id}`,
          payload: [{ operate_time: now.getTime(), meeting_info: { meeting_id: "TM-REC", sub_meeting_id: sub, subject: "每周站会", start_time: Math.floor(startsAt.getTime() / 1000), end_time: Math.floor(startsAt.getTime() / 1000) + 1800 } }],
        },
      }) as typeof inboxEvents.$inferSelect;
    const day = 24 * 3600_000;
    await created({ db, event: occurrence("S1", new Date(now.getTime() + day), 901) });
    await created({ db, event: occurrence("S2", new Date(now.getTime() + 8 * day), 902) });
    await created({ db, event: occurrence("S1", new Date(now.getTime() + day), 903) }); // redelivered under another trace id
    const rows = (await db.execute(sql`select occurrence_id, starts_at from meetings where source = 'tencent_meeting' and external_id = 'TM-REC' order by occurrence_id`)) as unknown as { rows: { occurrence_id: string; starts_at: Date }[] };
    expect(rows.rows.map((r) => r.occurrence_id)).toEqual(["S1", "S2"]);
  });

  it("Tencent join → checked in; left early → early_leave; replay changes nothing; unknown participant parked", async () => {
    const now = new Date();
    const m = await makeMeeting(new Date(now.getTime() - 10 * 60_000), { videoSource: undefined });
    await db.execute(sql`update meetings set video_source = 'tencent_meeting', video_meeting_id = 'TM-1' where id = ${m.id}`);
    const [emp] = await db.execute(sql`select i.external_id from identities i where i.employee_id = ${people[1].id} and i.provider = 'wecom'`).then((r) => (r as unknown as { rows: { external_id: string }[] }).rows);
    const event = (type: string, userid: string, at: Date, id: number) =>
      ({
        id, source: "tencent_meeting", channel: "http", eventType: type, dedupeKey: `t${id}`, raw: "", status: "processing", attempts: 0,
        nextAttemptAt: now, lastError: null, parkReason: null, parkKey: null, receivedAt: now, handledAt: null,
        payload: { event: type, trace_id: `t${id}`, payload: [{ operate_time: at.getTime(), operator: { userid, user_name: "x", instance_id: "1" }, meeting_info: { meeting_id: "TM-1", subject: "周例会" } }] },
      }) as typeof inboxEvents.$inferSelect;
    const join = meetingEventHandlers["tencent_meeting:meeting.participant-joined"];
    const leave = meetingEventHandlers["tencent_meeting:meeting.participant-left"];
    expect((await join({ db, event: event("meeting.participant-joined", emp.external_id, now, 1) })).outcome).toBe("handled");
    let [row] = await rowsFor(m.id, people[1].id);
    expect(row.status).toBe("on_time");
    expect(row.method).toBe("video");
    await join({ db, event: event("meeting.participant-joined", emp.external_id, now, 1) });
    expect((await rowsFor(m.id, people[1].id))[0].version).toBe(row.version);
    await leave({ db, event: event("meeting.participant-left", emp.external_id, new Date(now.getTime() + 5 * 60_000), 2) });
    [row] = await rowsFor(m.id, people[1].id);
    expect(row.status).toBe("early_leave");
    const parked = await join({ db, event: event("meeting.participant-joined", "nobody-we-know", now, 3) });
    expect(parked.outcome).toBe("parked");
    const un = await db.select().from(unmatchedParticipants).where(eq(unmatchedParticipants.meetingId, m.id));
    expect(un.map((u) => u.externalUserId)).toEqual(["nobody-we-know"]);
    const live = await liveView(db, viewerOf(people[0]), m.id);
    expect(live.counts.early_leave).toBe(1);
    expect(live.unmatched).toBe(1);
  });

  it("an organiser marks only the meeting's people and people they may see; adding an invitee is recorded", async () => {
    const now = new Date();
    const m = await makeMeeting(new Date(now.getTime() - 3 * 3600_000), { inviteOnly: true });
    const organiser = viewerOf(people[0]); // a plain employee: sees only themselves
    const stranger = people[4]; // not invited, not in the organiser's scope
    const e = await refusal(manualMark(db, organiser, m.id, { employeeId: stranger.id, status: "absent", reason: "随便标" }, now));
    expect([e.code, e.status]).toEqual(["not_found", 404]); // the same answer as for an id that does not exist
    expect(await refusal(manualMark(db, organiser, m.id, { employeeId: 99_999_999, status: "absent", reason: "x" }, now)).then((x) => x.code)).toBe("not_found");
    expect(await db.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, stranger.id)))).toEqual([]);
    expect(await db.select().from(meetingInvitees).where(and(eq(meetingInvitees.meetingId, m.id), eq(meetingInvitees.employeeId, stranger.id)))).toEqual([]);
    // An invitee: marked, no invitee row added.
    const row = await manualMark(db, organiser, m.id, { employeeId: people[1].id, status: "absent", reason: "请假未报" }, now);
    expect(row.status).toBe("absent");
    const [inv] = await db.select().from(meetingInvitees).where(and(eq(meetingInvitees.meetingId, m.id), eq(meetingInvitees.employeeId, people[1].id)));
    expect([inv.addedBy, inv.addedAt]).toEqual([null, null]);
    // HR may see everyone: the stranger is added as an invitee, with who and when, and the addition is audited.
    const hr = viewerOf(people[5], new Set(["employee", "hr"]));
    await manualMark(db, hr, m.id, { employeeId: stranger.id, status: "on_time", reason: "纸质签到" }, now);
    const [added] = await db.select().from(meetingInvitees).where(and(eq(meetingInvitees.meetingId, m.id), eq(meetingInvitees.employeeId, stranger.id)));
    expect([added.addedBy, added.addedAt?.toISOString()]).toEqual([people[5].id, now.toISOString()]);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, "meeting.invitee.add"), eq(auditLog.targetId, String(m.id))));
    expect(audits.map((a) => ({ actor: a.actorEmployeeId, details: a.details }))).toEqual([{ actor: people[5].id, details: { employeeId: stranger.id, via: "manual_mark" } }]);
    // Once recorded, the organiser may correct that person's mark (they are the meeting's people now).
    expect((await manualMark(db, organiser, m.id, { employeeId: stranger.id, status: "late", reason: "核对后" }, now)).status).toBe("late");
  });

  it("manual mark is audited; after the end the rest become absent, once", async () => {
    const now = new Date();
    const m = await makeMeeting(new Date(now.getTime() - 3 * 3600_000));
    const organiser = viewerOf(people[0]);
    await manualMark(db, organiser, m.id, { employeeId: people[2].id, status: "on_time", reason: "现场签到纸登记" }, now);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.action, "meeting.attendance.manual_mark"), eq(auditLog.targetId, `${m.id}:${people[2].id}`)));
    expect(audits.map((a) => ({ actor: a.actorEmployeeId, type: a.targetType, details: a.details }))).toEqual([
      { actor: people[0].id, type: "meeting_attendance", details: { status: "on_time", reason: "现场签到纸登记" } },
    ]);
    expect(await refusal(manualMark(db, viewerOf(people[3]), m.id, { employeeId: people[2].id, status: "absent", reason: "不是组织者" }, now)).then((e) => e.code)).toBe("forbidden");
    expect(await finalizeMeeting(db, m, now)).toBe(2);
    expect(await finalizeMeeting(db, m, now)).toBe(0);
    const statuses = (await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id))).map((r) => r.status).sort();
    expect(statuses).toEqual(["absent", "absent", "on_time"]);
    // Every version the OA will receive is in the OA's wire shape (the sinks dead-letter anything else).
    const oa = await db.select().from(oaOutbox).where(eq(oaOutbox.aggregateType, "meeting_attendance"));
    const forMeeting = oa.map((r) => oaAttendancePayload.parse(r.payload)).filter((p) => p.meeting_id === m.id);
    expect(forMeeting.map((p) => p.status).sort()).toEqual(["absent", "absent", "on_time"]);
  });
});
