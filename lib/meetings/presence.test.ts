// Video presence is independent of arrival order: the pure pairing (presence.ts) over permutations, and the
// Tencent Meeting handlers → meeting_sessions → meeting_attendance → OA outbox on a real database, with joins and
// leaves delivered in order, reversed, shuffled and redelivered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, inboxEvents, meetingAttendance, meetingPresenceEvents, meetingSessions, meetings, oaOutbox } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { meetingEventHandlers } from "./events";
import { createMeeting, writeAttendance } from "./mutations";
import { presenceSessions, type PresenceFact } from "./presence";
import { meetingInput } from "./schemas";

const MIN = 60_000;
const T0 = new Date("2026-03-02T02:00:00Z");
const at = (m: number) => new Date(T0.getTime() + m * MIN);

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe("presenceSessions (pure)", () => {
  const J = (m: number, key = "u1", device: string | null = "PC"): PresenceFact => ({ action: "join", at: at(m), participantKey: key, device });
  const L = (m: number, key = "u1"): PresenceFact => ({ action: "leave", at: at(m), participantKey: key });
  const plain = (facts: PresenceFact[]) => presenceSessions(facts).map((s) => [s.joinedAt.toISOString(), s.leftAt?.toISOString() ?? null, s.device]);

  it("join/leave/join/leave gives the same two sessions in every one of the 24 arrival orders", () => {
    const facts = [J(1), L(10), J(20), L(40)];
    const expected = [[at(1).toISOString(), at(10).toISOString(), "PC"], [at(20).toISOString(), at(40).toISOString(), "PC"]];
    for (const order of permutations(facts)) expect(plain(order)).toEqual(expected);
  });

  it("a leave alone opens nothing; with its join it closes the session; a join alone is still open", () => {
    expect(plain([L(10)])).toEqual([]);
    expect(plain([L(10), J(1)])).toEqual([[at(1).toISOString(), at(10).toISOString(), "PC"]]);
    expect(plain([J(1)])).toEqual([[at(1).toISOString(), null, "PC"]]);
  });

  it("two devices of one person overlap into one span (as the old latest-open pairing merged them), in any order", () => {
    const facts = [J(0, "u1", "PC"), J(5, "u1", "iOS"), L(10), L(50)];
    for (const order of permutations(facts)) expect(plain(order)).toEqual([[at(0).toISOString(), at(50).toISOString(), "PC"]]);
  });

  it("a join and a leave in the same instant make a zero-length session whichever comes first", () => {
    expect(plain([L(3), J(3)])).toEqual([[at(3).toISOString(), at(3).toISOString(), "PC"]]);
    expect(plain([J(3), L(3)])).toEqual([[at(3).toISOString(), at(3).toISOString(), "PC"]]);
  });
});

let t: TestDatabase;
let db: Db;
let people: { id: number; employeeNo: string; name: string }[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).orderBy(employees.id).limit(4);
});
afterAll(async () => t?.close());

const viewerOf = (p: { id: number; employeeNo: string; name: string }): Viewer => ({
  employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: null, departmentName: null, roles: new Set(["employee"]), managedPaths: [], provider: "wecom",
});

let vendorSeq = 0;
/** A meeting [T0, T0 + 60 min] (late after 5, early leave 10 minutes before the end) linked to a fresh Tencent meeting id. */
async function tencentMeeting(person: number) {
  const vendorId = `TM-ORDER-${++vendorSeq}`;
  const m = await createMeeting(
    db,
    viewerOf(people[0]),
    meetingInput.parse({ title: "顺序无关", startsAt: T0.toISOString(), endsAt: at(60).toISOString(), inviteeIds: [people[person].id] }),
  );
  await db.execute(sql`update meetings set video_source = 'tencent_meeting', video_meeting_id = ${vendorId} where id = ${m.id}`);
  const [ident] = await db
    .execute(sql`select external_id from identities where employee_id = ${people[person].id} and provider = 'wecom'`)
    .then((r) => (r as unknown as { rows: { external_id: string }[] }).rows);
  return { meetingId: m.id, vendorId, userid: ident.external_id, employeeId: people[person].id };
}

type Ev = { kind: "joined" | "left"; minute: number; id: number; instance?: string };

function deliver(mt: { vendorId: string; userid: string }, e: Ev) {
  const type = `meeting.participant-${e.kind}`;
  const event = {
    id: e.id, source: "tencent_meeting", channel: "http", eventType: type, dedupeKey: `o${e.id}`, raw: "", status: "processing", attempts: 0,
    nextAttemptAt: T0, lastError: null, parkReason: null, parkKey: null, receivedAt: T0, handledAt: null,
    payload: {
      event: type,
      trace_id: `o${e.id}`,
      payload: [{ operate_time: at(e.minute).getTime(), operator: { userid: mt.userid, user_name: "x", instance_id: e.instance ?? "1" }, meeting_info: { meeting_id: mt.vendorId, subject: "顺序无关" } }],
    },
  } as typeof inboxEvents.$inferSelect;
  return meetingEventHandlers[`tencent_meeting:${type}`]({ db, event });
}

async function stateOf(mt: { meetingId: number; employeeId: number }) {
  const [row] = await db.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, mt.meetingId), eq(meetingAttendance.employeeId, mt.employeeId)));
  const sessions = await db
    .select({ joinedAt: meetingSessions.joinedAt, leftAt: meetingSessions.leftAt })
    .from(meetingSessions)
    .where(and(eq(meetingSessions.meetingId, mt.meetingId), eq(meetingSessions.employeeId, mt.employeeId)))
    .orderBy(asc(meetingSessions.joinedAt));
  const outbox = row
    ? await db.select().from(oaOutbox).where(and(eq(oaOutbox.aggregateType, "meeting_attendance"), eq(oaOutbox.aggregateId, String(row.id)))).orderBy(asc(oaOutbox.version))
    : [];
  const last = outbox.at(-1)?.payload as Record<string, unknown> | undefined;
  return {
    row,
    outboxVersions: outbox.map((o) => o.version),
    /** Everything order-independent about the attendance, the sessions and the OA's latest snapshot. */
    view: row && {
      status: row.status,
      method: row.method,
      device: row.device,
      checkedInAt: row.checkedInAt?.toISOString() ?? null,
      firstJoinAt: row.firstJoinAt?.toISOString() ?? null,
      lastLeaveAt: row.lastLeaveAt?.toISOString() ?? null,
      evidence: row.evidence,
      sessions: sessions.map((s) => [s.joinedAt.toISOString(), s.leftAt?.toISOString() ?? null]),
      presentMinutes: sessions.reduce((n, s) => n + ((s.leftAt ?? at(60)).getTime() - s.joinedAt.getTime()) / MIN, 0),
      oa: last && { status: last.status, checked_in_at: last.checked_in_at, method: last.method, device: last.device, version: last.version },
    },
  };
}

describe("video join/leave in any arrival order (Tencent Meeting handlers, real database)", () => {
  it("(joined, left) and (left, joined) give the same attendance row, sessions, durations and early_leave; OA's last snapshot is that row", async () => {
    const a = await tencentMeeting(1);
    const b = await tencentMeeting(2);
    await deliver(a, { kind: "joined", minute: 2, id: 1 });
    await deliver(a, { kind: "left", minute: 30, id: 2 });
    const orphan = await deliver(b, { kind: "left", minute: 30, id: 3 });
    expect(orphan.outcome).toBe("handled");
    // The leave that came first is kept as evidence, writes no attendance and no OA row yet.
    expect((await stateOf(b)).row).toBeUndefined();
    expect(await db.select().from(meetingPresenceEvents).where(eq(meetingPresenceEvents.meetingId, b.meetingId))).toHaveLength(1);
    await deliver(b, { kind: "joined", minute: 2, id: 4 });

    const sa = await stateOf(a);
    const sb = await stateOf(b);
    expect(sa.view).toMatchObject({
      status: "early_leave",
      method: "video",
      device: "PC",
      firstJoinAt: at(2).toISOString(),
      lastLeaveAt: at(30).toISOString(),
      sessions: [[at(2).toISOString(), at(30).toISOString()]],
      presentMinutes: 28,
      evidence: { lateMinutes: 0, leftEarlyMinutes: 30 },
    });
    const { oa: oaA, ...restA } = sa.view!;
    const { oa: oaB, ...restB } = sb.view!;
    expect(restB).toEqual(restA);
    // The OA's latest version carries the same status/check-in/method/device; the version number counts the states
    // the row went through (in order: checked in, then early leave; reversed: early leave at once).
    expect({ ...oaB, version: undefined }).toEqual({ ...oaA, version: undefined });
    expect(oaA).toMatchObject({ status: "early_leave", version: sa.row.version });
    expect(oaB).toMatchObject({ status: "early_leave", version: sb.row.version });
    expect(sa.outboxVersions).toEqual([1, 2]);
    expect(sb.outboxVersions).toEqual([1]);
  });

  it("join/leave/join/leave delivered in order, reversed and shuffled gives the same merged sessions and row; redelivery of any event changes nothing", async () => {
    const events: Ev[] = [
      { kind: "joined", minute: 1, id: 11 },
      { kind: "left", minute: 10, id: 12 },
      { kind: "joined", minute: 20, id: 13, instance: "4" },
      { kind: "left", minute: 40, id: 14, instance: "4" },
    ];
    const orders: Ev[][] = [
      events,
      [...events].reverse(),
      [events[1], events[3], events[0], events[2]],
      [events[3], events[0], events[2], events[1]],
      [events[2], events[1], events[3], events[0]],
    ];
    const views: unknown[] = [];
    let person = 0;
    for (const order of orders) {
      const mt = await tencentMeeting(1 + (person++ % 3));
      for (const e of order) await deliver(mt, e);
      const s = await stateOf(mt);
      expect(s.view).toMatchObject({
        status: "early_leave",
        firstJoinAt: at(1).toISOString(),
        lastLeaveAt: at(40).toISOString(),
        sessions: [[at(1).toISOString(), at(10).toISOString()], [at(20).toISOString(), at(40).toISOString()]],
        presentMinutes: 29,
        device: "PC",
      });
      const { oa, ...rest } = s.view!;
      expect(oa).toMatchObject({ status: "early_leave", version: s.row.version });
      views.push(rest);
      // Redeliver every event (each twice, in another order): no new session, attendance version or OA row.
      for (const e of [...order].reverse().concat(order)) {
        const r = await deliver(mt, e);
        expect(r.outcome).toBe("handled");
      }
      const again = await stateOf(mt);
      expect(again.row.version).toBe(s.row.version);
      expect(again.row.updatedAt.getTime()).toBe(s.row.updatedAt.getTime());
      expect(again.outboxVersions).toEqual(s.outboxVersions);
      expect(again.view).toEqual(s.view);
      expect(await db.select().from(meetingPresenceEvents).where(eq(meetingPresenceEvents.meetingId, mt.meetingId))).toHaveLength(4);
    }
    for (const v of views) expect(v).toEqual(views[0]);
  });

  it("an event that changes no session (a second device joining inside a session) writes no new version", async () => {
    const mt = await tencentMeeting(3);
    await deliver(mt, { kind: "joined", minute: 0, id: 21 });
    const before = await stateOf(mt);
    expect(before.view).toMatchObject({ status: "on_time", lastLeaveAt: null, sessions: [[at(0).toISOString(), null]] });
    await deliver(mt, { kind: "joined", minute: 5, id: 22, instance: "4" }); // phone joins too
    await deliver(mt, { kind: "left", minute: 15, id: 23, instance: "4" }); // phone leaves, PC still in
    const after = await stateOf(mt);
    expect(after.outboxVersions).toEqual(before.outboxVersions);
    expect(after.row.version).toBe(before.row.version);
    expect(after.view).toMatchObject({ status: "on_time", lastLeaveAt: null, sessions: [[at(0).toISOString(), null]] });
    await deliver(mt, { kind: "left", minute: 55, id: 24 }); // PC leaves 5 minutes before the end: not early
    const done = await stateOf(mt);
    expect(done.view).toMatchObject({ status: "on_time", lastLeaveAt: at(55).toISOString(), sessions: [[at(0).toISOString(), at(55).toISOString()]] });
    expect(done.outboxVersions).toEqual([1, 2]);
  });
});

describe("sessions written before the evidence table (migration 0009 backfill)", () => {
  it("the backfill turns the old rows into evidence; the next event recomputes over them, replacing them without a new version", async () => {
    const { readFileSync } = await import("node:fs");
    const backfill = readFileSync("db/migrations/0009_meeting_presence_events.sql", "utf8").split("--> statement-breakpoint").at(-1)!;
    const mt = await tencentMeeting(2);
    // What the old in-order recordPresence left: a closed session and an open one (keys "<source>:<participant>:join:<ms>").
    await db.insert(meetingSessions).values([
      { meetingId: mt.meetingId, employeeId: mt.employeeId, source: "tencent_meeting", externalKey: `tencent_meeting:${mt.userid}:join:${at(1).getTime()}`, joinedAt: at(1), leftAt: at(10), evidence: { device: "PC", sourceEvent: "inbox:1" } },
      { meetingId: mt.meetingId, employeeId: mt.employeeId, source: "tencent_meeting", externalKey: `tencent_meeting:${mt.userid}:join:${at(20).getTime()}`, joinedAt: at(20), leftAt: null, evidence: { device: "PC", sourceEvent: "inbox:3" } },
      // Not the old path's (an import): neither backfilled nor replaced.
      { meetingId: mt.meetingId, employeeId: mt.employeeId, source: "import_csv", externalKey: "import:line-7", joinedAt: at(0), leftAt: at(5) },
    ]);
    await db.execute(sql.raw(backfill));
    await db.execute(sql.raw(backfill)); // idempotent
    const facts = await db.select().from(meetingPresenceEvents).where(eq(meetingPresenceEvents.meetingId, mt.meetingId)).orderBy(asc(meetingPresenceEvents.at));
    expect(facts.map((f) => [f.participantKey, f.action, f.at.toISOString(), f.device])).toEqual([
      [mt.userid, "join", at(1).toISOString(), "PC"],
      [mt.userid, "leave", at(10).toISOString(), "PC"],
      [mt.userid, "join", at(20).toISOString(), "PC"],
    ]);
    // The attendance row the old path had computed from those rows.
    const [m] = await db.select().from(meetings).where(eq(meetings.id, mt.meetingId));
    await writeAttendance(db, m, mt.employeeId, at(30), { method: "video", device: "PC", evidence: { hasSessions: true } });
    const legacy = await stateOf(mt);
    expect(legacy.view).toMatchObject({ status: "on_time", lastLeaveAt: null });
    // The old path's redelivered join: nothing new.
    await deliver(mt, { kind: "joined", minute: 20, id: 31 });
    // A second device joining inside the open session: the rows are recomputed (new keys), the attendance is not.
    await deliver(mt, { kind: "joined", minute: 25, id: 33, instance: "4" });
    const replaced = await stateOf(mt);
    expect(replaced.row.version).toBe(legacy.row.version);
    expect(replaced.outboxVersions).toEqual(legacy.outboxVersions);
    expect(replaced.view).toEqual(legacy.view);
    await deliver(mt, { kind: "left", minute: 40, id: 32 });
    await deliver(mt, { kind: "left", minute: 35, id: 34, instance: "4" });
    const s = await stateOf(mt);
    expect(s.view).toMatchObject({
      status: "early_leave",
      firstJoinAt: at(0).toISOString(),
      lastLeaveAt: at(40).toISOString(),
      sessions: [[at(0).toISOString(), at(5).toISOString()], [at(1).toISOString(), at(10).toISOString()], [at(20).toISOString(), at(40).toISOString()]],
    });
    const keys = await db.select({ k: meetingSessions.externalKey }).from(meetingSessions).where(eq(meetingSessions.meetingId, mt.meetingId)).orderBy(asc(meetingSessions.joinedAt));
    expect(keys.map((k) => k.k)).toEqual([
      "import:line-7",
      `presence:tencent_meeting:${mt.employeeId}:${at(1).getTime()}`,
      `presence:tencent_meeting:${mt.employeeId}:${at(20).getTime()}`,
    ]);
  });
});

describe("concurrent workers", () => {
  it("a join and its leave handled at the same time in two transactions still pair (per-person lock)", async () => {
    for (let i = 0; i < 8; i++) {
      const mt = await tencentMeeting(1 + (i % 3));
      const inTx = (e: Ev) => db.transaction(async (tx) => {
        const type = `meeting.participant-${e.kind}`;
        const event = {
          id: e.id, source: "tencent_meeting", channel: "http", eventType: type, dedupeKey: `c${e.id}`, raw: "", status: "processing", attempts: 0,
          nextAttemptAt: T0, lastError: null, parkReason: null, parkKey: null, receivedAt: T0, handledAt: null,
          payload: { event: type, payload: [{ operate_time: at(e.minute).getTime(), operator: { userid: mt.userid, instance_id: "1" }, meeting_info: { meeting_id: mt.vendorId } }] },
        } as typeof inboxEvents.$inferSelect;
        return meetingEventHandlers[`tencent_meeting:${type}`]({ db: tx, event });
      });
      const pair: Ev[] = [{ kind: "left", minute: 30, id: 100 + 2 * i }, { kind: "joined", minute: 2, id: 101 + 2 * i }];
      await Promise.all((i % 2 ? pair.reverse() : pair).map(inTx));
      const s = await stateOf(mt);
      expect(s.view).toMatchObject({ status: "early_leave", sessions: [[at(2).toISOString(), at(30).toISOString()]] });
    }
  });
});
