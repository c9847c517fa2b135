// DingTalk failed-push recovery against the simulated oapi (the route handler itself, reached through a fetch
// that dispatches to it): every page is stored before the next is requested, re-pulls change nothing.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as sim from "@/app/api/sim/dingtalk/oapi/call_back/get_call_back_failed_result/route";
import { inboxEvents } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { pullDingtalkFailedPushes } from "./recovery";

let t: TestDatabase;
beforeAll(async () => {
  resetEnvForTests();
  t = await createTestDatabase();
});
afterAll(async () => t.close());

const simFetch = (async (input: RequestInfo | URL) => sim.GET(new Request(String(input)))) as typeof fetch;

it("pulls 450 failed pushes in 3 pages, storing each page before asking for the next; the list is then empty", async () => {
  const items = Array.from({ length: 450 }, (_, i) => ({
    call_back_tag: i % 2 ? "user_add_org" : "user_leave_org",
    event_time: 1_700_000_000_000 + i,
    [i % 2 ? "user_add_org" : "user_leave_org"]: i % 3 === 0 ? JSON.stringify({ UserId: [`u${i}`], CorpId: "dingcorp" }) : { callbackData: { UserId: [`u${i}`] } },
  }));
  const add = await sim.POST(new Request("http://x/", { method: "POST", body: JSON.stringify({ failed_list: items }) }));
  expect(add.status).toBe(200);

  const seen: number[] = [];
  const countingFetch = (async (input: RequestInfo | URL) => {
    seen.push((await t.database.db.select({ n: count() }).from(inboxEvents))[0].n); // rows stored before this call
    return simFetch(input);
  }) as typeof fetch;
  const r = await pullDingtalkFailedPushes(t.database.db, { fetchImpl: countingFetch, getToken: async () => "tok" });
  expect(r).toEqual({ pages: 3, received: 450, stored: 450 });
  expect(seen).toEqual([0, 200, 400]);
  const rows = await t.database.db.select().from(inboxEvents);
  expect(rows.every((x) => x.source === "dingtalk" && x.channel === "pull")).toBe(true);
  expect(rows.find((x) => x.payload.UserId && (x.payload.UserId as string[])[0] === "u3")?.eventType).toBe("user_add_org");

  // destructive read: the next pull finds nothing; putting the same items back stores nothing new
  expect(await pullDingtalkFailedPushes(t.database.db, { fetchImpl: simFetch, getToken: async () => "tok" })).toEqual({ pages: 1, received: 0, stored: 0 });
  await sim.POST(new Request("http://x/", { method: "POST", body: JSON.stringify({ failed_list: items.slice(0, 10) }) }));
  expect((await pullDingtalkFailedPushes(t.database.db, { fetchImpl: simFetch, getToken: async () => "tok" })).stored).toBe(0);
  expect((await t.database.db.select({ n: count() }).from(inboxEvents))[0].n).toBe(450);
});
