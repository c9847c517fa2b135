// The live board's buckets: one person-day (the engine's result, stored or evaluated without punches) and the
// clock → where the person stands today. Pure: no I/O, the clock passed in, so the same inputs give the same bucket.
//
// The engine judges a finished day (a missing punch-in is "absent"); during the day the board asks something else:
// has the person punched in yet, and is it still early enough that "not yet" is no fault. So:
// - no shift (rest day, roster rest, no attendance group) → "rest" (not expected today);
// - the first expected punch-in covered by leave / a trip / field work (the engine's slot status) → "away";
// - punched in (the engine matched a punch to the first punch-in) → "late" if the engine says late, else "present";
// - no punch-in yet: before the (effective) start + grace → "not_yet"; after it → "absent" (overdue; a punch may
//   still come and turn it into "late" while the punch window is open);
// - free schedules have no start: any punch → "present", none → "not_yet" (never overdue during the day).
import type { ShiftRule, SlotResult, StatusCode } from "./engine";

export const EXPECTED_BUCKETS = ["present", "late", "not_yet", "absent", "away"] as const;
export type ExpectedBucket = (typeof EXPECTED_BUCKETS)[number];
export type Bucket = ExpectedBucket | "rest";
export type AwayKind = "leave" | "trip" | "field";

export interface BucketInput {
  shift: Pick<ShiftRule, "kind" | "graceMinutes"> | null;
  /** The engine's slots of this person-day (stored detail.slots, or evaluateDay without punches). */
  slots: Pick<SlotResult, "index" | "kind" | "section" | "status" | "minutes" | "punchId" | "effectiveAt">[];
  /** The engine's day statuses. */
  statuses: readonly string[];
  /** Punches of the day (any direction), for free schedules. */
  punchCount: number;
  now: Date;
}

export interface BucketResult {
  bucket: Bucket;
  awayKind: AwayKind | null;
  lateMinutes: number;
  /** When the first punch-in is (was) due: effective start + grace (ISO), null without one. */
  dueAt: string | null;
  /** Field work punched in (外勤): present or late, flagged. */
  field: boolean;
}

const AWAY = new Set<string>(["leave", "trip", "field"]);
const LATE = new Set<string>(["late", "serious_late", "absent_late"]);
const MIN = 60_000;

/** A result as one literal (not `{ ...base, … }`, whose further properties V8 keeps out of the object: the board calls this for every person). */
const result = (bucket: Bucket, awayKind: AwayKind | null = null, lateMinutes = 0, dueAt: string | null = null, field = false): BucketResult => ({ bucket, awayKind, lateMinutes, dueAt, field });

export function bucketOf(i: BucketInput): BucketResult {
  const field = i.statuses.includes("field");
  if (!i.shift) return result("rest");
  if (i.shift.kind === "free") {
    const away = i.statuses.find((s) => AWAY.has(s)) as AwayKind | undefined;
    if (i.punchCount > 0) return result("present", null, 0, null, field);
    if (away) return result("away", away);
    return result("not_yet");
  }
  let first: BucketInput["slots"][number] | undefined;
  for (const s of i.slots) if (s.kind === "in" && (!first || s.section - first.section < 0 || (s.section === first.section && s.index < first.index))) first = s;
  if (!first) {
    // A shift with no sections: nothing to be late for.
    return result(i.punchCount > 0 ? "present" : "not_yet");
  }
  if (AWAY.has(first.status) && first.punchId == null) return result("away", first.status as AwayKind);
  const dueAt = new Date(new Date(first.effectiveAt).getTime() + i.shift.graceMinutes * MIN);
  if (first.punchId != null) {
    const late = LATE.has(first.status as StatusCode);
    return result(late ? "late" : "present", null, late ? first.minutes : 0, dueAt.toISOString(), field);
  }
  return result(i.now.getTime() < dueAt.getTime() ? "not_yet" : "absent", null, 0, dueAt.toISOString());
}

export type BucketCounts = Record<ExpectedBucket, number> & { expected: number; rest: number };

export function emptyCounts(): BucketCounts {
  return { expected: 0, present: 0, late: 0, not_yet: 0, absent: 0, away: 0, rest: 0 };
}

export function addToCounts(c: BucketCounts, b: Bucket): void {
  if (b === "rest") c.rest++;
  else {
    c.expected++;
    c[b]++;
  }
}
