// Who gets which attendance chat reminder when (pure: the clock and the person-day passed in).
// - punch_in: N minutes after the (effective) start of the first section, nobody punched in, not away, not resting,
//   not a free schedule (no start to be late for);
// - punch_out: at the end of the last section, for people who punched in but not out;
// - missing: the next morning (missingAt, moved to the end of quiet hours when inside them) for a finished day whose
//   statuses carry a missing punch or an absence;
// - quiet hours: a reminder due inside them, or a tick that runs inside them, sends nothing; a reminder older than
//   CATCH_UP_MS (a server that was down) is not sent late either — it would arrive out of context.
import { DEFAULT_GROUP_REMINDERS, type GroupReminderSettings } from "@/db/schema/attendance";
import { addDays, tzOffsetMinutes, zonedTimeToUtc } from "@/lib/time-core";
import type { SlotResult } from "./engine";

export type ReminderKind = "punch_in" | "punch_out" | "missing";
export const CATCH_UP_MS = 60 * 60_000;
const MIN = 60_000;
const AWAY = new Set(["leave", "trip", "field"]);
export const MISSING_STATUSES = new Set(["missing_in", "missing_out", "absent"]);

export interface ReminderDay {
  businessDate: string;
  /** null: no shift (rest day, roster rest, no group). */
  shiftKind: string | null;
  statuses: readonly string[];
  slots: readonly Pick<SlotResult, "kind" | "section" | "index" | "expectedAt" | "effectiveAt" | "status" | "punchId">[];
}

export interface DueReminder {
  kind: ReminderKind;
  businessDate: string;
  dueAt: Date;
}

/** Settings as stored, with anything missing or malformed falling back to the defaults. */
export function reminderSettings(raw: unknown): GroupReminderSettings {
  const r = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_GROUP_REMINDERS;
  const bool = (k: keyof GroupReminderSettings) => (typeof r[k] === "boolean" ? (r[k] as boolean) : (d[k] as boolean));
  const hhmm = (k: keyof GroupReminderSettings) => (typeof r[k] === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(r[k] as string) ? (r[k] as string) : (d[k] as string));
  const n = Number(r.punchInAfterMinutes);
  return {
    enabled: bool("enabled"),
    punchInAfterMinutes: Number.isInteger(n) && n >= 0 && n <= 240 ? n : d.punchInAfterMinutes,
    punchOut: bool("punchOut"),
    missingNextMorning: bool("missingNextMorning"),
    missingAt: hhmm("missingAt"),
    monthSummary: bool("monthSummary"),
    quietStart: hhmm("quietStart"),
    quietEnd: hhmm("quietEnd"),
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const localMinutes = (at: Date, tz: string) => (((Math.floor(at.getTime() / MIN) + tzOffsetMinutes(at, tz)) % 1440) + 1440) % 1440;

/** Inside quiet hours (wall clock in tz); start == end means none; start > end wraps midnight. */
export function inQuietHours(at: Date, s: Pick<GroupReminderSettings, "quietStart" | "quietEnd">, tz: string): boolean {
  const a = minutesOf(s.quietStart);
  const b = minutesOf(s.quietEnd);
  if (a === b) return false;
  const t = localMinutes(at, tz);
  return a < b ? t >= a && t < b : t >= a || t < b;
}

/** The morning after `date`: missingAt, or the end of quiet hours when missingAt falls inside them. */
export function morningAfter(date: string, s: GroupReminderSettings, tz: string): Date {
  const next = addDays(date, 1);
  const at = zonedTimeToUtc(next, s.missingAt, tz);
  return inQuietHours(at, s, tz) ? zonedTimeToUtc(next, s.quietEnd, tz) : at;
}

function sendable(dueAt: Date, now: Date, s: GroupReminderSettings, tz: string): boolean {
  const age = now.getTime() - dueAt.getTime();
  return age >= 0 && age < CATCH_UP_MS && !inQuietHours(dueAt, s, tz) && !inQuietHours(now, s, tz);
}

/** The reminders this person-day owes at `now` (each is deduped by the outbox on person × date × kind). */
export function remindersDue(day: ReminderDay, settings: GroupReminderSettings, now: Date, tz: string): DueReminder[] {
  if (!settings.enabled || !day.shiftKind) return [];
  const out: DueReminder[] = [];
  const date = day.businessDate;
  const ordered = [...day.slots].sort((a, b) => a.section - b.section || a.index - b.index);
  const ins = ordered.filter((x) => x.kind === "in");
  const outs = ordered.filter((x) => x.kind === "out");
  const punchedIn = ins.some((x) => x.punchId != null);
  if (day.shiftKind !== "free" && ins.length) {
    const first = ins[0];
    const away = AWAY.has(first.status) && first.punchId == null;
    const due = new Date(new Date(first.effectiveAt).getTime() + settings.punchInAfterMinutes * MIN);
    if (!punchedIn && !away && sendable(due, now, settings, tz)) out.push({ kind: "punch_in", businessDate: date, dueAt: due });
  }
  if (settings.punchOut && day.shiftKind !== "free" && outs.length && punchedIn) {
    const last = outs[outs.length - 1];
    const due = new Date(last.expectedAt);
    if (last.punchId == null && !AWAY.has(last.status) && sendable(due, now, settings, tz)) out.push({ kind: "punch_out", businessDate: date, dueAt: due });
  }
  if (settings.missingNextMorning && day.statuses.some((x) => MISSING_STATUSES.has(x))) {
    const due = morningAfter(date, settings, tz);
    const lastExpected = Math.max(0, ...ordered.map((x) => new Date(x.expectedAt).getTime()));
    const age = now.getTime() - due.getTime();
    // The whole morning (until noon-ish: 4 h) rather than CATCH_UP_MS: the day is finished and the message keeps.
    if (age >= 0 && age < 4 * CATCH_UP_MS && lastExpected <= due.getTime() && !inQuietHours(now, settings, tz)) {
      out.push({ kind: "missing", businessDate: date, dueAt: due });
    }
  }
  return out;
}
