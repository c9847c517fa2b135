// The period lock's gate (封账): every recompute passes its person-days through here first. A person-day dated
// inside a locked period is not recomputed; what arrived for it is queued as late evidence instead, shown on the
// sheet and applied when HR reopens the period (lib/attendance/period-lock.ts).
import { and, eq, gte, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attendanceLateEvidence, attendancePeriodLocks } from "@/db/schema";

export type PersonDayKey = { employeeId: number; date: string };

/** What arrived for a held person-day: a punch (its id and channel), a vanished punch, or a queued recompute. */
export interface LateCause {
  kind: "punch" | "punch_vanished" | "recompute";
  ref: string;
  source?: string | null;
}

/** With no better cause known: the recompute itself. */
export const RECOMPUTE_CAUSE: LateCause = { kind: "recompute", ref: "recompute" };

/**
 * The locked periods overlapping [from, to], share-locked for the caller's transaction: a reopen (which takes its
 * lock row FOR UPDATE) waits until late evidence queued under that lock is committed and then applies it, and a
 * recompute that starts while a reopen commits sees the period reopened — no late evidence is left behind a reopen.
 */
export async function lockedRanges(db: Db, from: string, to: string): Promise<{ id: number; fromDate: string; toDate: string }[]> {
  return db
    .select({ id: attendancePeriodLocks.id, fromDate: attendancePeriodLocks.fromDate, toDate: attendancePeriodLocks.toDate })
    .from(attendancePeriodLocks)
    .where(and(eq(attendancePeriodLocks.state, "locked"), lte(attendancePeriodLocks.fromDate, to), gte(attendancePeriodLocks.toDate, from)))
    .for("share");
}

/**
 * The person-days that may recompute: those outside every locked period. The others are held and their causes
 * queued (one pending row per person-day, kind and ref: a redelivery queues nothing twice).
 */
export async function holdLockedDays<P extends PersonDayKey>(db: Db, pairs: P[], causesOf: (p: P) => LateCause[]): Promise<P[]> {
  if (!pairs.length) return pairs;
  let min = pairs[0].date;
  let max = min;
  for (const p of pairs) {
    if (p.date < min) min = p.date;
    if (p.date > max) max = p.date;
  }
  const locks = await lockedRanges(db, min, max);
  if (!locks.length) return pairs;
  const open: P[] = [];
  const queued: (typeof attendanceLateEvidence.$inferInsert)[] = [];
  for (const p of pairs) {
    const lock = locks.find((l) => l.fromDate <= p.date && p.date <= l.toDate);
    if (!lock) {
      open.push(p);
      continue;
    }
    const causes = causesOf(p);
    for (const c of causes.length ? causes : [RECOMPUTE_CAUSE]) {
      queued.push({ lockId: lock.id, employeeId: p.employeeId, businessDate: p.date, kind: c.kind, ref: c.ref.slice(0, 200), source: c.source ?? null });
    }
  }
  for (let i = 0; i < queued.length; i += 1_000) {
    await db
      .insert(attendanceLateEvidence)
      .values(queued.slice(i, i + 1_000))
      .onConflictDoNothing({
        target: [attendanceLateEvidence.employeeId, attendanceLateEvidence.businessDate, attendanceLateEvidence.kind, attendanceLateEvidence.ref],
        where: sql`applied_at IS NULL`,
      });
  }
  return open;
}
