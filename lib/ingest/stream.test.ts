// DingTalk Stream mode end to end: the official SDK client (with our overrides) connects to the simulated
// gateway over a local WebSocket; events land in the same inbox with the same keys as HTTP pushes, the ack is
// SUCCESS only after the row is stored, LATER when storing fails (so DingTalk redelivers), redelivery is a no-op.
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dispatchCallback } from "@/app/api/callbacks/dispatch.testkit";
import { openDatabase } from "@/db/client";
import { inboxEvents } from "@/db/schema";
import { dingtalkReplyIsSuccess, dingtalkSignedPost, dingtalkUserEvent } from "@/lib/vendors/dingtalk/sender";
import { startDingtalkStream } from "@/lib/vendors/dingtalk/stream";
import { startSimStreamGateway } from "@/lib/vendors/sim/dingtalk-stream-gateway";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { storeStreamFrame } from "./stream";
import { useDatabaseForRoutes } from "./testing/db";
import { currentCallbackKeys } from "./testing/keys";
import { dingtalkDedupeKey } from "./verify";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  useDatabaseForRoutes(t.database);
});
afterAll(async () => t.close());

async function waitFor(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

it("stores Stream events under the HTTP push's key and acks only after the row is committed", async () => {
  const gw = await startSimStreamGateway({ clientId: "dingstreamapp", clientSecret: "s3cret" });
  let storedBeforeAck = true;
  let broken = false;
  const broke = await openDatabase({ pgliteDir: null });
  await broke.close();
  const handle = await startDingtalkStream({
    clientId: "dingstreamapp",
    clientSecret: "s3cret",
    apiBase: gw.apiBase,
    onEvent: async (msg) => {
      await storeStreamFrame(broken ? broke.db : t.database.db, msg);
    },
  });
  try {
    await waitFor(() => gw.connections() === 1);
    expect(gw.connections()).toBe(1);
    const ev = { eventType: "user_add_org", eventId: "evt-stream-1", corpId: "dingcorp", data: { UserId: ["u1"], TimeStamp: "1700000000000" } };
    const ack = await gw.push(ev);
    const rows = await t.database.db.select().from(inboxEvents);
    storedBeforeAck = rows.length === 1;
    expect(ack).toBe("SUCCESS");
    expect(storedBeforeAck).toBe(true);
    expect(rows[0]).toMatchObject({ source: "dingtalk", channel: "stream", eventType: "user_add_org", dedupeKey: "event:evt-stream-1" });
    // same key as the HTTP push of the same event
    expect(rows[0].dedupeKey).toBe(dingtalkDedupeKey({ eventId: "evt-stream-1", EventType: "user_add_org" }, "{}"));

    expect(await gw.push(ev)).toBe("SUCCESS"); // redelivery: acked, nothing new
    expect((await t.database.db.select({ n: count() }).from(inboxEvents))[0].n).toBe(1);

    broken = true; // the database is down: answer LATER so DingTalk redelivers
    expect(await gw.push({ ...ev, eventId: "evt-stream-2" })).toBe("LATER");
    expect((await t.database.db.select({ n: count() }).from(inboxEvents))[0].n).toBe(1);
    broken = false;
    expect(await gw.push({ ...ev, eventId: "evt-stream-2" })).toBe("SUCCESS");
    expect((await t.database.db.select({ n: count() }).from(inboxEvents))[0].n).toBe(2);
  } finally {
    handle.close();
    await gw.close();
  }
});

it("the gateway refuses a wrong client secret (no connection)", async () => {
  const gw = await startSimStreamGateway({ clientId: "dingstreamapp", clientSecret: "s3cret" });
  try {
    const r = await fetch(`${gw.apiBase}/v1.0/gateway/connections/open`, { method: "POST", body: JSON.stringify({ clientId: "dingstreamapp", clientSecret: "nope" }) });
    expect(r.status).toBe(401);
  } finally {
    await gw.close();
  }
});

/** A Stream client (the SDK with our overrides) storing into the test database, connected to `gw`. */
async function connect(gw: Awaited<ReturnType<typeof startSimStreamGateway>>) {
  const handle = await startDingtalkStream({
    clientId: "dingstreamapp",
    clientSecret: "s3cret",
    apiBase: gw.apiBase,
    onEvent: async (msg) => {
      await storeStreamFrame(t.database.db, msg);
    },
  });
  await waitFor(() => gw.connections() === 1);
  expect(gw.connections()).toBe(1);
  return handle;
}

const rowsFor = async (eventId: string) =>
  (await t.database.db.select({ n: count() }).from(inboxEvents).where(eq(inboxEvents.dedupeKey, `event:${eventId}`)))[0].n;

it("the same event by HTTP push and by Stream is one inbox row, whichever arrives first", async () => {
  const keys = currentCallbackKeys().dingtalk;
  const gw = await startSimStreamGateway({ clientId: "dingstreamapp", clientSecret: "s3cret" });
  const handle = await connect(gw);
  try {
    // HTTP first, then the Stream delivery of the same event (eventId): acked SUCCESS, nothing new
    const a = "evt-both-http-first";
    const http1 = await dispatchCallback(dingtalkSignedPost(keys, dingtalkUserEvent("user_add_org", keys.corpId, ["u9"], a)));
    expect(http1.status).toBe(200);
    expect(dingtalkReplyIsSuccess(keys, await http1.json())).toBe(true);
    expect(await gw.push({ eventType: "user_add_org", eventId: a, corpId: keys.corpId, data: { timeStamp: String(Date.now()), userId: ["u9"] } })).toBe("SUCCESS");
    expect(await rowsFor(a)).toBe(1);

    // Stream first, then the HTTP push: the route acks the duplicate with the encrypted success, nothing new
    const b = "evt-both-stream-first";
    expect(await gw.push({ eventType: "user_add_org", eventId: b, corpId: keys.corpId, data: { timeStamp: String(Date.now()), userId: ["u9"] } })).toBe("SUCCESS");
    const http2 = await dispatchCallback(dingtalkSignedPost(keys, dingtalkUserEvent("user_add_org", keys.corpId, ["u9"], b)));
    expect(http2.status).toBe(200);
    expect(dingtalkReplyIsSuccess(keys, await http2.json())).toBe(true);
    expect(await rowsFor(b)).toBe(1);
    const stored = await t.database.db.select().from(inboxEvents).where(eq(inboxEvents.dedupeKey, `event:${b}`));
    expect(stored[0]).toMatchObject({ channel: "stream", eventType: "user_add_org" });
  } finally {
    handle.close();
    await gw.close();
  }
});

it("an event whose ack is lost is pushed again and stored once; a dropped connection reconnects and gets the unacked event", async () => {
  const gw = await startSimStreamGateway({ clientId: "dingstreamapp", clientSecret: "s3cret", redeliverAfterMs: 400 });
  const handle = await connect(gw);
  try {
    const ev = (eventId: string) => ({ eventType: "user_add_org", eventId, corpId: "dingcorp", data: { timeStamp: String(Date.now()), userId: ["u7"] } });
    // the ack of the first delivery is lost: the gateway retries after its timeout; the client stores nothing new
    gw.dropAcks(1);
    const id = gw.enqueue(ev("evt-lost-ack"));
    expect(await gw.waitForAck(id, 5000)).toBe("SUCCESS");
    const acks = gw.acks().filter((x) => x.eventId === "evt-lost-ack");
    expect(acks.map((x) => [x.status, x.attempt])).toEqual([
      ["dropped", 1],
      ["SUCCESS", 2],
    ]);
    expect(gw.pending()).toEqual([]);
    expect(await rowsFor("evt-lost-ack")).toBe(1);

    // the connection drops right after a push (before any ack can come back): the SDK reconnects with a new
    // ticket and the gateway pushes the unacked event again on the new connection
    gw.dropAcks(1);
    const id2 = gw.enqueue(ev("evt-dropped-conn"));
    gw.terminate();
    expect(await gw.waitForAck(id2, 8000)).toBe("SUCCESS");
    expect(gw.connections()).toBe(1);
    expect(await rowsFor("evt-dropped-conn")).toBe(1);

    // SYSTEM disconnect (DingTalk rebalancing): the gateway closes after the grace period, the client comes back
    gw.disconnect("connection is expired", 200);
    await waitFor(() => gw.connections() === 0, 3000);
    await waitFor(() => gw.connections() === 1, 8000);
    expect(await gw.push(ev("evt-after-disconnect"))).toBe("SUCCESS");
    expect(await rowsFor("evt-after-disconnect")).toBe(1);
  } finally {
    handle.close();
    await gw.close();
  }
});

it("the gateway's unacked queue survives a restart of its host process (stateFile)", async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "qd-stream-")), "gw.json");
  const gw1 = await startSimStreamGateway({ clientId: "dingstreamapp", clientSecret: "s3cret", stateFile: file });
  gw1.enqueue({ eventType: "user_add_org", eventId: "evt-persisted", corpId: "dingcorp", data: { userId: ["u8"] } }); // no client yet
  await gw1.close();
  const gw2 = await startSimStreamGateway({ clientId: "dingstreamapp", clientSecret: "s3cret", stateFile: file });
  expect(gw2.pending().map((p) => p.eventId)).toEqual(["evt-persisted"]);
  const handle = await connect(gw2);
  try {
    await waitFor(() => gw2.pending().length === 0);
    expect(gw2.acks().map((a) => [a.eventId, a.status])).toEqual([["evt-persisted", "SUCCESS"]]);
    expect(await rowsFor("evt-persisted")).toBe(1);
  } finally {
    handle.close();
    await gw2.close();
  }
});
