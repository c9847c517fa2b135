// 考勤设置的重算影响: every settings save (calendar day, shift, group, roster) runs one function that writes the change
// and enqueues the recompute of the affected person-days; the preview runs that same function in a transaction that
// is rolled back. So "将重算 N 个人天" before saving and the recompute queued by the save can not disagree.
//
// Horizon (said in the UI copy too): the person-days already stored from the first day of the current payroll period
// on. Earlier periods are history (closed or about to be); days not yet stored are computed with the new settings
// when they come. Days inside a locked period are still queued: the period gate holds them as late evidence.
import "server-only";
import { and, gte, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceDays, attendancePeriodLocks } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";
import { businessDate } from "@/lib/time";
import { env } from "@/lib/env";
import { enqueueRecompute } from "../calendar-refresh";
import { periodOf, periodRange } from "../payroll-period";
import { payrollStartDay } from "../period-lock";
import type { PersonDay } from "../recompute";

export interface Impact {
  /** Person-days queued for recompute (the preview's "将重算 N 个人天"). */
  personDays: number;
  /** Of those, inside a locked period: held by the gate as late evidence, not recomputed until a reopen. */
  held: number;
  /** The horizon's first day (the current payroll period's first day). */
  from: string;
}

/** `?preview=1` on a DELETE: the same checks and writes, rolled back. */
export const previewParam = z.enum(["0", "1", "true", "false"], "preview 只能是 1 或 0").transform((v) => v === "1" || v === "true");

export function assertCanEditAttendanceSettings(viewer: Viewer): void {
  if (!canSeeEveryone(viewer)) throw forbidden("attendance settings are edited by HR and admins");
}

/** The first day of the current payroll period (org time zone): the impact horizon starts here. */
export async function impactFrom(db: Db, now = new Date()): Promise<string> {
  const startDay = await payrollStartDay(db);
  return periodRange(periodOf(businessDate(now, env().ORG_TIMEZONE), startDay), startDay).from;
}

/** Stored person-days from `from` on, of the given people (all people when `employeeIds` is null). */
export async function storedPersonDaysFrom(db: Db, from: string, employeeIds: number[] | null, extra?: ReturnType<typeof sql>): Promise<PersonDay[]> {
  if (employeeIds && !employeeIds.length) return [];
  return db
    .select({ employeeId: attendanceDays.employeeId, date: attendanceDays.businessDate })
    .from(attendanceDays)
    .where(and(gte(attendanceDays.businessDate, from), employeeIds ? inArray(attendanceDays.employeeId, employeeIds) : undefined, extra))
    .orderBy(attendanceDays.employeeId, attendanceDays.businessDate);
}

/** Queue the recompute of `pairs` (idempotent by `key`) and say how many of them a locked period will hold. */
export async function enqueueImpact(db: Db, pairs: PersonDay[], reason: string, key: string, from: string): Promise<Impact> {
  return impactOf(db, pairs, await enqueueRecompute(db, pairs, reason, key), from);
}

/** The impact of `queued` person-days already enqueued (`pairs`: which ones, to count the held ones). */
export async function impactOf(db: Db, pairs: PersonDay[], queued: number, from: string): Promise<Impact> {
  return { personDays: queued, held: await lockedCount(db, pairs), from };
}

async function lockedCount(db: Db, pairs: PersonDay[]): Promise<number> {
  if (!pairs.length) return 0;
  const locks = await db.select({ fromDate: attendancePeriodLocks.fromDate, toDate: attendancePeriodLocks.toDate }).from(attendancePeriodLocks).where(sql`${attendancePeriodLocks.state} = 'locked'`);
  return pairs.filter((p) => locks.some((l) => l.fromDate <= p.date && p.date <= l.toDate)).length;
}

class DryRun<T> extends Error {
  constructor(readonly result: T) {
    super("dry run");
  }
}

/**
 * Run a settings save: for real (`preview` false: committed), or as its preview (the same writes and enqueue in a
 * transaction that is then rolled back — nothing stays, the result is what the save would have done).
 */
export async function saveOrPreview<T>(db: Db, preview: boolean, save: (tx: Db) => Promise<T>): Promise<T & { preview: boolean }> {
  if (!preview) return { ...(await db.transaction((tx) => save(tx as unknown as Db))), preview: false };
  try {
    await db.transaction(async (tx) => {
      throw new DryRun(await save(tx as unknown as Db));
    });
  } catch (e) {
    if (e instanceof DryRun) return { ...(e.result as T), preview: true };
    throw e;
  }
  throw new Error("unreachable: a preview transaction always rolls back");
}
