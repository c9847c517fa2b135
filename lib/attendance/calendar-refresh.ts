// Calendar refresh and HR day edits → exactly the affected person-days recompute, through the one write path: each
// change enqueues inbox rows (source "attendance", event "recompute"; the row is the job) that the inbox worker
// handles in batches (lib/attendance/recompute.ts). Run at startup and daily (lib/attendance/jobs.ts).
import { z } from "zod";
import type { Db } from "@/db/client";
import { inboxEvents } from "@/db/schema";
import type { EventHandler, HandlerResult, InboxEvent } from "@/lib/ingest/types";
import { log } from "@/lib/observability/log";
import { clearCompanyDay, refreshCalendar, setCompanyDay, type DayType, type PackageData, type RefreshResult } from "./calendar";
import type { LateCause } from "./period-gate";
import { personDaysOn, recomputeMany, type PersonDay } from "./recompute";

/** Person-days per inbox row: one row is one recompute transaction. */
export const RECOMPUTE_ROW_SIZE = 500;

const recomputePayload = z.object({
  reason: z.string().max(200),
  pairs: z.array(z.object({ employeeId: z.number().int().positive(), date: z.iso.date() })).max(RECOMPUTE_ROW_SIZE),
});

/**
 * Queue the recompute of the person-days stored on `dates` (they must move to the new day type). `key` makes the
 * enqueue idempotent (a retried refresh queues nothing twice). Returns how many person-days were queued.
 */
export async function enqueueRecomputeOfDates(db: Db, dates: string[], reason: string, key: string): Promise<number> {
  const pairs = await personDaysOn(db, dates);
  return enqueueRecompute(db, pairs, reason, key);
}

export async function enqueueRecompute(db: Db, pairs: PersonDay[], reason: string, key: string): Promise<number> {
  if (!pairs.length) return 0;
  const rows: (typeof inboxEvents.$inferInsert)[] = [];
  for (let i = 0; i < pairs.length; i += RECOMPUTE_ROW_SIZE) {
    const payload = { reason, pairs: pairs.slice(i, i + RECOMPUTE_ROW_SIZE) };
    rows.push({ source: "attendance", channel: "internal", eventType: "recompute", dedupeKey: `${key}#${i / RECOMPUTE_ROW_SIZE}`, raw: JSON.stringify(payload), payload });
  }
  for (let i = 0; i < rows.length; i += 200) await db.insert(inboxEvents).values(rows.slice(i, i + 200)).onConflictDoNothing({ target: [inboxEvents.source, inboxEvents.dedupeKey] });
  return pairs.length;
}

/**
 * Compare calendar_days with what chinese-days says for every covered year; log and apply each difference
 * (calendar_changes; HR days are kept), and queue the recompute of exactly the person-days on the changed dates.
 * One transaction: the changes and their recompute jobs commit together.
 */
export async function refreshCalendarAndRecompute(db: Db, opts: { source?: PackageData; version?: string; years?: number[] } = {}): Promise<RefreshResult & { queued: number }> {
  return db.transaction(async (tx) => {
    const r = await refreshCalendar(tx, opts);
    const key = `calendar:${r.changed.map((c) => `${c.date}=${c.after}`).join(",")}`;
    const queued = r.affectedDates.length ? await enqueueRecomputeOfDates(tx, r.affectedDates, "calendar refresh", key.length > 200 ? `calendar:${hash(key)}` : key) : 0;
    if (r.changed.length) log.info({ changed: r.changed.length, queued }, "calendar refreshed from chinese-days");
    return { ...r, queued };
  });
}

/** HR marks a company-specific day; the person-days on it recompute. */
export async function editCompanyDay(db: Db, input: { date: string; dayType: DayType; name?: string | null; editedBy: number }): Promise<{ changed: boolean; queued: number }> {
  return db.transaction(async (tx) => {
    const dates = await setCompanyDay(tx, input);
    const queued = await enqueueRecomputeOfDates(tx, dates, "calendar edit", `calendar-hr:${input.date}:${input.dayType}:${Date.now()}`);
    return { changed: dates.length > 0, queued };
  });
}

/** HR removes a company-specific day (the package's type returns); the person-days on it recompute. */
export async function removeCompanyDay(db: Db, date: string): Promise<{ changed: boolean; queued: number }> {
  return db.transaction(async (tx) => {
    const dates = await clearCompanyDay(tx, date);
    const queued = await enqueueRecomputeOfDates(tx, dates, "calendar edit", `calendar-hr:${date}:clear:${Date.now()}`);
    return { changed: dates.length > 0, queued };
  });
}

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return `${s.length}-${(h >>> 0).toString(36)}`;
}

const recomputeOne = async (db: Db, event: InboxEvent): Promise<HandlerResult> => {
  const p = recomputePayload.parse(event.payload);
  const out = await recomputeMany(db, p.pairs, undefined, undefined, { kind: "recompute", ref: p.reason });
  return { outcome: "handled", effects: { kind: "recompute", reason: p.reason, personDays: out.length, changed: out.filter((o) => o.changed).length } };
};

/** Inbox handler "attendance:recompute" (batched: several rows' person-days in one recompute). */
export const recomputeHandler: EventHandler = Object.assign(async ({ db, event }: { db: Db; event: InboxEvent }) => recomputeOne(db, event), {
  batch: async ({ db, events }: { db: Db; events: InboxEvent[] }) => {
    const parsed = events.map((e) => recomputePayload.parse(e.payload));
    const reasons = new Map<string, LateCause[]>();
    for (const p of parsed) for (const x of p.pairs) reasons.set(`${x.employeeId}:${x.date}`, [...(reasons.get(`${x.employeeId}:${x.date}`) ?? []), { kind: "recompute", ref: p.reason }]);
    const out = await recomputeMany(db, parsed.flatMap((p) => p.pairs), undefined, undefined, (x) => reasons.get(`${x.employeeId}:${x.date}`) ?? []);
    const changed = new Set(out.filter((o) => o.changed).map((o) => `${o.employeeId}:${o.date}`));
    return parsed.map((p): HandlerResult => ({
      outcome: "handled",
      effects: { kind: "recompute", reason: p.reason, personDays: p.pairs.length, changed: p.pairs.filter((x) => changed.has(`${x.employeeId}:${x.date}`)).length },
    }));
  },
});
