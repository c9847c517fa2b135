// API keys of the pull API: shown once, stored as sha256, scoped read-only per resource, revocable, rate limited.
import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, forbidden, notFound } from "@/lib/errors";
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
  rateLimitPerMinute: z.coerce.number().int().min(10).max(10_000).default(600),
});

function requireAdmin(viewer: Viewer) {
  if (!viewer.roles.has("admin")) throw forbidden("only admins manage API keys");
}

/** Create a key. The plain key is returned once and never stored. */
export async function createApiKey(db: Db, viewer: Viewer, input: z.input<typeof createApiKeyInput>) {
  requireAdmin(viewer);
  const args = createApiKeyInput.parse(input);
  const key = newKey();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name: args.name, prefix: key.slice(0, 10), hash: hashApiKey(key), scopes: args.scopes, rateLimitPerMinute: args.rateLimitPerMinute, createdBy: viewer.employeeId })
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

// Fixed one-minute windows per key, per process. With several instances each enforces the limit on its own
// share of requests (documented in docs/oa/pull-api.md); good enough for a read-only feed.
const g = globalThis as unknown as { __qiandaoApiRate?: Map<number, { window: number; count: number }>; __qiandaoApiUsed?: Map<number, number> };
const windows = (g.__qiandaoApiRate ??= new Map());
const lastUsed = (g.__qiandaoApiUsed ??= new Map());

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

/** 401 missing/invalid/revoked, 403 wrong scope, 429 over the rate. */
export async function authenticateApiKey(db: Db, req: Request, scope: ApiScope, nowMs = Date.now()): Promise<ApiCaller> {
  const key = bearer(req);
  if (!key) throw new AppError("unauthorized", 401, "missing API key (Authorization: Bearer <key>)");
  if (!/^qd_[A-Za-z0-9]{20,80}$/.test(key)) throw new AppError("unauthorized", 401, "invalid API key");
  const hash = hashApiKey(key);
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash)).limit(1);
  // The lookup is by hash (an index); compare again in constant time so the check never leaks by timing.
  if (!row || !timingSafeEqual(Buffer.from(row.hash, "hex"), Buffer.from(hash, "hex"))) {
    throw new AppError("unauthorized", 401, "invalid API key");
  }
  if (row.revokedAt) throw new AppError("unauthorized", 401, "API key revoked");
  if (!row.scopes.includes(scope)) throw new AppError("forbidden", 403, `API key lacks scope ${scope}`);
  const window = Math.floor(nowMs / 60_000);
  const w = windows.get(row.id);
  if (!w || w.window !== window) windows.set(row.id, { window, count: 1 });
  else if (++w.count > row.rateLimitPerMinute) throw new RateLimited(Math.max(1, Math.ceil(((window + 1) * 60_000 - nowMs) / 1000)));
  if (nowMs - (lastUsed.get(row.id) ?? 0) > 60_000) {
    lastUsed.set(row.id, nowMs);
    await db.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, row.id));
  }
  return { keyId: row.id, scopes: new Set(row.scopes) };
}
