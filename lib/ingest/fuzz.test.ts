// CI-sized fuzz (~500 malformed requests across every callback route, in-process on a real database):
// only 4xx, never 5xx, zero rows written. The full-size run (≥5,000 over HTTP against `next start`, RSS
// before/after) is scripts/fuzz-callbacks.ts.
import { count } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dispatchCallback } from "@/app/api/callbacks/dispatch.testkit";
import { inboxEvents } from "@/db/schema";
import { resetEnvForTests } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { useDatabaseForRoutes } from "./testing/db";
import { fuzzRound } from "./testing/fuzz-cases";
import { currentCallbackKeys } from "./testing/keys";

let t: TestDatabase;
beforeAll(async () => {
  resetEnvForTests();
  t = await createTestDatabase();
  useDatabaseForRoutes(t.database);
});
afterAll(async () => t.close());

it("~500 malformed callbacks: all 4xx with a reason, no 5xx, no rows", async () => {
  const keys = currentCallbackKeys();
  const statuses = new Map<number, number>();
  const bad: string[] = [];
  let sent = 0;
  for (let seed = 1; sent < 500; seed++) {
    // oversize bodies are 1 MiB each: keep two rounds of them, skip them in the rest to stay CI-sized
    for (const c of fuzzRound(keys, seed, { oversize: seed <= 2 })) {
      const res = await dispatchCallback(c);
      sent++;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status < 400 || res.status >= 500) bad.push(`${c.name} → ${res.status}`);
      else if (!(await res.json()).reason) bad.push(`${c.name} → no reason`);
    }
  }
  expect(bad).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(500);
  expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  expect(statuses.get(413)).toBeGreaterThan(0);
  expect((await t.database.db.select({ n: count() }).from(inboxEvents))[0].n).toBe(0);
});
