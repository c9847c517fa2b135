// DingTalk Stream mode end to end: the official SDK client (with our overrides) connects to the simulated
// gateway over a local WebSocket; events land in the same inbox with the same keys as HTTP pushes, the ack is
// SUCCESS only after the row is stored, LATER when storing fails (so DingTalk redelivers), redelivery is a no-op.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { inboxEvents } from "@/db/schema";
import { startDingtalkStream } from "@/lib/vendors/dingtalk/stream";
import { startSimStreamGateway } from "@/lib/vendors/sim/dingtalk-stream-gateway";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { storeStreamFrame } from "./stream";
import { dingtalkDedupeKey } from "./verify";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
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
