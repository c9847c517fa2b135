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

/** Create a key. The plain key is returned once and never stored. */
export async function createApiKey(db: Db, viewer: Viewer, input: z.input<typeof createApiKeyInput>) {
  requireAdmin(viewer);
  const args = createApiKeyInput.parse(input);
  const rateLimitPerMinute = args.rateLimitPerMinute ?? env().OA_API_RATE_LIMIT_PER_MINUTE;
  const key = newKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name: args.name, prefix: key.slice(0, 10), hash: hashApiKey(key), scopes: args.scopes, rateLimitPerMinute, createdBy: viewer.employeeId })
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
  count: number | null;
  retry_after: number | null;
}

/**
 * Key lookup and rate count in one statement (one round trip per request), shared by every app instance:
 * - the request is counted only when the key is valid, unrevoked and has the scope (a 401/403 costs no quota);
 * - fixed one-minute windows by the database clock, so instances with skewed clocks agree on the window;
 * - `INSERT … ON CONFLICT DO UPDATE … RETURNING count` is atomic per row: concurrent requests from any instance
 *   each get a distinct count, so exactly `rate_limit_per_minute` of them pass in a window;
 * - the request that opens a key's new window (count = 1) deletes that key's older windows and stamps
 *   `last_used_at` (so that is written at most once per key per minute, not per request).
 * `now` overrides the clock (tests); in production the database's `now()` decides the window.
 */
function authenticateSql(hash: string, scope: ApiScope, now?: Date) {
  const clock = now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
  return sql`
    WITH k AS (
      SELECT id, hash, scopes, revoked_at, rate_limit_per_minute FROM api_keys WHERE hash = ${hash} LIMIT 1
    ), c AS (
      SELECT ${clock} AS t
    ), w AS (
      INSERT INTO api_rate_windows AS r (key_id, window_start, count)
      SELECT k.id, date_trunc('minute', c.t), 1 FROM k, c
       WHERE k.revoked_at IS NULL AND k.scopes @> jsonb_build_array(${scope}::text)
      ON CONFLICT (key_id, window_start) DO UPDATE SET count = r.count + 1
      RETURNING r.key_id, r.window_start, r.count
    ), pruned AS (
      DELETE FROM api_rate_windows o USING w
       WHERE w.count = 1 AND o.key_id = w.key_id AND o.window_start < w.window_start
    ), used AS (
      UPDATE api_keys u SET last_used_at = c.t FROM w, c WHERE w.count = 1 AND u.id = w.key_id
    )
    SELECT k.id, k.hash, k.scopes, k.revoked_at, k.rate_limit_per_minute, w.count,
           ceil(extract(epoch FROM (w.window_start + interval '1 minute' - c.t)))::int AS retry_after
      FROM k CROSS JOIN c LEFT JOIN w ON true`;
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
  if (row.count === null) throw new Error("API key rate window not counted"); // unreachable: a valid key is always counted
  if (Number(row.count) > Number(row.rate_limit_per_minute)) throw new RateLimited(Math.max(1, Number(row.retry_after)));
  return { keyId: Number(row.id), scopes: new Set(row.scopes) };
}
