// Access tokens and JS-SDK tickets cached in vendor_tokens, shared by every instance. N instances refresh once:
// the refresher holds a lease row ("<key>#lease", taken by one atomic upsert) while it calls the vendor, and the
// others wait for the new value. The lease is a lock that holds no transaction open across the vendor call
// (PGlite serialises everything behind an open transaction, and a ticket refresh itself needs the token row).
// A token the vendor rejected early (40014/42001, DingTalk 88/40014) is refreshed once: callers pass the value
// they saw rejected; whoever takes the lease first replaces it, the others pick up the new value.
import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { vendorTokens } from "@/db/schema";

/** Refresh this long before the vendor's expiry, so a token never expires in flight. */
export const EXPIRY_MARGIN_MS = 5 * 60_000;
const LEASE_MS = 30_000;
const WAIT_MS = 20_000;

export interface Fetched {
  value: string;
  expiresInSeconds: number;
}

// Single flight per database handle (one per instance); other instances are held off by the lease.
const inflightByDb = new WeakMap<object, Map<string, Promise<string>>>();

function usable(row: { value: string; expiresAt: Date } | undefined, rejected: string | undefined): row is { value: string; expiresAt: Date } {
  return !!row && row.expiresAt.getTime() - EXPIRY_MARGIN_MS > Date.now() && row.value !== rejected;
}

async function read(db: Db, key: string) {
  const [row] = await db.select({ value: vendorTokens.value, expiresAt: vendorTokens.expiresAt }).from(vendorTokens).where(eq(vendorTokens.key, key));
  return row;
}

/** Take the lease for `key` if nobody holds a live one. One statement, so two instances cannot both win. */
async function takeLease(db: Db, key: string, owner: string): Promise<boolean> {
  const until = new Date(Date.now() + LEASE_MS);
  const rows = await db
    .insert(vendorTokens)
    .values({ key: `${key}#lease`, value: owner, expiresAt: until })
    .onConflictDoUpdate({ target: vendorTokens.key, set: { value: owner, expiresAt: until, updatedAt: new Date() }, setWhere: sql`${vendorTokens.expiresAt} < now()` })
    .returning({ value: vendorTokens.value });
  return rows.length === 1 && rows[0].value === owner;
}

async function refresh(db: Db, key: string, fetcher: () => Promise<Fetched>, rejected: string | undefined): Promise<string> {
  const owner = randomUUID();
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (await takeLease(db, key, owner)) {
      try {
        const again = await read(db, key);
        if (usable(again, rejected)) return again.value;
        const fresh = await fetcher();
        const expiresAt = new Date(Date.now() + fresh.expiresInSeconds * 1000);
        await db
          .insert(vendorTokens)
          .values({ key, value: fresh.value, expiresAt, updatedAt: new Date() })
          .onConflictDoUpdate({ target: vendorTokens.key, set: { value: fresh.value, expiresAt, updatedAt: new Date() } });
        return fresh.value;
      } finally {
        await db.delete(vendorTokens).where(and(eq(vendorTokens.key, `${key}#lease`), eq(vendorTokens.value, owner)));
      }
    }
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 50));
    const row = await read(db, key);
    if (usable(row, rejected)) return row.value;
    if (Date.now() > deadline) throw new Error(`token refresh for ${key.split(":")[0]} timed out waiting for another instance`);
  }
}

/**
 * The cached value for `key`, fetching a new one through `fetcher` when missing, near expiry, or equal to
 * `rejected` (a value the vendor just refused).
 */
export async function cachedToken(db: Db, key: string, fetcher: () => Promise<Fetched>, rejected?: string): Promise<string> {
  const row = await read(db, key);
  if (usable(row, rejected)) return row.value;
  let inflight = inflightByDb.get(db);
  if (!inflight) inflightByDb.set(db, (inflight = new Map()));
  const flightKey = `${key}\u0000${rejected ?? ""}`;
  const running = inflight.get(flightKey);
  if (running) return running;
  const p = refresh(db, key, fetcher, rejected);
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
