// Access tokens and JS-SDK tickets cached in vendor_tokens, shared by every instance. A refresh happens under a
// PostgreSQL advisory lock on the key (and single-flight inside the process), so N instances refresh once.
// A token the vendor rejected early (40014/42001, DingTalk 88/40014) is refreshed once: callers pass the value
// they saw rejected, and whoever takes the lock first replaces it; the others pick up the new value.
import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { vendorTokens } from "@/db/schema";

/** Refresh this long before the vendor's expiry, so a token never expires in flight. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;

export interface Fetched {
  value: string;
  expiresInSeconds: number;
}

// Single flight per database handle (one per instance): other instances are held off by the advisory lock.
const inflightByDb = new WeakMap<object, Map<string, Promise<string>>>();

function usable(row: { value: string; expiresAt: Date } | undefined, rejected: string | undefined): row is { value: string; expiresAt: Date } {
  return !!row && row.expiresAt.getTime() - EXPIRY_MARGIN_MS > Date.now() && row.value !== rejected;
}

/**
 * The cached value for `key`, fetching a new one through `fetcher` when missing, near expiry, or equal to
 * `rejected` (a value the vendor just refused).
 */
export async function cachedToken(db: Db, key: string, fetcher: () => Promise<Fetched>, rejected?: string): Promise<string> {
  const [row] = await db.select({ value: vendorTokens.value, expiresAt: vendorTokens.expiresAt }).from(vendorTokens).where(eq(vendorTokens.key, key));
  if (usable(row, rejected)) return row.value;

  let inflight = inflightByDb.get(db);
  if (!inflight) inflightByDb.set(db, (inflight = new Map()));
  const flightKey = `${key}\u0000${rejected ?? ""}`;
  const running = inflight.get(flightKey);
  if (running) return running;
  const p = (async () => {
    return db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`vendor_tokens:${key}`}))`);
      const [again] = await tx
        .select({ value: vendorTokens.value, expiresAt: vendorTokens.expiresAt })
        .from(vendorTokens)
        .where(eq(vendorTokens.key, key));
      if (usable(again, rejected)) return again.value;
      const fresh = await fetcher();
      const expiresAt = new Date(Date.now() + fresh.expiresInSeconds * 1000);
      await tx
        .insert(vendorTokens)
        .values({ key, value: fresh.value, expiresAt, updatedAt: new Date() })
        .onConflictDoUpdate({ target: vendorTokens.key, set: { value: fresh.value, expiresAt, updatedAt: new Date() } });
      return fresh.value;
    });
  })();
  inflight.set(flightKey, p);
  try {
    return await p;
  } finally {
    inflight.delete(flightKey);
  }
}

export function tokenKey(...parts: string[]): string {
  return parts.join(":");
}
