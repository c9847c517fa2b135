import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, identities, meetingAttendance, notificationOutbox } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { enqueueNotification } from "@/lib/notifications/outbox";
import { sendDue, type Transport } from "@/lib/notifications/sender";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { runMeetingSchedule } from "./jobs";
import { periodReport } from "./queries";
import { businessDate } from "@/lib/time";
import { checkIn, createMeeting, qrSecret } from "./mutations";
import { qrCode } from "./qr";
import { meetingInput } from "./schemas";
import { wecomConfig } from "@/lib/vendors/config";

let t: TestDatabase;
let db: Db;
let people: { id: number; employeeNo: string; name: string }[];
const viewerOf = (p: (typeof people)[number]): Viewer => ({ employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: null, departmentName: null, roles: new Set(["employee"]), managedPaths: [], provider: "wecom" });

/** Records what would go to the vendors (the vendor boundary, not our code). */
function recordingTransport() {
  const sent: { channel: string; to: string[]; msg: Record<string, unknown> }[] = [];
  const transport: Transport = {
    wecom: async (to, msg) => (sent.push({ channel: "wecom", to, msg }), { msgid: `m${sent.length}`, invalidUsers: [] }),
    dingtalk: async (to, msg) => (sent.push({ channel: "dingtalk", to, msg }), { taskId: sent.length }),
  };
  return { sent, transport };
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).orderBy(employees.id).limit(5);
});
afterAll(async () => t?.close());

describe("reminders, nudges and absences", () => {
  it("reminds every invitee once, nudges only those not checked in, marks absent after the end", async () => {
    // A year ahead, on a day the demo organisation has no meetings of its own, so the day report holds only ours.
    const t0 = new Date(Date.now() + 400 * 86_400_000);
    const m = await createMeeting(db, viewerOf(people[0]), meetingInput.parse({
      title: "季度复盘", startsAt: new Date(t0.getTime() + 10 * 60_000).toISOString(), endsAt: new Date(t0.getTime() + 70 * 60_000).toISOString(),
      inviteeIds: [people[1].id, people[2].id, people[3].id], remindBeforeMinutes: 15, nudgeAfterMinutes: 10,
    }));
    await runMeetingSchedule(db, t0);
    await runMeetingSchedule(db, t0); // a second pass queues nothing new
    const reminders = await db.select().from(notificationOutbox).where(eq(notificationOutbox.kind, "meeting_reminder"));
    expect(reminders.filter((r) => r.payload.meetingId === m.id)).toHaveLength(3);
    expect(reminders[0].payload.url).toContain(`/checkin?m=${m.id}`);

    const { sent: allSent, transport } = recordingTransport();
    // The demo organisation's own meetings may be in their reminder window at this time of day: look at ours.
    expect(await sendDue(db, transport, { now: new Date() })).toBeGreaterThanOrEqual(3);
    const sent = allSent.filter((s) => (s.msg.textcard as { title: string }).title === "会议提醒：季度复盘");
    expect(sent).toHaveLength(1); // identical message batched into one call
    expect(sent[0].to).toHaveLength(3);
    expect(sent[0].msg.msgtype).toBe("textcard");
    expect((await db.select().from(notificationOutbox).where(eq(notificationOutbox.kind, "meeting_reminder"))).filter((r) => r.payload.meetingId === m.id).every((r) => r.status === "sent")).toBe(true);

    const inWindow = new Date(t0.getTime() + 8 * 60_000);
    await checkIn(db, viewerOf(people[1]), { method: "qr", meetingId: m.id, code: qrCode(await qrSecret(db), m.id, inWindow).code }, { now: inWindow });
    await runMeetingSchedule(db, new Date(t0.getTime() + 21 * 60_000));
    const nudges = (await db.select().from(notificationOutbox).where(eq(notificationOutbox.kind, "checkin_nudge"))).filter((r) => r.payload.meetingId === m.id);
    expect(nudges.map((n) => n.recipientEmployeeId).sort()).toEqual([people[2].id, people[3].id].sort());

    await runMeetingSchedule(db, new Date(t0.getTime() + 71 * 60_000));
    const rows = await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id));
    expect(rows.map((r) => r.status).sort()).toEqual(["absent", "absent", "on_time"]);

    // The period report (HR scope) counts exactly these rows, by department, day and meeting.
    const hr: Viewer = { ...viewerOf(people[0]), roles: new Set(["employee", "hr"]) };
    const day = businessDate(m.startsAt);
    const report = await periodReport(db, hr, { from: day, to: day });
    expect(report.totals).toMatchObject({ total: 3, on_time: 1, absent: 2 });
    expect(report.totals.attendanceRate).toBeCloseTo(1 / 3);
    expect(report.byDepartment.reduce((n, d) => n + d.total, 0)).toBe(3);
    expect(report.byDay.map((d) => [d.key, d.total])).toEqual([[day, 3]]);
    expect(report.meetings.find((x) => x.key === String(m.id))?.total).toBe(3);
    // An employee sees nothing of it.
    expect((await periodReport(db, viewerOf(people[3]), { from: day, to: day })).totals.total).toBe(0);
  });

  it("per-user limit: the 31st WeCom message within a minute is deferred, not sent", async () => {
    const now = new Date();
    // A new colleague with a WeCom account and nothing else: the demo organisation's own meetings queue reminders
    // by the wall clock (a seeded meeting may start within the hour), and those would count toward the limit.
    const [{ id: who }] = await db.insert(employees).values({ employeeNo: "T-LIMIT-1", name: "限流测试" }).returning({ id: employees.id });
    await db.insert(identities).values({ provider: "wecom", corpId: wecomConfig().corpId, externalId: "limit-test-1", employeeId: who, matchedBy: "seed" });
    expect(await db.select().from(notificationOutbox).where(eq(notificationOutbox.recipientEmployeeId, who))).toEqual([]);
    for (let i = 0; i < 31; i++) {
      await enqueueNotification(db, { channel: "wecom", recipientEmployeeId: who, kind: "test", dedupeKey: `limit:${i}`, payload: { title: `t${i}`, description: "d" }, notBefore: now });
    }
    const { sent, transport } = recordingTransport();
    await sendDue(db, transport, { now });
    const rows = await db.select().from(notificationOutbox).where(inArray(notificationOutbox.dedupeKey, Array.from({ length: 31 }, (_, i) => `limit:${i}`)));
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(30);
    const deferred = rows.filter((r) => r.status === "pending");
    expect(deferred).toHaveLength(1);
    expect(deferred[0].nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    expect(sent.filter((s) => /^t\d+$/.test(String((s.msg.textcard as { title: string }).title)))).toHaveLength(30);
  });

  it("a vendor failure is retried later with backoff and keeps its delivery state", async () => {
    const now = new Date();
    await enqueueNotification(db, { channel: "dingtalk", recipientEmployeeId: people[1].id, kind: "test", dedupeKey: "fail:1", payload: { title: "x", description: "y", url: "http://x" }, notBefore: now });
    const failing: Transport = { wecom: async () => { throw new Error("boom"); }, dingtalk: async () => { throw new Error("503 from vendor"); } };
    await sendDue(db, failing, { now });
    const [r] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, "fail:1"));
    expect(r.status).toBe("failed");
    expect(r.attempts).toBe(1);
    expect(r.lastError).toContain("503");
    expect(r.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
  });
});
