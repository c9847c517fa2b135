// Sign-out ends the session for everyone holding a copy of its cookie: the session's `sid` (a random id set at
// sign-in and carried through every refresh of the JWT) is recorded here, and the viewer checks read it.
import "server-only";
import { eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { revokedSessions } from "@/db/schema";
import { SESSION_MAX_AGE_SECONDS } from "@/auth.config";

/** The session id claim: a v4 UUID (anything else is not a session we issued). */
export const SID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function sessionIdOf(token: object | null | undefined): string | null {
  const sid = token && "sid" in token ? token.sid : undefined;
  return typeof sid === "string" && SID_PATTERN.test(sid) ? sid : null;
}

/**
 * Record the session as ended until `expiresAt` (the JWT's own expiry; by default the longest a session lives),
 * and drop records of sessions that have expired anyway.
 */
export async function revokeSession(db: Db, sid: string, opts: { employeeId?: number | null; expiresAt?: Date; now?: Date } = {}): Promise<void> {
  const now = opts.now ?? new Date();
  const expiresAt = opts.expiresAt && opts.expiresAt > now ? opts.expiresAt : new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db
    .insert(revokedSessions)
    .values({ sid, employeeId: opts.employeeId ?? null, revokedAt: now, expiresAt })
    .onConflictDoUpdate({ target: revokedSessions.sid, set: { expiresAt: sql`greatest(${revokedSessions.expiresAt}, excluded.expires_at)` } });
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, now));
}

/** SQL: this session id was signed out (for the one-round-trip viewer query). */
export const sessionRevokedSql = (sid: string) => sql`exists (select 1 from ${revokedSessions} where ${revokedSessions.sid} = ${sid})`;

export async function sessionRevoked(db: Db, sid: string): Promise<boolean> {
  const rows = await db.select({ sid: revokedSessions.sid }).from(revokedSessions).where(eq(revokedSessions.sid, sid)).limit(1);
  return rows.length > 0;
}
