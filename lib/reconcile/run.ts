// Reconciliation runs: for a meeting or a window of days, per source (Tencent Meeting participants API, Zoom
// participants report, WeCom meeting attendee list); each run is a sync_runs row with counts, the differences per
// meeting, errors and a "complete up to" watermark (the end of the window, when every meeting in it was checked).
// Vendor credentials: lib/vendors/config (real when set, the simulator in simulator mode, otherwise not configured).
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { syncRuns } from "@/db/schema";
import { log } from "@/lib/observability/log";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { tencentMeetingRestConfig, wecomConfig, zoomRestConfig } from "@/lib/vendors/config";
import { tencentMeetingClient, type TencentMeetingClient } from "@/lib/vendors/tencent-meeting/client";
import { wecomClient } from "@/lib/vendors/wecom/client";
import { wecomMeetingAttendees } from "@/lib/vendors/wecom/meeting";
import { zoomReportClient, zoomS2STokenSource, type ZoomReportClient } from "@/lib/vendors/zoom/client";
import { reconcileTencentMeeting, type MeetingReconcileResult, type VendorMeetingRef } from "./tencent";
import { reconcileWecomMeeting, type WecomAttendeeSource } from "./wecom";
import { reconcileZoomMeeting } from "./zoom";

export const RECONCILE_SOURCES = ["tencent_meeting", "zoom", "wecom"] as const;
export type ReconcileSource = (typeof RECONCILE_SOURCES)[number];

export interface ReconcileArgs {
  source: ReconcileSource;
  meetingId?: number;
  /** A business date (ORG_TIMEZONE); with `days`, the window is [date - days + 1, date]. Default: today. */
  date?: string;
  days?: number;
}

export interface ReconcileDeps {
  tencent?: { client: TencentMeetingClient; operatorUserid: string } | null;
  zoom?: { client: ZoomReportClient } | null;
  wecom?: WecomAttendeeSource | null;
  now?: Date;
}

/** The Tencent Meeting REST client: real credentials when set, the simulator in simulator mode, else null. */
export function defaultTencentDeps(): ReconcileDeps["tencent"] {
  const c = tencentMeetingRestConfig();
  if (!c) return null;
  return { client: tencentMeetingClient({ baseUrl: c.apiBase, appId: c.appId, sdkId: c.sdkId, secretId: c.secretId, secretKey: c.secretKey }), operatorUserid: c.operatorId };
}

// One token source per credential set for the process: a nightly run and a console run share the cached token.
const g = globalThis as unknown as { __qdZoomTokens?: Map<string, (rejected?: string) => Promise<string>> };
const zoomTokens = (g.__qdZoomTokens ??= new Map());

/** The Zoom report client (Server-to-Server OAuth): real credentials when set, the simulator in simulator mode, else null. */
export function defaultZoomDeps(): ReconcileDeps["zoom"] {
  const c = zoomRestConfig();
  if (!c) return null;
  const key = `${c.oauthBase}|${c.accountId}|${c.clientId}`;
  let tokens = zoomTokens.get(key);
  if (!tokens) zoomTokens.set(key, (tokens = zoomS2STokenSource({ oauthBase: c.oauthBase, accountId: c.accountId, clientId: c.clientId, clientSecret: c.clientSecret })));
  return { client: zoomReportClient({ baseUrl: c.apiBase, accessToken: tokens }) };
}

/** WeCom's meeting attendee list through the app's WeCom client (real or simulated, as the rest of WeCom). */
export function defaultWecomDeps(db: Db): WecomAttendeeSource {
  const client = wecomClient(db);
  return { corpId: client.config.corpId, attendees: (ref) => wecomMeetingAttendees(client, attendeeQuery(ref)) };
}

/** get_attendee_list filters joins by time (span ≤ 31 days): an hour before our start to a day after our end. */
export function attendeeQuery(ref: VendorMeetingRef, now = new Date()) {
  const q = { meetingId: ref.vendorMeetingId, subMeetingId: ref.occurrenceId || undefined };
  if (!ref.startsAt || ref.occurrenceId) return q; // the time filter does not apply to recurring meetings (doc)
  const start = Math.floor(ref.startsAt.getTime() / 1000) - 3600;
  const end = Math.min(Math.floor(now.getTime() / 1000), Math.floor((ref.endsAt ?? ref.startsAt).getTime() / 1000) + 86_400, start + 31 * 86_400);
  return end > start ? { ...q, startTime: start, endTime: end } : q;
}

/** Whether the source's vendor API is reachable with the current configuration (WeCom: real or simulated, not disabled). */
export function reconcileSourceConfigured(source: ReconcileSource): boolean {
  if (source === "tencent_meeting") return tencentMeetingRestConfig() !== null;
  if (source === "zoom") return zoomRestConfig() !== null;
  return wecomConfig().mode !== "disabled";
}

async function meetingsToCheck(db: Db, args: ReconcileArgs, from: Date, to: Date, now: Date): Promise<VendorMeetingRef[]> {
  const res = (await db.execute(sql`
    SELECT id, title, occurrence_id, starts_at, ends_at,
           coalesce(CASE WHEN video_source = ${args.source} THEN video_meeting_id END,
                    CASE WHEN source = ${args.source} THEN external_id END) AS vendor_id
      FROM meetings
     WHERE status <> 'cancelled'
       AND ((video_source = ${args.source} AND video_meeting_id IS NOT NULL) OR source = ${args.source})
       AND ${args.meetingId ? sql`id = ${args.meetingId}` : sql`starts_at >= ${from.toISOString()}::timestamptz AND starts_at < ${to.toISOString()}::timestamptz AND starts_at <= ${now.toISOString()}::timestamptz`}
     ORDER BY starts_at`)) as unknown as {
    rows: { id: number; title: string; occurrence_id: string; starts_at: string | Date; ends_at: string | Date; vendor_id: string | null }[];
  };
  return res.rows
    .filter((r) => r.vendor_id)
    .map((r) => ({
      id: Number(r.id),
      title: r.title,
      occurrenceId: r.occurrence_id ?? "",
      vendorMeetingId: String(r.vendor_id),
      startsAt: new Date(r.starts_at),
      endsAt: new Date(r.ends_at),
    }));
}

type MeetingReconciler = (ref: VendorMeetingRef) => Promise<MeetingReconcileResult>;

function reconcilerFor(db: Db, source: ReconcileSource, deps: ReconcileDeps): MeetingReconciler {
  if (source === "tencent_meeting") {
    const tencent = deps.tencent === undefined ? defaultTencentDeps() : deps.tencent;
    if (!tencent) throw new Error("Tencent Meeting REST credentials are not configured (TENCENT_MEETING_APP_ID, SECRET_ID, SECRET_KEY, OPERATOR_ID)");
    return (ref) => reconcileTencentMeeting(db, tencent.client, ref, tencent.operatorUserid);
  }
  if (source === "zoom") {
    const zoom = deps.zoom === undefined ? defaultZoomDeps() : deps.zoom;
    if (!zoom) throw new Error("Zoom report API credentials are not configured (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET)");
    return (ref) => reconcileZoomMeeting(db, zoom.client, ref);
  }
  const wecom = deps.wecom === undefined ? defaultWecomDeps(db) : deps.wecom;
  if (!wecom) throw new Error("WeCom meeting API is not configured");
  return (ref) => reconcileWecomMeeting(db, wecom, ref);
}

export async function runReconcile(db: Db, args: ReconcileArgs, deps: ReconcileDeps = {}): Promise<typeof syncRuns.$inferSelect> {
  const now = deps.now ?? new Date();
  const lastDay = args.date ?? businessDate(now);
  const days = args.days ?? 1;
  const from = zonedTimeToUtc(addDays(lastDay, -(days - 1)), "00:00");
  const to = zonedTimeToUtc(addDays(lastDay, 1), "00:00");
  const [run] = await db
    .insert(syncRuns)
    .values({ source: args.source, kind: args.meetingId ? "reconcile_meeting" : "reconcile", windowStart: args.meetingId ? null : from, windowEnd: args.meetingId ? null : to })
    .returning();
  const errors: string[] = [];
  const differences: { meetingId: number; vendorMeetingId: string; added: number }[] = [];
  let added = 0;
  let participants = 0;
  let alreadyKnown = 0;
  let checked = 0;
  let total = 0;
  try {
    if (!(RECONCILE_SOURCES as readonly string[]).includes(args.source)) throw new Error(`${args.source} has no reconciliation`);
    const reconcile = reconcilerFor(db, args.source, deps);
    const list = await meetingsToCheck(db, args, from, to, now);
    total = list.length;
    for (const ref of list) {
      try {
        const r = await reconcile(ref);
        added += r.added;
        participants += r.participants;
        alreadyKnown += r.alreadyKnown;
        checked++;
        if (r.added > 0) differences.push({ meetingId: ref.id, vendorMeetingId: ref.vendorMeetingId, added: r.added });
      } catch (e) {
        errors.push(`meeting ${ref.id}: ${(e as Error).message}`.slice(0, 300));
      }
    }
  } catch (e) {
    errors.push((e as Error).message.slice(0, 300));
  }
  const status = errors.length === 0 ? "succeeded" : checked > 0 ? "partial" : "failed";
  // "Complete up to": the end of the window (never in the future) when every meeting in it was checked.
  const watermark = status === "succeeded" && !args.meetingId ? new Date(Math.min(to.getTime(), now.getTime())) : null;
  const [done] = await db
    .update(syncRuns)
    .set({
      status,
      added,
      errorCount: errors.length,
      errors: errors.slice(0, 50),
      details: { meetings: total, checked, participants, alreadyKnown, meetingId: args.meetingId ?? null, differences: differences.slice(0, 50) },
      watermark,
      finishedAt: sql`now()`,
    })
    .where(sql`${syncRuns.id} = ${run.id}`)
    .returning();
  log.info({ source: args.source, status, added, meetings: total, errors: errors.length }, "reconcile run finished");
  if (added > 0) {
    const { wakeLoop } = await import("@/lib/jobs/runtime").catch(() => ({ wakeLoop: undefined }));
    wakeLoop?.("ingest.inbox");
  }
  return done;
}

/** Nightly: the last `days` days (default 7) for every configured source, one sync_runs row each. */
export async function runNightlyReconcile(db: Db, opts: { days?: number; date?: string } = {}, deps: ReconcileDeps = {}): Promise<(typeof syncRuns.$inferSelect)[]> {
  const out: (typeof syncRuns.$inferSelect)[] = [];
  for (const source of RECONCILE_SOURCES) {
    const injected = source === "tencent_meeting" ? deps.tencent : source === "zoom" ? deps.zoom : deps.wecom;
    if (injected === null || (injected === undefined && !reconcileSourceConfigured(source))) continue;
    out.push(await runReconcile(db, { source, days: opts.days ?? 7, date: opts.date }, deps));
  }
  return out;
}

export interface SourceWatermark {
  source: ReconcileSource;
  configured: boolean;
  /** End of the newest stretch of time that successful window runs cover without a gap. */
  completeUpTo: string | null;
  /** Where that stretch begins: everything from here to `completeUpTo` was checked. */
  checkedFrom: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
}

/**
 * "Complete up to" per source and the latest run, for the console. Successful window runs are merged into
 * stretches of time without a gap (window_start → watermark); the newest stretch gives both ends. A later run that
 * leaves a day unchecked starts a new stretch, so the page never claims the gap was checked.
 */
export async function reconcileWatermarks(db: Db): Promise<SourceWatermark[]> {
  const res = (await db.execute(sql`
    WITH ok AS (
           SELECT source, window_start AS s, watermark AS e FROM sync_runs
            WHERE kind = 'reconcile' AND status = 'succeeded' AND window_start IS NOT NULL AND watermark IS NOT NULL),
         ordered AS (
           SELECT source, s, e, max(e) OVER (PARTITION BY source ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
             FROM ok),
         grouped AS (
           SELECT source, s, e, sum(CASE WHEN reach IS NULL OR s > reach THEN 1 ELSE 0 END) OVER (PARTITION BY source ORDER BY s, e) AS stretch
             FROM ordered),
         stretches AS (
           SELECT DISTINCT ON (source) source, min(s) AS checked_from, max(e) AS complete_up_to
             FROM grouped GROUP BY source, stretch ORDER BY source, max(e) DESC)
    SELECT s.source, st.complete_up_to, st.checked_from,
           (SELECT started_at FROM sync_runs l WHERE l.source = s.source AND l.kind LIKE 'reconcile%' ORDER BY id DESC LIMIT 1) AS last_run_at,
           (SELECT status FROM sync_runs l WHERE l.source = s.source AND l.kind LIKE 'reconcile%' ORDER BY id DESC LIMIT 1) AS last_status
      FROM (VALUES ('tencent_meeting', 1), ('zoom', 2), ('wecom', 3)) s(source, ord)
      LEFT JOIN stretches st ON st.source = s.source
     ORDER BY s.ord`)) as unknown as {
    rows: { source: ReconcileSource; complete_up_to: string | null; checked_from: string | null; last_run_at: string | null; last_status: string | null }[];
  };
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return res.rows.map((r) => ({
    source: r.source,
    configured: reconcileSourceConfigured(r.source),
    completeUpTo: iso(r.complete_up_to),
    checkedFrom: iso(r.checked_from),
    lastRunAt: iso(r.last_run_at),
    lastStatus: r.last_status,
  }));
}

export async function recentReconcileRuns(db: Db, limit = 20) {
  const res = (await db.execute(sql`
    SELECT id, source, kind, status, window_start, window_end, added, error_count, errors, details, watermark, started_at, finished_at
      FROM sync_runs WHERE kind LIKE 'reconcile%' ORDER BY id DESC LIMIT ${limit}`)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows;
}

export interface ReconcilableMeeting {
  id: number;
  source: ReconcileSource;
  title: string;
  startsAt: string;
}

/** Recent meetings (last `days` days, started already) that each source can be reconciled for: the console's meeting picker. */
export async function reconcilableMeetings(db: Db, days = 14, perSource = 30): Promise<ReconcilableMeeting[]> {
  const res = (await db.execute(sql`
    SELECT id, src AS source, title, starts_at
      FROM (SELECT m.id, m.title, m.starts_at, s.src,
                   row_number() OVER (PARTITION BY s.src ORDER BY m.starts_at DESC) AS n
              FROM meetings m
              CROSS JOIN LATERAL (SELECT CASE WHEN m.video_source IS NOT NULL AND m.video_meeting_id IS NOT NULL THEN m.video_source ELSE m.source END AS src) s
             WHERE m.status <> 'cancelled'
               AND s.src IN ('tencent_meeting', 'zoom', 'wecom')
               AND m.starts_at >= now() - make_interval(days => ${days})
               AND m.starts_at <= now()) x
     WHERE n <= ${perSource}
     ORDER BY source, starts_at DESC`)) as unknown as { rows: { id: number; source: ReconcileSource; title: string; starts_at: string | Date }[] };
  return res.rows.map((r) => ({ id: Number(r.id), source: r.source, title: r.title, startsAt: new Date(r.starts_at).toISOString() }));
}
