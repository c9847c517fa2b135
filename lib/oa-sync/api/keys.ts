// API keys of the pull API: shown once, stored as sha256, scoped read-only per resource, revocable, rate limited.
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { rowsOf } from "../dispatcher";
import { apiScope, type ApiScope } from "./schemas";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function newKey(): string {
  const bytes = randomBytes(40);
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length]; // 57 symbols: the bias is negligible for a 40-char key
  return `qd_${s}`;
}

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(apiScope).min(1),
  /** Requests per minute over all app instances; omitted → env OA_API_RATE_LIMIT_PER_MINUTE. */
  rateLimitPerMinute: z.coerce.number().int().min(1).max(10_000).optional(),
});

function requireAdmin(viewer: Viewer) {
  if (!viewer.roles.has("admin")) throw forbidden("only admins manage API keys");
}

/** Create a key. The plain key is returned once and never stored. A system actor is the command line (scripts/api-key.ts). */
export async function createApiKey(db: Db, viewer: Viewer | { system: string }, input: z.input<typeof createApiKeyInput>) {
  if ("employeeId" in viewer) requireAdmin(viewer);
  const args = createApiKeyInput.parse(input);
  const rateLimitPerMinute = args.rateLimitPerMinute ?? env().OA_API_RATE_LIMIT_PER_MINUTE;
  const key = newKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name: args.name, prefix: key.slice(0, 10), hash: hashApiKey(key), scopes: args.scopes, rateLimitPerMinute, createdBy: "employeeId" in viewer ? viewer.employeeId : null })
      .returning({ id: apiKeys.id, prefix: apiKeys.prefix });
    await writeAudit(tx as unknown as Db, viewer, "api_key.create", { type: "api_key", id: row.id }, { name: args.name, scopes: args.scopes, prefix: row.prefix });
    return { id: row.id, prefix: row.prefix, key };
  });
}

export async function revokeApiKey(db: Db, viewer: Viewer, id: number): Promise<void> {
  requireAdmin(viewer);
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, prefix: apiKeys.prefix });
    if (rows.length === 0) throw notFound("no such active API key");
    await writeAudit(tx as unknown as Db, viewer, "api_key.revoke", { type: "api_key", id }, { prefix: rows[0].prefix });
  });
}

export async function listApiKeys(db: Db, viewer: Viewer) {
  requireAdmin(viewer);
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      scopes: apiKeys.scopes,
      rateLimitPerMinute: apiKeys.rateLimitPerMinute,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.id));
}

export interface ApiCaller {
  keyId: number;
  scopes: ReadonlySet<string>;
}

export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", 429, "too many requests for this API key", { retry_after: retryAfterSeconds });
  }
}

function bearer(req: Request): string | null {
  const auth = req.headers.get("authorization");
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, "").trim();
  return req.headers.get("x-api-key")?.trim() || null;
}

interface AuthRow {
  id: number | string;
  hash: string;
  scopes: string[];
  revoked_at: string | Date | null;
  rate_limit_per_minute: number;
  /** This window's admitted count after this request, or null when this request was not admitted. */
  admitted: number | null;
  /** This window's count before this request, and the previous window's count. */
  current: number;
  previous: number;
  /** Seconds since this window opened. */
  elapsed: number;
}

/**
 * Key lookup and rate decision in one statement (one round trip per request), shared by every app instance.
 *
 * Sliding-window counter: a request is admitted when
 *   previous window's count × (share of the last 60 s that still lies in it) + this window's count + 1 ≤ limit.
 * Plain fixed windows let up to twice the limit through around a minute boundary (a full window's worth at :59
 * and again at :00); the carried share of the previous window closes that gap. This is the approximation
 * Cloudflare's rate limiting uses (https://developers.cloudflare.com/waf/rate-limiting-rules/request-rate/): it
 * assumes the previous window's requests were spread evenly, so it can be off when they came in one burst.
 * - windows are minutes by the database clock, so instances with skewed clocks agree;
 * - only admitted requests are counted, and only for a valid, unrevoked key with the scope (a 401/403/429 costs
 *   no quota, so a client that backs off as told by Retry-After is served when promised);
 * - the comparison allows 1e-9 of float rounding, so a client that comes back exactly when Retry-After said is
 *   served (10 × (1 − 20/60) is 10.000000000000002 in float8);
 * - the decision is atomic under concurrency: `INSERT … ON CONFLICT DO UPDATE … WHERE` re-evaluates its condition
 *   on the locked, latest row, so concurrent requests from any instance never admit more than the limit;
 * - the request that opens a key's new window deletes windows older than the previous one and stamps
 *   `last_used_at` (so that is written at most once per key per minute, not per request).
 * `now` overrides the clock (tests); in production the database's `now()` decides.
 */
function authenticateSql(hash: string, scope: ApiScope, now?: Date) {
  const clock = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
  return sql`
    WITH k AS (
      SELECT id, hash, scopes, revoked_at, rate_limit_per_minute FROM api_keys WHERE hash = ${hash} LIMIT 1
    ), c AS (
      SELECT t, date_trunc('minute', t) AS ws, extract(epoch FROM t - date_trunc('minute', t))::float8 AS elapsed
        FROM (SELECT ${clock} AS t) x
    ), p AS (
      SELECT coalesce(max(o.count) FILTER (WHERE o.window_start = c.ws - interval '1 minute'), 0) AS previous,
             coalesce(max(o.count) FILTER (WHERE o.window_start = c.ws), 0) AS current,
             coalesce(max(o.count) FILTER (WHERE o.window_start = c.ws - interval '1 minute'), 0) * (1 - c.elapsed / 60) AS carried
        FROM c CROSS JOIN k LEFT JOIN api_rate_windows o ON o.key_id = k.id AND o.window_start >= c.ws - interval '1 minute'
       GROUP BY c.ws, c.elapsed
    ), w AS (
      INSERT INTO api_rate_windows AS r (key_id, window_start, count)
      SELECT k.id, c.ws, 1 FROM k, c, p
       WHERE k.revoked_at IS NULL AND k.scopes @> jsonb_build_array(${scope}::text)
         AND p.carried + 1 <= k.rate_limit_per_minute + 1e-9
      ON CONFLICT (key_id, window_start) DO UPDATE SET count = r.count + 1
       WHERE (SELECT p.carried FROM p) + r.count + 1 <= (SELECT k.rate_limit_per_minute FROM k) + 1e-9
      RETURNING r.key_id, r.window_start, r.count
    ), pruned AS (
      DELETE FROM api_rate_windows o USING w
       WHERE w.count = 1 AND o.key_id = w.key_id AND o.window_start < w.window_start - interval '1 minute'
    ), used AS (
      UPDATE api_keys u SET last_used_at = c.t FROM w, c WHERE w.count = 1 AND u.id = w.key_id
    )
    SELECT k.id, k.hash, k.scopes, k.revoked_at, k.rate_limit_per_minute, w.count AS admitted,
           coalesce(p.current, 0) AS current, coalesce(p.previous, 0) AS previous, c.elapsed
      FROM k CROSS JOIN c LEFT JOIN p ON true LEFT JOIN w ON true`;
}

/**
 * Seconds until one more request would be admitted, if no other is: the carried share of the previous window
 * decays linearly over this minute; once this window is full, the wait runs into the next one, where this
 * window becomes the one carried. Exported for tests; at least 1 (never "retry now").
 */
export function retryAfterSeconds(limit: number, previous: number, current: number, elapsed: number): number {
  let at: number; // seconds from the start of this window
  if (current + 1 <= limit) {
    // previous × (1 − x/60) + current + 1 ≤ limit
    at = previous > 0 ? 60 * (1 - (limit - current - 1) / previous) : elapsed;
  } else {
    // next window: current × (1 − x/60) + 1 ≤ limit
    at = 60 + 60 * (1 - (limit - 1) / current);
  }
  return Math.max(1, Math.ceil(at - elapsed - 1e-9));
}

/** 401 missing/invalid/revoked, 403 wrong scope, 429 over the rate (limit shared by all instances). */
export async function authenticateApiKey(db: Db, req: Request, scope: ApiScope, now?: Date): Promise<ApiCaller> {
  const key = bearer(req);
  if (!key) throw new AppError("unauthorized", 401, "missing API key (Authorization: Bearer <key>)");
  if (!/^qd_[A-Za-z0-9]{20,80}$/.test(key)) throw new AppError("unauthorized", 401, "invalid API key");
  const hash = hashApiKey(key);
  const row = rowsOf<AuthRow>(await db.execute(authenticateSql(hash, scope, now)))[0];
  // The lookup is by hash (an index); compare again in constant time so the check never leaks by timing.
  if (!row || !timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(hash, "hex"))) {
    throw new AppError("unauthorized", 401, "invalid API key");
  }
  if (row.revoked_at) throw new AppError("unauthorized", 401, "API key revoked");
  if (!row.scopes.includes(scope)) throw new AppError("forbidden", 403, `API key lacks scope ${scope}`);
  if (row.admitted === null) {
    // The statement's snapshot may predate requests admitted concurrently (they are why this one was refused):
    // read the window again, committed, so Retry-After is not too short. Only refused requests pay this.
    const clock = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
    const [fresh] = rowsOf<{ count: number }>(
      await db.execute(sql`SELECT count FROM api_rate_windows WHERE key_id = ${row.id} AND window_start = date_trunc('minute', ${clock})`),
    );
    const current = Math.max(Number(row.current), Number(fresh?.count ?? 0));
    throw new RateLimited(retryAfterSeconds(Number(row.rate_limit_per_minute), Number(row.previous), current, Number(row.elapsed)));
  }
  return { keyId: Number(row.id), scopes: new Set(row.scopes) };
}
