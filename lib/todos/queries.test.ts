import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { identityConflicts, inboxEvents, oaOutbox } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import { createMeeting } from "@/lib/meetings/mutations";
import { meetingInput } from "@/lib/meetings/schemas";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { firstPeople, viewerOf, type Person } from "@/tests/people";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time-core";
import { myTodos } from "./queries";

let t: TestDatabase;
let db: Db;
let people: Person[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  people = await firstPeople(db, 4);
});
afterAll(async () => t?.close());

describe("待办", () => {
  it("an open check-in for an invitee, not for the organiser, not before it opens, not on leave", async () => {
    // A year ahead, clear of the demo organisation's own meetings.
    const start = new Date(Date.now() + 400 * 86_400_000);
    const m = await createMeeting(db, viewerOf(people[0]), meetingInput.parse({ title: "待办测试会", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), inviteeIds: [people[1].id], openBeforeMinutes: 15 }));
    const at = (minutesBefore: number) => new Date(start.getTime() - minutesBefore * 60_000);
    expect((await myTodos(db, viewerOf(people[1]), at(10))).filter((x) => x.kind === "checkin")).toEqual([
      expect.objectContaining({ kind: "checkin", meetingId: m.id, title: "待办测试会", href: `/checkin?m=${m.id}` }),
    ]);
    expect((await myTodos(db, viewerOf(people[1]), at(30))).filter((x) => x.kind === "checkin")).toEqual([]); // not open yet
    expect((await myTodos(db, viewerOf(people[0]), at(10))).filter((x) => x.kind === "checkin")).toEqual([]); // organiser
    expect((await myTodos(db, viewerOf(people[2]), at(10))).filter((x) => x.kind === "checkin")).toEqual([]); // not invited
  });

  it("a check-in that opened before midnight for a meeting at 00:00 is a to-do at 23:55 (Beijing)", async () => {
    const start = zonedTimeToUtc(addDays(businessDate(new Date(Date.now() + 401 * 86_400_000), "Asia/Shanghai"), 1), "00:00", "Asia/Shanghai");
    const m = await createMeeting(db, viewerOf(people[0]), meetingInput.parse({ title: "零点会", startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3_600_000).toISOString(), inviteeIds: [people[1].id], openBeforeMinutes: 15 }));
    const todos = await myTodos(db, viewerOf(people[1]), new Date(start.getTime() - 5 * 60_000));
    expect(todos.filter((x) => x.kind === "checkin")).toEqual([expect.objectContaining({ kind: "checkin", meetingId: m.id, title: "零点会" })]);
  });

  it("HR/admin also get the queues that need a person; an employee does not", async () => {
    await db.insert(identityConflicts).values({ provider: "wecom", externalId: "todo-stranger", reason: "no_match" });
    await db.insert(inboxEvents).values({ source: "wecom", eventType: "x", dedupeKey: "todo-dead", raw: "", payload: {}, status: "dead", attempts: 6, lastError: "boom" });
    const hr = viewerOf(people[3], new Set(["employee", "hr"]));
    const todos = await myTodos(db, hr);
    expect(todos).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: "identity_conflicts", href: "/console/identity" }),
      expect.objectContaining({ kind: "inbox_failures", href: "/console/integrations" }),
    ]));
    expect(todos.find((x) => x.kind === "identity_conflicts")).toMatchObject({ count: expect.any(Number) });
    expect((await myTodos(db, viewerOf(people[2]))).filter((x) => x.kind !== "checkin")).toEqual([]);
    // An OA backlog is a to-do only once it is older than the lag alert threshold (15 minutes by default).
    const createdAt = new Date(Date.now() - 60_000);
    await db.insert(oaOutbox).values({ sink: "http", aggregateType: "meeting_attendance", aggregateId: "todo-1", version: 1, idempotencyKey: "todo-1:1", payload: {}, status: "pending", createdAt });
    const oaLag = async (now: Date) => (await myTodos(db, hr, now)).find((x) => x.kind === "oa_lag");
    expect(await oaLag(new Date(createdAt.getTime() + 60_000))).toBeUndefined();
    expect(await oaLag(new Date(createdAt.getTime() + 60 * 60_000))).toMatchObject({ kind: "oa_lag", href: "/console/sync", count: expect.any(Number) });
  });
});
