// DingTalk's monthly API quota (standard edition: metered APIs; token, identity and contacts APIs exempt).
// Over it, old APIs answer 90020 and v1.0 APIs Forbidden.AccessDenied.ApiCountLimitForOrg
// (https://open.dingtalk.com/document/development/how-to-process-api-throttling-on-the-dingtalk-server, 调用频次与限流).
// Retrying before the month turns is pointless, so the first instance that sees it records a block in
// vendor_tokens (shared by every instance) until the next month starts in China time; metered calls fail fast.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { vendorTokens } from "@/db/schema";

/** Start of the next calendar month in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function nextQuotaReset(now: Date = new Date()): Date {
  const cn = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(cn.getUTCFullYear(), cn.getUTCMonth() + 1, 1) - 8 * 3_600_000);
}

/** APIs the monthly quota does not count: credentials, sign-in and contacts (the org sync's reads). */
export function dingtalkMetered(api: string): boolean {
  if (api === "/gettoken" || api === "/get_jsapi_ticket") return false;
  if (/^\/topapi\/(v2\/)?(user|department)\//.test(api)) return false;
  if (api.startsWith("/v1.0/oauth2/") || api.startsWith("/v1.0/contact/") || api.startsWith("/v1.0/gateway/")) return false;
  return true;
}

const cache = new Map<string, { until: Date | null; readAt: number }>();
const CACHE_MS = 10_000;

const rowKey = (key: string) => `${key}#quota_exhausted`;

/** Until when metered calls for `key` (e.g. "dingtalk:<clientId>") are blocked, or null. */
export async function quotaBlockedUntil(db: Db, key: string, now = Date.now()): Promise<Date | null> {
  const c = cache.get(key);
  if (c && now - c.readAt < CACHE_MS) return c.until && c.until.getTime() > now ? c.until : null;
  const [row] = await db.select({ expiresAt: vendorTokens.expiresAt }).from(vendorTokens).where(eq(vendorTokens.key, rowKey(key)));
  const until = row && row.expiresAt.getTime() > now ? row.expiresAt : null;
  cache.set(key, { until, readAt: now });
  return until;
}

/** Record the block; true when this call recorded it first (so one alert per exhaustion, across instances). */
export async function blockQuota(db: Db, key: string, until: Date): Promise<boolean> {
  const rows = await db
    .insert(vendorTokens)
    .values({ key: rowKey(key), value: "exhausted", expiresAt: until })
    .onConflictDoUpdate({ target: vendorTokens.key, set: { expiresAt: until, updatedAt: new Date() }, setWhere: sql`${vendorTokens.expiresAt} <= now()` })
    .returning({ key: vendorTokens.key });
  cache.set(key, { until, readAt: Date.now() });
  return rows.length === 1;
}

/** Tests and the console: forget the in-process cache. */
export function clearQuotaCache(): void {
  cache.clear();
}
