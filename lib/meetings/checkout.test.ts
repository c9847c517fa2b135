// 签退 through the domain functions against a real (migrated) database: QR and geofence check-out, its refusals,
// idempotence, and the settlement after the window (checked in, never out → early leave) reaching the OA outbox,
// the live view and the meeting report.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, meetingAttendance, notificationOutbox, oaOutbox } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { oaAttendancePayload } from "@/lib/oa-sync/outbox";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { checkIn, checkOut, createMeeting, dueForFinalize, finalizeMeeting, qrSecret, updateMeeting } from "./mutations";
import { liveViewUnscoped, meetingForCheckIn, meetingReport } from "./queries";
import { queueCheckoutReminders } from "./jobs";
import { qrCode } from "./qr";
import { meetingInput } from "./schemas";

let t: TestDatabase;
let db: Db;
let people: { id: number; employeeNo: string; name: string }[];
let secret: string;

const viewerOf = (p: { id: number; employeeNo: string; name: string }, roles: Viewer["roles"] = new Set(["employee"])): Viewer => ({
  employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: null, departmentName: null, roles, managedPaths: [], provider: "wecom",
});

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).orderBy(employees.id).limit(7);
  secret = await qrSecret(db);
});
afterAll(async () => t?.close());

const MIN = 60_000;
/** A meeting T … T+60 min requiring check-out in [T+50, T+90] (defaults), with a fence, inviting people 1–5. */
async function makeMeeting(T: Date, over: Record<string, unknown> = {}) {
  return createMeeting(
    db,
    viewerOf(people[0]),
    meetingInput.parse({
      title: "签退周会",
      startsAt: T.toISOString(),
      endsAt: new Date(T.getTime() + 60 * MIN).toISOString(),
      latitude: 31.2304,
      longitude: 121.4737,
      radiusMeters: 200,
      inviteeIds: [people[1].id, people[2].id, people[3].id, people[4].id, people[5].id],
      checkoutRequired: true,
      ...over,
    }),
  );
}
const plus = (T: Date, minutes: number) => new Date(T.getTime() + minutes * MIN);
const codeIn = (id: number, at: Date) => qrCode(secret, id, at).code;
const codeOut = (id: number, at: Date) => qrCode(secret, id, at, undefined, "out").code;
const here = { ok: true as const, latitude: 31.2304, longitude: 121.4737, coordType: "wgs84" as const, accuracy: 10, source: "browser" as const };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}
const rowOf = async (meetingId: number, employeeId: number) =>
  (await db.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.employeeId, employeeId))))[0];
const outboxOf = async (meetingId: number, employeeNo: string) =>
  (await db.select().from(oaOutbox).where(eq(oaOutbox.aggregateType, "meeting_attendance")))
    .map((r) => oaAttendancePayload.parse(r.payload))
    .filter((p) => p.meeting_id === meetingId && p.employee_no === employeeNo)
    .sort((a, b) => a.version - b.version);

describe("check-out (签退)", () => {
  it("in and out by QR → on time; a second check-out changes nothing; in without out → early leave once the window closes", async () => {
    const T = new Date(Math.floor(Date.now() / MIN) * MIN + 3 * 86_400_000);
    const m = await makeMeeting(T);
    const [A, B, C] = [people[1], people[2], people[3]].map((p) => viewerOf(p));
    await checkIn(db, A, { method: "qr", meetingId: m.id, code: codeIn(m.id, plus(T, -2)) }, { now: plus(T, -2) });
    await checkIn(db, B, { method: "qr", meetingId: m.id, code: codeIn(m.id, plus(T, 7)) }, { now: plus(T, 7) }); // late
    await checkIn(db, C, { method: "geofence", meetingId: m.id, location: here }, { now: plus(T, 1) });

    // The check-out page knows the window.
    const page = await meetingForCheckIn(db, A, m.id, { now: plus(T, 55) });
    expect(page).toMatchObject({ checkoutRequired: true, checkoutOpen: true, checkedOutAt: null });
    expect((await meetingForCheckIn(db, A, m.id, { now: plus(T, 30) }))?.checkoutOpen).toBe(false);

    const out = await checkOut(db, A, { method: "qr", meetingId: m.id, code: codeOut(m.id, plus(T, 55)) }, { now: plus(T, 55), device: "WeCom iOS" });
    expect(out).toMatchObject({ status: "on_time", checkedOutAt: plus(T, 55).toISOString(), method: "qr", leftEarlyMinutes: 0 });
    const afterOut = await rowOf(m.id, A.employeeId);
    expect(afterOut.checkedOutAt).toEqual(plus(T, 55));
    const outboxBefore = (await outboxOf(m.id, A.employeeNo)).length;

    // Twice: refused with its own code, nothing written (same version, no outbox row).
    const again = await refusal(checkOut(db, A, { method: "qr", meetingId: m.id, code: codeOut(m.id, plus(T, 56)) }, { now: plus(T, 56) }));
    expect([again.code, again.status]).toEqual(["checkout_already", 409]);
    expect((await rowOf(m.id, A.employeeId)).version).toBe(afterOut.version);
    expect((await outboxOf(m.id, A.employeeNo)).length).toBe(outboxBefore);

    // 签退提醒: when the window is open, C (in, not out) and B (not out yet) get the check-out link, once; A (out) none.
    expect(await queueCheckoutReminders(db, plus(T, 30))).toBe(0); // the window is not open yet
    expect(await queueCheckoutReminders(db, plus(T, 57))).toBe(2);
    expect(await queueCheckoutReminders(db, plus(T, 58))).toBe(0);
    const reminders = (await db.select().from(notificationOutbox).where(eq(notificationOutbox.kind, "checkout_reminder")))
      .filter((n) => (n.payload as { meetingId: number }).meetingId === m.id)
      .map((n) => [n.recipientEmployeeId, (n.payload as { url: string }).url.endsWith(`/checkin?m=${m.id}&a=out`)]);
    expect(reminders.sort()).toEqual([[B.employeeId, true], [C.employeeId, true]].sort());

    // B (late) checks out by location after the end, inside the window: still late.
    expect((await checkOut(db, B, { method: "geofence", meetingId: m.id, location: here }, { now: plus(T, 70) })).status).toBe("late");

    // Settlement waits for the window to close: at T+60 nothing is due, the meeting is not final.
    expect((await dueForFinalize(db, plus(T, 61), 1000)).some((x) => x.id === m.id)).toBe(false);
    expect(await finalizeMeeting(db, m, plus(T, 61))).toBe(0);
    expect((await rowOf(m.id, C.employeeId)).status).toBe("on_time");
    expect((await liveViewUnscoped(db, m)).figures.phase).not.toBe("final");

    // After the close: C (in, never out) left early; D and E (never came) are absent; A and B keep theirs.
    expect((await dueForFinalize(db, plus(T, 91), 1000)).some((x) => x.id === m.id)).toBe(true);
    await finalizeMeeting(db, m, plus(T, 91));
    const statuses = Object.fromEntries(
      await Promise.all([1, 2, 3, 4, 5].map(async (i) => [people[i].employeeNo, (await rowOf(m.id, people[i].id)).status] as const)),
    );
    expect(statuses).toEqual({
      [people[1].employeeNo]: "on_time",
      [people[2].employeeNo]: "late",
      [people[3].employeeNo]: "early_leave",
      [people[4].employeeNo]: "absent",
      [people[5].employeeNo]: "absent",
    });
    // The OA hears C's change as a new version with the early-leave status.
    const cOut = await outboxOf(m.id, C.employeeNo);
    expect(cOut.map((p) => [p.version, p.status])).toEqual([[1, "on_time"], [2, "early_leave"]]);
    // Finalising again changes nothing.
    expect(await finalizeMeeting(db, { ...m, finalizedAt: null }, plus(T, 100))).toBe(0);
    expect((await outboxOf(m.id, C.employeeNo)).length).toBe(2);

    // The live view and the meeting report count it like any early leave.
    const [fresh] = await db.select().from((await import("@/db/schema")).meetings).where(eq((await import("@/db/schema")).meetings.id, m.id));
    const live = await liveViewUnscoped(db, fresh);
    expect(live.counts.early_leave).toBe(1);
    expect(live.checkout).toMatchObject({ checkedOut: 2 });
    expect(live.figures).toMatchObject({ phase: "final", checkedIn: 3, earlyLeave: 1, absent: 2 });
    const report = await meetingReport(db, viewerOf(people[0], new Set(["employee", "hr"])), m.id, plus(T, 100));
    expect(report.totals).toMatchObject({ early_leave: 1, on_time: 1, late: 1, absent: 2 });

    // After the window: refused.
    const late = await refusal(checkOut(db, C, { method: "geofence", meetingId: m.id, location: here }, { now: plus(T, 95) }));
    expect(late.code).toBe("checkout_window_closed");
  });

  it("refusals: no check-out required, a check-in code, an expired code, not checked in, outside the fence — nothing written", async () => {
    const T = new Date(Math.floor(Date.now() / MIN) * MIN + 4 * 86_400_000);
    const plain = await makeMeeting(T, { checkoutRequired: false });
    const m = await makeMeeting(T);
    const A = viewerOf(people[1]);
    const B = viewerOf(people[2]);
    await checkIn(db, A, { method: "qr", meetingId: m.id, code: codeIn(m.id, T) }, { now: T });
    await checkIn(db, A, { method: "qr", meetingId: plain.id, code: codeIn(plain.id, T) }, { now: T });
    const before = await rowOf(m.id, A.employeeId);
    const now = plus(T, 55);
    const cases: [() => Promise<unknown>, string, number][] = [
      [() => checkOut(db, A, { method: "qr", meetingId: plain.id, code: codeOut(plain.id, now) }, { now }), "checkout_not_required", 409],
      [() => checkOut(db, A, { method: "qr", meetingId: m.id, code: codeIn(m.id, now) }, { now }), "checkout_qr_invalid", 400],
      [() => checkOut(db, A, { method: "qr", meetingId: m.id, code: codeOut(m.id + 1, now) }, { now }), "checkout_qr_invalid", 400],
      [() => checkOut(db, A, { method: "qr", meetingId: m.id, code: codeOut(m.id, plus(T, 50)) }, { now }), "checkout_qr_expired", 410],
      [() => checkOut(db, B, { method: "qr", meetingId: m.id, code: codeOut(m.id, now) }, { now }), "checkout_not_checked_in", 409],
      [() => checkOut(db, A, { method: "geofence", meetingId: m.id, location: { ...here, latitude: 31.25 } }, { now }), "checkin_outside_fence", 422],
      [() => checkOut(db, A, { method: "geofence", meetingId: m.id, location: { ok: false, error: "denied", source: "browser" } }, { now }), "checkin_location_unavailable", 422],
    ];
    for (const [p, code, status] of cases) {
      const e = await refusal(p());
      expect([e.code, e.status]).toEqual([code, status]);
    }
    const after = await rowOf(m.id, A.employeeId);
    expect([after.version, after.checkedOutAt]).toEqual([before.version, null]);
    expect(await rowOf(m.id, B.employeeId)).toBeUndefined();
    // A check-in code is not a check-out code, and a check-out code does not check anyone in.
    const e = await refusal(checkIn(db, B, { method: "qr", meetingId: m.id, code: codeOut(m.id, T) }, { now: T }));
    expect(e.code).toBe("checkin_qr_invalid");
  });

  it("a check-out before the window is early leave at once, with the minutes before the end", async () => {
    const T = new Date(Math.floor(Date.now() / MIN) * MIN + 5 * 86_400_000);
    const m = await makeMeeting(T);
    const A = viewerOf(people[1]);
    await checkIn(db, A, { method: "qr", meetingId: m.id, code: codeIn(m.id, T) }, { now: T });
    const r = await checkOut(db, A, { method: "qr", meetingId: m.id, code: codeOut(m.id, plus(T, 25)) }, { now: plus(T, 25) });
    expect(r).toMatchObject({ status: "early_leave", leftEarlyMinutes: 35 });
    await finalizeMeeting(db, m, plus(T, 91));
    expect((await rowOf(m.id, A.employeeId)).status).toBe("early_leave");
  });

  it("switching check-out on for a meeting re-opens its settlement; switching it off makes the missing check-out harmless", async () => {
    const T = new Date(Math.floor(Date.now() / MIN) * MIN + 6 * 86_400_000);
    const m = await makeMeeting(T, { checkoutRequired: false });
    const A = viewerOf(people[1]);
    const organiser = viewerOf(people[0]);
    await checkIn(db, A, { method: "qr", meetingId: m.id, code: codeIn(m.id, T) }, { now: T });
    const on = await updateMeeting(db, organiser, m.id, { checkoutRequired: true, checkoutClosesAfterEndMinutes: 15 }, plus(T, 30));
    expect(on.checkoutRequired).toBe(true);
    await finalizeMeeting(db, on, plus(T, 76));
    expect((await rowOf(m.id, A.employeeId)).status).toBe("early_leave");
    await updateMeeting(db, organiser, m.id, { checkoutRequired: false }, plus(T, 80));
    expect((await rowOf(m.id, A.employeeId)).status).toBe("on_time");
  });
});
