// Pull-API rate limit shared by all app instances: two instances are two separate connection pools on the same
// database (on PGlite, without DATABASE_URL, both are the one in-memory database: the SQL still runs, the
// cross-instance part is only meaningful on PostgreSQL).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { rowsOf } from "../dispatcher";
import { seedFakeOrg } from "../testing/checkins";
import { apiRoute } from "./handler";
import { authenticateApiKey, createApiKey, RateLimited, retryAfterSeconds } from "./keys";
import { listEmployeesPage } from "./queries";
import { employeesQuery, type ApiScope } from "./schemas";

let t: TestDatabase;
let second: Database | null = null;
let a: Db;
let b: Db;

const admin: Viewer = {
  employeeId: 1,
  employeeNo: "A001",
  name: "管理员",
  departmentId: null,
  departmentName: null,
  roles: new Set(["admin", "employee"]),
  managedPaths: [],
  provider: null,
};

beforeAll(async () => {
  t = await createTestDatabase();
  a = t.database.db;
  if (t.url) second = await openDatabase({ url: t.url, poolSize: 5 });
  b = second?.db ?? a;
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const req = (key: string) => new Request("http://localhost/api/v1/employees", { headers: { authorization: `Bearer ${key}` } });

/** 200-ish (the caller) or the RateLimited error's Retry-After; anything else is rethrown. */
async function call(db: Db, key: string, at?: Date, scope: ApiScope = "employees:read"): Promise<"ok" | { retryAfter: number }> {
  try {
    await authenticateApiKey(db, req(key), scope, at);
    return "ok";
  } catch (e) {
    if (e instanceof RateLimited) return { retryAfter: e.retryAfterSeconds };
    throw e;
  }
}

describe("pull-API rate limit across instances", () => {
  it("two instances interleaving requests share one limit; Retry-After runs to the end of the window; the next window carries the last one's share", async () => {
    const { id, key } = await createApiKey(a, admin, { name: "两实例", scopes: ["employees:read"], rateLimitPerMinute: 10 });
    const t0 = new Date("2026-03-02T02:00:15.000Z");
    const results: ("ok" | { retryAfter: number })[] = [];
    for (let i = 0; i < 24; i++) results.push(await call(i % 2 === 0 ? a : b, key, new Date(t0.getTime() + i * 1000)));
    expect(results.slice(0, 10)).toEqual(Array(10).fill("ok"));
    // The window is full: the wait runs into the next minute, where 10 carried × (1 − x/60) + 1 ≤ 10 → x = 6 s.
    // Request i was made at 02:00:(15+i), so Retry-After is the rest of this minute plus 6 s.
    expect(results.slice(10)).toEqual(Array.from({ length: 14 }, (_, j) => ({ retryAfter: 60 - (15 + 10 + j) + 6 })));
    // Refused requests cost no quota: the window still holds 10.
    const count = async (start: string) =>
      Number(rowsOf<{ count: number }>(await a.execute(sql`SELECT count FROM api_rate_windows WHERE key_id = ${id} AND window_start = ${start}::timestamptz`))[0]?.count ?? 0);
    expect(await count("2026-03-02T02:00:00Z")).toBe(10);

    // Fixed windows would let 10 more through at 02:01:00; the carried share of the last minute does not.
    expect(await call(b, key, new Date("2026-03-02T02:01:00.250Z"))).toEqual({ retryAfter: 6 });
    expect(await call(a, key, new Date("2026-03-02T02:01:05.000Z"))).toEqual({ retryAfter: 1 });
    // 02:01:06 → 10 × 0.9 = 9 carried: one request; the next must wait another 6 s (10 × 0.8 + 1 + 1 = 10).
    expect(await call(a, key, new Date("2026-03-02T02:01:06.000Z"))).toBe("ok");
    expect(await call(b, key, new Date("2026-03-02T02:01:06.000Z"))).toEqual({ retryAfter: 6 });
    // 02:01:30 → 5 carried + 1 counted: four more pass, the fifth is refused.
    const half: ("ok" | { retryAfter: number })[] = [];
    for (let i = 0; i < 5; i++) half.push(await call(i % 2 === 0 ? b : a, key, new Date("2026-03-02T02:01:30.000Z")));
    expect(half.filter((r) => r === "ok")).toHaveLength(4);
    // In any 60 s that started at 02:00:15, at most 10 + (what decayed) passed: 10 in the first minute, 5 in the next 30 s.
    expect(await count("2026-03-02T02:01:00Z")).toBe(5);

    // Opening a window keeps the one before it (it is carried) and prunes older ones.
    expect(await call(a, key, new Date("2026-03-02T02:03:10.000Z"))).toBe("ok");
    const windows = rowsOf<{ window_start: string }>(await a.execute(sql`SELECT window_start::text FROM api_rate_windows WHERE key_id = ${id} ORDER BY window_start`));
    expect(windows.map((w) => new Date(w.window_start).toISOString())).toEqual(["2026-03-02T02:03:00.000Z"]);
  });

  it("Retry-After: the wait for the carried share to decay, or for the next window", () => {
    expect(retryAfterSeconds(10, 0, 10, 20)).toBe(46); // full: 40 s to the next window + 6 s of decay
    expect(retryAfterSeconds(10, 10, 0, 0.25)).toBe(6); // 10 × (1 − x/60) + 1 ≤ 10 → x = 6
    expect(retryAfterSeconds(10, 10, 0, 5.5)).toBe(1);
    expect(retryAfterSeconds(60, 60, 59, 0)).toBe(60); // the whole carried minute must decay; then 59 carried + 1 fits
    expect(retryAfterSeconds(1, 0, 1, 59.6)).toBe(61); // 1 per minute: 0.4 s to the window, then the whole carried one decays
  });

  it("a client that returns exactly when Retry-After said is served (float rounding does not refuse it again)", async () => {
    // limit 15, 15 in the previous minute, 4 in this one at :00 → Retry-After 20; at :20 the carried share is
    // 15 × (1 − 20/60) = 10.000000000000002 in float8, and 10 + 4 + 1 must still count as within 15.
    const { id, key } = await createApiKey(a, admin, { name: "边界", scopes: ["employees:read"], rateLimitPerMinute: 15 });
    await a.execute(sql`INSERT INTO api_rate_windows (key_id, window_start, count) VALUES (${id}, '2026-03-02T06:00:00Z', 15), (${id}, '2026-03-02T06:01:00Z', 4)`);
    const refused = await call(a, key, new Date("2026-03-02T06:01:00.000Z"));
    expect(refused).toEqual({ retryAfter: 20 });
    expect(await call(b, key, new Date("2026-03-02T06:01:20.000Z"))).toBe("ok");
  });

  it("concurrent bursts from both instances: exactly the limit passes", async () => {
    const { key } = await createApiKey(a, admin, { name: "并发", scopes: ["employees:read"], rateLimitPerMinute: 25 });
    const at = new Date("2026-03-02T03:00:30.000Z");
    const results = await Promise.all(Array.from({ length: 80 }, (_, i) => call(i % 2 === 0 ? a : b, key, at)));
    expect(results.filter((r) => r === "ok")).toHaveLength(25);
    // full at :30 → 30 s to the next window, then 25 × (1 − x/60) + 1 ≤ 25 → x = 2.4 s
    expect(results.filter((r) => r !== "ok")).toEqual(Array(55).fill({ retryAfter: 33 }));
  });

  it("401 and 403 cost no quota; a revoked key is refused before counting; last_used_at is stamped once per window", async () => {
    const { id, key } = await createApiKey(a, admin, { name: "范围", scopes: ["employees:read"], rateLimitPerMinute: 3 });
    const at = new Date("2026-03-02T04:00:05.000Z");
    for (let i = 0; i < 5; i++) await expect(authenticateApiKey(b, req(key), "meetings:read", at)).rejects.toMatchObject({ status: 403 });
    expect(await call(a, key, at)).toBe("ok");
    expect(await call(b, key, at)).toBe("ok");
    expect(await call(a, key, at)).toBe("ok");
    expect(await call(b, key, at)).toEqual({ retryAfter: 55 + 20 }); // 55 s to the next window, then 3 × (1 − x/60) + 1 ≤ 3 → 20 s
    const [row] = rowsOf<{ last_used_at: string }>(await a.execute(sql`SELECT last_used_at::text FROM api_keys WHERE id = ${id}`));
    expect(new Date(row.last_used_at).toISOString()).toBe(at.toISOString());
  });

  it("the count lives in the database: requests another process already counted are honoured", async () => {
    const { id, key } = await createApiKey(a, admin, { name: "外部计数", scopes: ["employees:read"], rateLimitPerMinute: 5 });
    // another app instance (any process) has served 5 requests in this window
    await b.execute(sql`INSERT INTO api_rate_windows (key_id, window_start, count) VALUES (${id}, '2026-03-02T05:00:00Z', 5)`);
    expect(await call(a, key, new Date("2026-03-02T05:00:40.000Z"))).toEqual({ retryAfter: 20 + 12 });
    // …and carried into the next minute: 5 × (1 − 12/60) + 1 = 5 → served from 05:01:12
    expect(await call(a, key, new Date("2026-03-02T05:01:11.000Z"))).toEqual({ retryAfter: 1 });
    expect(await call(a, key, new Date("2026-03-02T05:01:12.000Z"))).toBe("ok");
  });

  it("a key created without a rate takes OA_API_RATE_LIMIT_PER_MINUTE", async () => {
    const { id } = await createApiKey(a, admin, { name: "默认", scopes: ["employees:read"] });
    const [row] = rowsOf<{ rate_limit_per_minute: number }>(await a.execute(sql`SELECT rate_limit_per_minute FROM api_keys WHERE id = ${id}`));
    expect(Number(row.rate_limit_per_minute)).toBe(env().OA_API_RATE_LIMIT_PER_MINUTE);
  });

  it("through the route handlers of two instances (database clock): 429 with Retry-After past the limit", async () => {
    await seedFakeOrg(a, 5, "rl");
    const { key } = await createApiKey(a, admin, { name: "路由", scopes: ["employees:read"], rateLimitPerMinute: 10 });
    // stay clear of a minute boundary on the database clock (the window would reset mid-burst)
    const [{ s }] = rowsOf<{ s: number }>(await a.execute(sql`SELECT extract(second FROM now())::float8 AS s`));
    if (Number(s) > 50) await new Promise((r) => setTimeout(r, (61 - Number(s)) * 1000));
    const routeA = apiRoute("employees:read", employeesQuery, (d, q) => listEmployeesPage(d, q), async () => a);
    const routeB = apiRoute("employees:read", employeesQuery, (d, q) => listEmployeesPage(d, q), async () => b);
    const res = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? routeA : routeB)(new Request("http://localhost/api/v1/employees?limit=1", { headers: { authorization: `Bearer ${key}` } }))));
    expect(res.filter((r) => r.status === 200)).toHaveLength(10);
    const limited = res.filter((r) => r.status === 429);
    expect(limited).toHaveLength(6);
    for (const r of limited) {
      const ra = Number(r.headers.get("retry-after"));
      expect(ra).toBeGreaterThanOrEqual(1);
      expect(ra).toBeLessThanOrEqual(66); // the rest of the minute + 6 s for the full minute's carried share to decay by one
      expect(await r.json()).toMatchObject({ error: "rate_limited" });
    }
  }, 30_000);
});
