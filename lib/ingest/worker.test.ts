// The inbox worker on a real database: dispatch by type, exactly-once effects, retries → dead letter with the
// error, parking and rerunParked, no-handler/unknown visibility, replay/discard, and (on PostgreSQL) concurrent
// workers on separate connections never handling an event twice.
import { count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { inboxEffects, inboxEvents } from "@/db/schema";
import { meetingEventHandlers } from "@/lib/meetings/events";
import { createTestDatabase, testPostgresUrl, type TestDatabase } from "@/tests/db";
import { storeInboxEvent, storeInboxEvents } from "./store";
import { discardEvents, MAX_ATTEMPTS, processInboxBatch, requeueEvents, rerunParked } from "./worker";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const registered: string[] = [];
afterEach(() => {
  for (const k of registered.splice(0)) delete meetingEventHandlers[k];
});

let seq = 0;
async function put(source: "wecom" | "zoom", eventType: string, payload: Record<string, unknown> = {}) {
  const r = await storeInboxEvent(t.database.db, { source, eventType, dedupeKey: `test-${++seq}-${Math.random()}`, raw: "{}", payload });
  return r.id!;
}
async function drain(db = t.database.db) {
  let n = 0;
  for (let i = 0; i < 50; i++) {
    const took = await processInboxBatch(db);
    n += took;
    if (took === 0) break;
  }
  return n;
}
const row = async (id: number) => (await t.database.db.select().from(inboxEvents).where(eq(inboxEvents.id, id)))[0];
const effectsOf = async (id: number) => (await t.database.db.select({ n: count() }).from(inboxEffects).where(eq(inboxEffects.inboxEventId, id)))[0].n;
const makeDue = (id: number) => t.database.db.update(inboxEvents).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(inboxEvents.id, id));

describe("inbox worker", () => {
  it("handles a WeCom text message once, recording one effect; a second pass does nothing", async () => {
    const id = await put("wecom", "msg.text", { FromUserName: "zhangsan", Content: "你好" });
    await drain();
    expect(await row(id)).toMatchObject({ status: "handled", attempts: 1 });
    expect((await row(id)).handledAt).not.toBeNull();
    await drain();
    expect(await effectsOf(id)).toBe(1);
  });

  it("known type without a handler → no_handler; unknown type → ignored; both visible with a reason", async () => {
    const known = await put("zoom", "meeting.ended");
    const unknown = await put("zoom", "webinar.something_new");
    await drain();
    expect(await row(known)).toMatchObject({ status: "no_handler", parkReason: expect.stringMatching(/no handler/) });
    expect(await row(unknown)).toMatchObject({ status: "ignored", parkReason: expect.stringMatching(/unknown/) });
  });

  it("a failing handler rolls back its writes, retries with backoff, and is dead-lettered with the error after MAX_ATTEMPTS; replay and discard", async () => {
    let calls = 0;
    meetingEventHandlers["zoom:test.fails"] = async ({ db, event }) => {
      calls++;
      await db.insert(inboxEffects).values({ inboxEventId: event.id, handler: "partial-write" });
      throw new Error("meeting not found");
    };
    registered.push("zoom:test.fails");
    const id = await put("zoom", "test.fails");
    await drain();
    let r = await row(id);
    expect(r).toMatchObject({ status: "received", attempts: 1, lastError: "Error: meeting not found" });
    expect(r.nextAttemptAt.getTime()).toBeGreaterThan(Date.now()); // backoff
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await makeDue(id);
      await drain();
    }
    r = await row(id);
    expect(r).toMatchObject({ status: "dead", attempts: MAX_ATTEMPTS, lastError: "Error: meeting not found" });
    expect(calls).toBe(MAX_ATTEMPTS);
    expect(await effectsOf(id)).toBe(0); // the partial write rolled back every time

    // replay: succeeds now
    meetingEventHandlers["zoom:test.fails"] = async () => ({ outcome: "handled", effects: { ok: true } });
    expect(await requeueEvents(t.database.db, [id])).toEqual([id]);
    await drain();
    expect(await row(id)).toMatchObject({ status: "handled" });
    expect(await effectsOf(id)).toBe(1);

    // discard only applies to dead letters
    const id2 = await put("zoom", "test.fails");
    meetingEventHandlers["zoom:test.fails"] = async () => {
      throw new Error("still broken");
    };
    await t.database.db.update(inboxEvents).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(inboxEvents.id, id2));
    await drain();
    expect((await row(id2)).status).toBe("dead");
    expect(await discardEvents(t.database.db, [id2, id])).toEqual([id2]);
    expect((await row(id2)).status).toBe("discarded");
  });

  it("a callback that arrives behind a bulk pull backlog is handled in the next batch, and the backlog still drains", async () => {
    const order: string[] = [];
    meetingEventHandlers["zoom:test.bulk"] = async ({ event }) => {
      order.push(`bulk:${event.id}`);
      return { outcome: "handled" };
    };
    meetingEventHandlers["zoom:test.live"] = async ({ event }) => {
      order.push(`live:${event.id}`);
      return { outcome: "handled" };
    };
    registered.push("zoom:test.bulk", "zoom:test.live");
    const db = t.database.db;
    await storeInboxEvents(db, Array.from({ length: 120 }, (_, i) => ({ source: "zoom" as const, channel: "pull" as const, eventType: "test.bulk", dedupeKey: `bulk-${seq}-${i}`, raw: "{}", payload: {} })));
    const live = await put("zoom", "test.live");
    expect(await processInboxBatch(db, 50)).toBe(50);
    expect(order).toContain(`live:${live}`);
    expect(order.filter((o) => o.startsWith("bulk:"))).toHaveLength(49);
    await drain();
    expect(order.filter((o) => o.startsWith("bulk:"))).toHaveLength(120);
    expect(new Set(order).size).toBe(order.length);
  });

  it("parks an unmatched person and re-runs when rerunParked(parkKey) is called", async () => {
    const known = new Set<string>();
    meetingEventHandlers["zoom:test.join"] = async ({ event }) => {
      const who = String((event.payload as { who: string }).who);
      if (!known.has(who)) return { outcome: "parked", reason: `no identity for ${who}`, parkKey: `zoom:${who}` };
      return { outcome: "handled", effects: { who } };
    };
    registered.push("zoom:test.join");
    const id = await put("zoom", "test.join", { who: "pu-9" });
    await drain();
    expect(await row(id)).toMatchObject({ status: "parked", parkKey: "zoom:pu-9", parkReason: "no identity for pu-9" });
    expect(await rerunParked(t.database.db, "zoom:someone-else")).toBe(0);
    known.add("pu-9");
    expect(await rerunParked(t.database.db, "zoom:pu-9")).toBe(1);
    await drain();
    expect(await row(id)).toMatchObject({ status: "handled" });
    expect(await effectsOf(id)).toBe(1);
  });
});

// PGlite is single-connection: the SKIP LOCKED race needs PostgreSQL (CI runs unit tests with DATABASE_URL too).
describe.skipIf(!testPostgresUrl())("concurrent workers (PostgreSQL)", () => {
  it("three workers on separate connections drain a burst with every event handled exactly once", async () => {
    const workers: Database[] = await Promise.all([0, 1, 2].map(() => openDatabase({ url: t.url!, poolSize: 2 })));
    try {
      const ids: number[] = [];
      for (let i = 0; i < 300; i++) ids.push(await put("wecom", "msg.text", { FromUserName: `u${i}`, Content: "x" }));
      const n = await Promise.all(workers.map((w) => drain(w.db)));
      expect(n.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);
      const counts = await t.database.db
        .select({ id: inboxEffects.inboxEventId, n: count() })
        .from(inboxEffects)
        .groupBy(inboxEffects.inboxEventId);
      const byId = new Map(counts.map((c) => [c.id, c.n]));
      expect(ids.filter((id) => byId.get(id) !== 1)).toEqual([]);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
