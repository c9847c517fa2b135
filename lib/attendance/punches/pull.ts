// Vendor punch pulls (WeCom getcheckindata + getcheckin_daydata, DingTalk listRecord + attendance/list), in windows,
// one sync_runs row each, with a watermark per source ("complete up to": the end of the window once every chunk of
// it came back). Users are the people linked to the vendor in the identity ledger, chunked ≤100 (WeCom) / ≤50
// (DingTalk); days in windows of ≤30 / ≤7. Punches follow the one write path: each new or changed vendor record is
// an inbox event (channel "pull", natural key (source, vendor record id), dedupe key carrying its content and the
// punch's change count; up to 500 records a row, each as the vendor sent it) that the inbox worker writes through
// the store, which recomputes the person-days it touches. A record we hold from a window we pulled again and the vendor no longer returns becomes a "vanished"
// event: the punch is kept and marked, never deleted. Nothing is enqueued for records we already hold unchanged, so
// a second pull changes nothing. The vendors' own day results are kept beside ours in vendor_day_results.
import "server-only";
import { createHash } from "node:crypto";
import { and, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, identities, punches, syncRuns } from "@/db/schema";
import { env } from "@/lib/env";
import { storeInboxEvents, type VerifiedEvent } from "@/lib/ingest/store";
import { log } from "@/lib/observability/log";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { chunk, dayWindows } from "@/lib/vendors/chunks";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { DingtalkClient } from "@/lib/vendors/dingtalk/client";
import { DINGTALK_ATTENDANCE_MAX_DAYS, DINGTALK_ATTENDANCE_MAX_USERS, dingtalkPunchRecords, dingtalkSlotResults } from "@/lib/vendors/dingtalk/attendance";
import type { HttpPolicy } from "@/lib/vendors/http";
import { WECOM_CHECKIN_MAX_DAYS, WECOM_CHECKIN_MAX_USERS, wecomCheckinData, wecomDayData } from "@/lib/vendors/wecom/checkin";
import { WecomClient } from "@/lib/vendors/wecom/client";
import { dingtalkLimit, wecomLimit } from "@/lib/vendors/rate-limit";
import { PULL_BATCH_SIZE, PULL_VENDOR_EVENT, VANISH_EVENT } from "./pull-names";
import { dingtalkDayVerdicts, mapDingtalkRecords, mapWecomRecords, punchFingerprint, pulledFingerprint, wecomDayVerdict, type PulledPunch } from "./vendor-map";

export type PullSource = "wecom" | "dingtalk";
export { PULL_BATCH_EVENT, PULL_EVENT, PULL_VENDOR_EVENT, VANISH_EVENT } from "./pull-names";
/** A scheduled pull starts this many days before the watermark: 补卡 and admin edits arrive late. */
export const PULL_LOOKBACK_DAYS = 3;
/** The first pull of a source (no watermark yet) reaches back this far. */
export const FIRST_PULL_DAYS = 31;
/** Chunks in flight at once per source: enough to keep both APIs busy at their limits. */
const CONCURRENCY = 16;
/**
 * DingTalk punches beside the day results: listRecord is 1 call per 50 people a week, attendance/list 2 per 50
 * people a work day (50 slot results a page), so the day results set the time and the punches can take their
 * time. At 16 in flight, listRecord's large answers and the punches' writes slowed attendance/list to half its
 * rate for the first two minutes of a month's pull.
 */
const DINGTALK_PUNCH_CONCURRENCY = 4;
const WECOM_DAY_API = "/cgi-bin/checkin/getcheckin_daydata";
const DINGTALK_DAY_API = "/attendance/list";

export interface PullArgs {
  source: PullSource;
  /** first and last business date (YYYY-MM-DD, ORG_TIMEZONE); default: from the watermark to today */
  from?: string;
  to?: string;
  /** only these vendor user ids (a targeted pull); default: everyone linked to the vendor */
  externalUserIds?: string[];
  /** skip the vendor's day results (getcheckin_daydata / attendance/list) */
  punchesOnly?: boolean;
}

export interface PullDeps {
  http?: Partial<HttpPolicy>;
  now?: Date;
  tz?: string;
  /** calls in one window of the day API's limit (default: from lib/vendors/rate-limit) */
  dayWindow?: number;
}

export interface PullCounts {
  users: number;
  calls: number;
  fetched: number;
  added: number;
  changed: number;
  unchanged: number;
  vanished: number;
  placeholders: number;
  unknownUsers: number;
  dayResults: number;
  dayResultsChanged: number;
  /** inbox rows this run stored (a record already waiting in the inbox is not stored twice) */
  enqueued: number;
}

const limits = (source: PullSource) =>
  source === "wecom" ? { users: WECOM_CHECKIN_MAX_USERS, days: WECOM_CHECKIN_MAX_DAYS } : { users: DINGTALK_ATTENDANCE_MAX_USERS, days: DINGTALK_ATTENDANCE_MAX_DAYS };

/** "Complete up to" of the last successful window pull of a source. */
export async function pullWatermark(db: Db, source: PullSource): Promise<Date | null> {
  const [row] = await db
    .select({ w: sql<string | null>`max(${syncRuns.watermark})` })
    .from(syncRuns)
    .where(and(eq(syncRuns.source, source), eq(syncRuns.kind, "attendance_pull"), eq(syncRuns.status, "succeeded")));
  return row?.w ? new Date(row.w) : null;
}

/** The people a source can be pulled for: vendor user id → employee id (identity ledger, active employees). */
async function linkedPeople(db: Db, source: PullSource, corpId: string, only?: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ externalId: identities.externalId, employeeId: identities.employeeId })
    .from(identities)
    .innerJoin(employees, eq(employees.id, identities.employeeId))
    .where(and(eq(identities.provider, source), eq(identities.corpId, corpId), eq(employees.status, "active"), only ? inArray(identities.externalId, only.length ? only : [""]) : undefined))
    .orderBy(identities.externalId);
  return new Map(rows.map((r) => [r.externalId, r.employeeId]));
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

interface Chunk {
  users: string[];
  first: string;
  last: string;
  start: Date; // first 00:00 (org tz)
  end: Date; // (last + 1) 00:00
}

/** Store the records of one chunk: new and changed ones as inbox events, held ones the vendor dropped as vanished. */
async function storeChunk(db: Db, source: PullSource, c: Chunk, pulled: PulledPunch[], employeeIds: number[], counts: PullCounts): Promise<void> {
  const held = employeeIds.length
    ? await db
        .select({
          recordId: punches.recordId,
          employeeId: punches.employeeId,
          punchedAt: punches.punchedAt,
          direction: punches.direction,
          latitude: punches.latitude,
          longitude: punches.longitude,
          field: punches.field,
          suspicious: punches.suspicious,
          changeState: punches.changeState,
          changes: sql<number>`jsonb_array_length(${punches.history})`,
        })
        .from(punches)
        .where(
          and(
            eq(punches.source, source),
            eq(punches.deviceId, ""),
            // one JSON parameter, not one bind parameter per record id (2,000+ per chunk)
            sql`${punches.recordId} IN (SELECT jsonb_array_elements_text(${JSON.stringify(pulled.map((p) => p.recordId))}::jsonb))`,
          ),
        )
    : [];
  const byId = new Map(held.map((h) => [h.recordId, h]));
  const fresh: { key: string; payload: Record<string, unknown> }[] = [];
  for (const p of pulled) {
    const h = byId.get(p.recordId);
    const fp = pulledFingerprint(p);
    if (h && h.changeState !== "vanished" && punchFingerprint(h) === fp) {
      counts.unchanged++;
      continue;
    }
    if (h) counts.changed++;
    else counts.added++;
    // the vendor's record as it came, with its natural key and our employee: the handler maps it (half the bytes of
    // the mapped fields beside the record, which the punch keeps anyway)
    fresh.push({ key: `${p.recordId}:${fp}:${h?.changes ?? 0}`, payload: { employee_id: p.employeeId, record_id: p.recordId, vendor: p.raw } });
  }
  // New and changed records go in rows of up to PULL_BATCH_SIZE (one inbox row per record made the pull's own
  // writes its largest cost); the key is the records' identities and versions, so the same records again add nothing.
  const events: VerifiedEvent[] = [];
  const sizes: number[] = [];
  for (const part of chunk(fresh, PULL_BATCH_SIZE)) {
    const key = createHash("sha256").update(part.map((f) => f.key).join("\n")).digest("hex").slice(0, 40);
    events.push({ source, channel: "pull", eventType: PULL_VENDOR_EVENT, dedupeKey: `pull-batch:${key}`, raw: JSON.stringify({ pulled: source, records: part.length }), payload: { records: part.map((f) => f.payload) } });
    sizes.push(part.length);
  }
  // Vanished: punches we hold for these people in this window that the vendor no longer returns.
  const seen = new Set(pulled.map((p) => p.recordId));
  const inWindow = employeeIds.length
    ? await db
        .select({ id: punches.id, recordId: punches.recordId, changes: sql<number>`jsonb_array_length(${punches.history})` })
        .from(punches)
        .where(
          and(
            eq(punches.source, source),
            eq(punches.deviceId, ""),
            inArray(punches.employeeId, employeeIds),
            gte(punches.punchedAt, c.start),
            lt(punches.punchedAt, c.end),
            ne(punches.changeState, "vanished"),
          ),
        )
    : [];
  for (const h of inWindow) {
    if (seen.has(h.recordId)) continue;
    counts.vanished++;
    events.push({
      source,
      channel: "pull",
      eventType: VANISH_EVENT,
      dedupeKey: `pull-vanished:${h.recordId}:${h.changes}`,
      raw: "{}",
      payload: { record_id: h.recordId, window_start: c.start.toISOString(), window_end: c.end.toISOString(), changes: h.changes },
    });
  }
  // one statement per row: how many records were new is the sum of the rows that were
  for (const [i, e] of events.entries()) counts.enqueued += (await storeInboxEvents(db, [e])) ? (sizes[i] ?? 1) : 0;
}

/** Upsert the vendor's day verdicts; only rows whose verdict or detail changed are written. */
async function storeDayResults(
  db: Db,
  source: PullSource,
  rows: { userid: string; date: string; verdict: string[]; detail: Record<string, unknown> }[],
  people: Map<string, number>,
  counts: PullCounts,
): Promise<void> {
  const values = rows.filter((r) => people.has(r.userid)).map((r) => ({ source, employeeId: people.get(r.userid)!, businessDate: r.date, verdict: r.verdict, detail: r.detail }));
  counts.dayResults += values.length;
  // one JSON parameter per 500 rows (drizzle's multi-VALUES build cost more than the statement)
  for (const part of chunk(values, 500)) {
    const rows = JSON.stringify(part.map((v) => ({ s: v.source, e: v.employeeId, d: v.businessDate, v: v.verdict, x: v.detail })));
    const written = await db.execute(sql`
      INSERT INTO vendor_day_results (source, employee_id, business_date, verdict, detail)
      SELECT x.s, x.e, x.d, ARRAY(SELECT jsonb_array_elements_text(x.v)), x.x
        FROM jsonb_to_recordset(${rows}::jsonb) AS x(s text, e bigint, d date, v jsonb, x jsonb)
      ON CONFLICT (source, employee_id, business_date) DO UPDATE
        SET verdict = excluded.verdict, detail = excluded.detail, fetched_at = now(), updated_at = now()
        WHERE vendor_day_results.verdict IS DISTINCT FROM excluded.verdict OR vendor_day_results.detail IS DISTINCT FROM excluded.detail
      RETURNING id`);
    counts.dayResultsChanged += ((written as { rows?: unknown[] }).rows ?? (written as unknown as unknown[])).length;
  }
}

/** One windowed pull of a source; returns its sync_runs row. */
export async function runAttendancePull(db: Db, args: PullArgs, deps: PullDeps = {}): Promise<typeof syncRuns.$inferSelect> {
  const tz = deps.tz ?? env().ORG_TIMEZONE;
  const now = deps.now ?? new Date();
  const today = businessDate(now, tz);
  const targeted = Boolean(args.externalUserIds);
  let from = args.from;
  if (!from) {
    const w = await pullWatermark(db, args.source);
    from = w ? addDays(businessDate(w, tz), -PULL_LOOKBACK_DAYS) : addDays(today, -(FIRST_PULL_DAYS - 1));
  }
  const to = args.to ?? today;
  if (from > to) from = to;
  const windowStart = zonedTimeToUtc(from, "00:00", tz);
  const windowEnd = zonedTimeToUtc(addDays(to, 1), "00:00", tz);
  const [run] = await db
    .insert(syncRuns)
    .values({ source: args.source, kind: targeted ? "attendance_targeted" : "attendance_pull", windowStart, windowEnd, status: "running" })
    .returning({ id: syncRuns.id });
  const counts: PullCounts = { users: 0, calls: 0, fetched: 0, added: 0, changed: 0, unchanged: 0, vanished: 0, placeholders: 0, unknownUsers: 0, dayResults: 0, dayResultsChanged: 0, enqueued: 0 };
  const errors: string[] = [];
  let chunksDone = 0;
  let chunksTotal = 0;
  try {
    const lim = limits(args.source);
    const corpId = args.source === "wecom" ? wecomConfig().corpId : dingtalkConfig().corpId;
    const people = await linkedPeople(db, args.source, corpId, args.externalUserIds);
    counts.users = people.size;
    const employeeOf = (u: string) => people.get(u);
    const chunksOf = (days: number): Chunk[] =>
      chunk([...people.keys()], lim.users).flatMap((users) =>
        dayWindows(from, to, days).map((w) => ({ users, first: w.first, last: w.last, start: zonedTimeToUtc(w.first, "00:00", tz), end: zonedTimeToUtc(addDays(w.last, 1), "00:00", tz) })),
      );
    const chunks = chunksOf(lim.days);
    // WeCom's day report takes two 0点 timestamps (path/94206 names no span limit; we keep getcheckindata's 30 days
    // between them), so one call covers 31 dates: a month is one call per 100 people instead of two.
    const dayChunks = args.source === "wecom" ? chunksOf(lim.days + 1) : chunks;
    chunksTotal = dayChunks === chunks ? chunks.length : chunks.length + dayChunks.length;
    const wecom = args.source === "wecom" ? new WecomClient({ db, http: deps.http }) : null;
    const dingtalk = args.source === "dingtalk" ? new DingtalkClient({ db, http: deps.http }) : null;
    // The punches and the day verdicts are two pipelines over the same chunks: the day APIs have much lower limits
    // (WeCom's getcheckin_daydata 100/min against getcheckindata's 600/min), and a chunk that waited for its day
    // call held a pool slot its punches could have used — a month's pull took twice the floor that way.
    const failed = new Set<Chunk>();
    const fail = (c: Chunk, part: string, e: unknown) => {
      failed.add(c);
      errors.push(`${c.first}..${c.last} users ${c.users[0]}…(${c.users.length}) ${part}: ${(e as Error).message}`.slice(0, 300));
    };
    const punchesOf = async (c: Chunk) => {
      try {
        const employeeIds = c.users.map((u) => people.get(u)!);
        // The vendors' wall clock is China time; the windows are the org's days (the same unless ORG_TIMEZONE moves).
        const startS = Math.floor(c.start.getTime() / 1000);
        const endS = Math.floor(c.end.getTime() / 1000) - 1;
        counts.calls++;
        let pulled: PulledPunch[];
        if (wecom) {
          const recs = await wecomCheckinData(wecom, { userids: c.users, startTime: startS, endTime: endS });
          counts.fetched += recs.length;
          const m = mapWecomRecords(recs, employeeOf, tz);
          counts.placeholders += m.placeholders;
          counts.unknownUsers += m.unknownUsers.length;
          pulled = m.punches;
        } else {
          const recs = await dingtalkPunchRecords(dingtalk!, { userIds: c.users, fromMs: c.start.getTime(), toMs: c.end.getTime() - 1000 });
          counts.fetched += recs.length;
          const m = mapDingtalkRecords(recs, employeeOf, tz);
          counts.unknownUsers += m.unknownUsers.length;
          pulled = m.punches;
        }
        await storeChunk(db, args.source, c, pulled.filter((p) => p.punchedAt >= c.start && p.punchedAt < c.end), employeeIds, counts);
      } catch (e) {
        fail(c, "punches", e);
      }
    };
    // When the day API's calls need more than one window of its limit (WeCom: 100 a minute, so a pull of more than
    // 10,000 people or 31 days), it sets the pull's floor, and its next window opens a window's length after its
    // first window's calls were answered (lib/vendors/rate-limit: each slot is held until a window after its answer).
    // So its first window's calls go first, alone: sharing the CPU with the punches' pages they were answered over
    // ~25 s instead of a few, and the second window's calls came that much later. The punches fill the wait.
    // Counted in chunks: a DingTalk chunk is several calls, so there the punches start a few seconds later than they
    // need to, which a pull bound by thousands of day calls does not notice (its month: 446 s before and after).
    const dayWindow = deps.dayWindow ?? (args.source === "wecom" ? wecomLimit(WECOM_DAY_API).limit : dingtalkLimit(DINGTALK_DAY_API).limit);
    let answered = 0;
    let headStart = () => {};
    const firstDayWindow = args.punchesOnly || dayChunks.length <= dayWindow ? Promise.resolve() : new Promise<void>((r) => (headStart = r));
    const daysOf = async (c: Chunk) => {
      if (args.punchesOnly) return;
      // day results are final only once the day is over (T+1): today's is not asked for
      const lastDone = c.last < today ? c.last : addDays(today, -1);
      if (lastDone < c.first) return;
      try {
        counts.calls++;
        const days = wecom
          ? (await wecomDayData(wecom, { userids: c.users, startTime: Math.floor(c.start.getTime() / 1000), endTime: Math.floor(zonedTimeToUtc(lastDone, "00:00", tz).getTime() / 1000) })).map(wecomDayVerdict)
          : dingtalkDayVerdicts(await dingtalkSlotResults(dingtalk!, { userIds: c.users, fromMs: c.start.getTime(), toMs: zonedTimeToUtc(lastDone, "00:00", tz).getTime() }));
        if (++answered >= dayWindow) headStart();
        await storeDayResults(db, args.source, days, people, counts);
      } catch (e) {
        if (++answered >= dayWindow) headStart(); // its calls were made too
        fail(c, "day results", e);
      }
    };
    const punchConcurrency = args.source === "dingtalk" && !args.punchesOnly ? DINGTALK_PUNCH_CONCURRENCY : CONCURRENCY;
    const dayPool = pool(dayChunks, CONCURRENCY, daysOf).finally(() => headStart());
    await Promise.all([firstDayWindow.then(() => pool(chunks, punchConcurrency, punchesOf)), dayPool]);
    const work = dayChunks === chunks ? chunks : [...chunks, ...dayChunks];
    chunksDone = work.filter((c) => !failed.has(c)).length;
  } catch (e) {
    errors.push((e as Error).message.slice(0, 300));
  }
  const status = errors.length === 0 ? "succeeded" : chunksDone > 0 ? "partial" : "failed";
  const watermark = status === "succeeded" && !targeted ? new Date(Math.min(windowEnd.getTime(), now.getTime())) : null;
  const [done] = await db
    .update(syncRuns)
    .set({
      status,
      added: counts.added,
      changed: counts.changed,
      removed: counts.vanished,
      errorCount: errors.length,
      errors: errors.slice(0, 50),
      details: { ...counts, from, to, chunks: chunksTotal, chunksDone, externalUserIds: args.externalUserIds?.slice(0, 50) ?? null },
      watermark,
      finishedAt: sql`now()`,
    })
    .where(eq(syncRuns.id, run.id))
    .returning();
  log.info({ source: args.source, status, from, to, ...counts, errors: errors.length }, "attendance pull finished");
  if (counts.enqueued > 0) {
    const { wakeInbox } = await import("@/lib/ingest/worker");
    wakeInbox();
  }
  return done;
}
