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
import { authenticateApiKey, createApiKey, RateLimited } from "./keys";
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
  it("two instances interleaving requests share one limit; Retry-After runs to the end of the window; the next window resets", async () => {
    const { id, key } = await createApiKey(a, admin, { name: "两实例", scopes: ["employees:read"], rateLimitPerMinute: 10 });
    const t0 = new Date("2026-03-02T02:00:15.000Z");
    const results: ("ok" | { retryAfter: number })[] = [];
    for (let i = 0; i < 24; i++) results.push(await call(i % 2 === 0 ? a : b, key, new Date(t0.getTime() + i * 1000)));
    expect(results.slice(0, 10)).toEqual(Array(10).fill("ok"));
    // request i was made at 02:00:(15+i): Retry-After is the rest of the minute
    expect(results.slice(10)).toEqual(Array.from({ length: 14 }, (_, j) => ({ retryAfter: 60 - (15 + 10 + j) })));

    // 02:00:59.400 → 0.6 s left, rounded up to 1 (never 0)
    expect(await call(b, key, new Date("2026-03-02T02:00:59.400Z"))).toEqual({ retryAfter: 1 });

    // next window: both instances are served again, still 10 in total
    const t1 = new Date("2026-03-02T02:01:00.250Z");
    const next: ("ok" | { retryAfter: number })[] = [];
    for (let i = 0; i < 12; i++) next.push(await call(i % 2 === 0 ? b : a, key, t1));
    expect(next.filter((r) => r === "ok")).toHaveLength(10);
    expect(next.slice(10)).toEqual([{ retryAfter: 60 }, { retryAfter: 60 }]);

    // opening the new window pruned the old one: one row per key
    const windows = rowsOf<{ window_start: string; count: number }>(
      await a.execute(sql`SELECT window_start::text, count FROM api_rate_windows WHERE key_id = ${id}`),
    );
    expect(windows).toHaveLength(1);
    expect(Number(windows[0].count)).toBe(12);
  });

  it("concurrent bursts from both instances: exactly the limit passes", async () => {
    const { key } = await createApiKey(a, admin, { name: "并发", scopes: ["employees:read"], rateLimitPerMinute: 25 });
    const at = new Date("2026-03-02T03:00:30.000Z");
    const results = await Promise.all(Array.from({ length: 80 }, (_, i) => call(i % 2 === 0 ? a : b, key, at)));
    expect(results.filter((r) => r === "ok")).toHaveLength(25);
    expect(results.filter((r) => r !== "ok")).toEqual(Array(55).fill({ retryAfter: 30 }));
  });

  it("401 and 403 cost no quota; a revoked key is refused before counting; last_used_at is stamped once per window", async () => {
    const { id, key } = await createApiKey(a, admin, { name: "范围", scopes: ["employees:read"], rateLimitPerMinute: 3 });
    const at = new Date("2026-03-02T04:00:05.000Z");
    for (let i = 0; i < 5; i++) await expect(authenticateApiKey(b, req(key), "meetings:read", at)).rejects.toMatchObject({ status: 403 });
    expect(await call(a, key, at)).toBe("ok");
    expect(await call(b, key, at)).toBe("ok");
    expect(await call(a, key, at)).toBe("ok");
    expect(await call(b, key, at)).toEqual({ retryAfter: 55 });
    const [row] = rowsOf<{ last_used_at: string }>(await a.execute(sql`SELECT last_used_at::text FROM api_keys WHERE id = ${id}`));
    expect(new Date(row.last_used_at).toISOString()).toBe(at.toISOString());
  });

  it("the count lives in the database: requests another process already counted are honoured", async () => {
    const { id, key } = await createApiKey(a, admin, { name: "外部计数", scopes: ["employees:read"], rateLimitPerMinute: 5 });
    // another app instance (any process) has served 5 requests in this window
    await b.execute(sql`INSERT INTO api_rate_windows (key_id, window_start, count) VALUES (${id}, '2026-03-02T05:00:00Z', 5)`);
    expect(await call(a, key, new Date("2026-03-02T05:00:40.000Z"))).toEqual({ retryAfter: 20 });
    expect(await call(a, key, new Date("2026-03-02T05:01:00.000Z"))).toBe("ok");
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
      expect(ra).toBeLessThanOrEqual(60);
      expect(await r.json()).toMatchObject({ error: "rate_limited" });
    }
  }, 30_000);
});
