// 审批超时 (approval timeout) schedule, pure: no I/O and no clock of its own — `now` is always passed in, so the
// loop, the tests and the property test all ask the same function.
//
// A waiting step (or an overdue OA item) has a deadline: for our flows activatedAt + timeout.hours, for the OA its
// due_at. From the deadline on, its stages come one every `hours`:
//   remind 1 … remind `remindMax` (催办 to the approvers), then escalate (when escalateTo names anyone), then auto
//   (only when autoAction is set; one more interval after the escalation, so the leader or HR has time to act).
// Quiet hours: no stage falls inside them (wall clock in the org time zone; start > end wraps midnight, start ==
// end means none); a stage that would is deferred to the end of quiet hours, and the next one counts its interval
// from the deferred time, so two stages never land together at 08:00.
// Catching up (the loop was down, or ran late): every stage due by `now` is claimed once, in order; a reminder
// followed by another due stage is superseded (claimed as skipped, not sent) — nobody gets three 催办 in a row.
import type { StepTimeout } from "@/db/schema/approval-flows";
import { addDays, businessDate, tzOffsetMinutes, zonedTimeToUtc } from "@/lib/time-core";

export type StageKind = "remind" | "escalate" | "auto";

export interface Stage {
  /** 1-based position in the series: the natural key's stage number. */
  no: number;
  kind: StageKind;
  /** The how-many-th reminder (1 for escalate and auto). */
  n: number;
  dueAt: Date;
}

export interface QuietHours {
  quietStart: string;
  quietEnd: string;
}

export interface StagePlan {
  /** Due now and to be carried out, in order. */
  fire: Stage[];
  /** Due now but superseded by a later due stage (reminders only): claimed, not sent. */
  skip: Stage[];
  /** The first stage still ahead, and when it may run (null: the series is complete). */
  next: { stage: Stage; at: Date } | null;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Upper bounds so a malformed stored timeout cannot make a runaway series. */
export const MAX_REMINDERS = 10;
export const MAX_TIMEOUT_HOURS = 24 * 30;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const localMinutes = (at: Date, tz: string) => (((Math.floor(at.getTime() / MINUTE) + tzOffsetMinutes(at, tz)) % 1440) + 1440) % 1440;

/** Inside quiet hours (wall clock in tz)? */
export function inQuietHours(at: Date, quiet: QuietHours, tz: string): boolean {
  const a = minutesOf(quiet.quietStart);
  const b = minutesOf(quiet.quietEnd);
  if (a === b) return false;
  const t = localMinutes(at, tz);
  return a < b ? t >= a && t < b : t >= a || t < b;
}

/** `at`, or the end of the quiet hours it falls in. */
export function outOfQuietHours(at: Date, quiet: QuietHours, tz: string): Date {
  if (!inQuietHours(at, quiet, tz)) return at;
  const day = businessDate(at, tz);
  const end = zonedTimeToUtc(day, quiet.quietEnd, tz);
  return end.getTime() > at.getTime() ? end : zonedTimeToUtc(addDays(day, 1), quiet.quietEnd, tz);
}

/** A usable timeout, or null (no hours, or nothing to do). */
export function usableTimeout(t: StepTimeout | null | undefined): StepTimeout | null {
  if (!t || !Number.isFinite(t.hours) || t.hours <= 0 || t.hours > MAX_TIMEOUT_HOURS) return null;
  const remindMax = Number.isInteger(t.remindMax) ? Math.min(Math.max(t.remindMax, 0), MAX_REMINDERS) : 0;
  const escalateTo = Array.isArray(t.escalateTo) ? [...new Set(t.escalateTo.filter((x) => x === "leader" || x === "hr"))] : [];
  const autoAction = t.autoAction === "agree" || t.autoAction === "refuse" ? t.autoAction : undefined;
  if (remindMax === 0 && escalateTo.length === 0 && !autoAction) return null;
  return { hours: t.hours, remindMax, escalateTo, ...(autoAction ? { autoAction } : {}) };
}

/** Every stage of the series that starts at `deadline`, with its due time after quiet hours. */
export function stagesOf(deadline: Date, timeout: StepTimeout, quiet: QuietHours, tz: string): Stage[] {
  const t = usableTimeout(timeout);
  if (!t) return [];
  const kinds: { kind: StageKind; n: number }[] = [];
  for (let n = 1; n <= t.remindMax; n++) kinds.push({ kind: "remind", n });
  if (t.escalateTo.length) kinds.push({ kind: "escalate", n: 1 });
  if (t.autoAction) kinds.push({ kind: "auto", n: 1 });
  const step = t.hours * HOUR;
  const out: Stage[] = [];
  let at = outOfQuietHours(deadline, quiet, tz);
  kinds.forEach((k, i) => {
    if (i > 0) at = outOfQuietHours(new Date(at.getTime() + step), quiet, tz);
    out.push({ no: i + 1, kind: k.kind, n: k.n, dueAt: at });
  });
  return out;
}

/** What to do at `now` for a series whose first `done` stages are already claimed. */
export function planStages(deadline: Date, timeout: StepTimeout, quiet: QuietHours, tz: string, now: Date, done: number): StagePlan {
  const pending = stagesOf(deadline, timeout, quiet, tz).slice(Math.max(0, done));
  if (inQuietHours(now, quiet, tz)) {
    const first = pending[0];
    return { fire: [], skip: [], next: first ? { stage: first, at: new Date(Math.max(first.dueAt.getTime(), outOfQuietHours(now, quiet, tz).getTime())) } : null };
  }
  const due = pending.filter((s) => s.dueAt.getTime() <= now.getTime());
  const ahead = pending.find((s) => s.dueAt.getTime() > now.getTime());
  const fire: Stage[] = [];
  const skip: Stage[] = [];
  due.forEach((s, i) => (s.kind === "remind" && i < due.length - 1 ? skip : fire).push(s));
  return { fire, skip, next: ahead ? { stage: ahead, at: ahead.dueAt } : null };
}
