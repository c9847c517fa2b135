// Reconciliation runs: for a meeting or a window of days, per source; each run is a sync_runs row with counts,
// errors and a "complete up to" watermark (the end of the window, when every meeting in it was checked).
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { syncRuns } from "@/db/schema";
import { appUrl, dingtalkSimulated, wecomSimulated } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { TM_SIM_REST } from "@/lib/vendors/sim/tencent-meeting-state";
import { tencentMeetingClient, type TencentMeetingClient } from "@/lib/vendors/tencent-meeting/client";
import { reconcileTencentMeeting, type VendorMeetingRef } from "./tencent";

export interface ReconcileArgs {
  source: "tencent_meeting" | "zoom";
  meetingId?: number;
  /** A business date (ORG_TIMEZONE); with `days`, the window is [date - days + 1, date]. Default: today. */
  date?: string;
  days?: number;
}

export interface ReconcileDeps {
  tencent?: { client: TencentMeetingClient; operatorUserid: string } | null;
  now?: Date;
}

/** The Tencent Meeting REST client: the simulator in simulator mode; real credentials are not configurable yet. */
export function defaultTencentDeps(): ReconcileDeps["tencent"] {
  if (!(wecomSimulated() && dingtalkSimulated())) return null;
  return {
    client: tencentMeetingClient({ baseUrl: `${appUrl()}/api/sim/tencent-meeting`, ...TM_SIM_REST }),
    operatorUserid: "qiandao-sim-admin",
  };
}

async function meetingsToCheck(db: Db, args: ReconcileArgs, from: Date, to: Date, now: Date): Promise<VendorMeetingRef[]> {
  const res = (await db.execute(sql`
    SELECT id, title, occurrence_id,
           coalesce(CASE WHEN video_source = ${args.source} THEN video_meeting_id END,
                    CASE WHEN source = ${args.source} THEN external_id END) AS vendor_id
      FROM meetings
     WHERE status <> 'cancelled'
       AND ((video_source = ${args.source} AND video_meeting_id IS NOT NULL) OR source = ${args.source})
       AND ${args.meetingId ? sql`id = ${args.meetingId}` : sql`starts_at >= ${from.toISOString()}::timestamptz AND starts_at < ${to.toISOString()}::timestamptz AND starts_at <= ${now.toISOString()}::timestamptz`}
     ORDER BY starts_at`)) as unknown as { rows: { id: number; title: string; occurrence_id: string; vendor_id: string | null }[] };
  return res.rows
    .filter((r) => r.vendor_id)
    .map((r) => ({ id: Number(r.id), title: r.title, occurrenceId: r.occurrence_id ?? "", vendorMeetingId: String(r.vendor_id) }));
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
  let added = 0;
  let participants = 0;
  let alreadyKnown = 0;
  let checked = 0;
  let total = 0;
  try {
    const tencent = deps.tencent === undefined ? defaultTencentDeps() : deps.tencent;
    if (args.source !== "tencent_meeting") throw new Error(`${args.source} reconciliation is not configured (no report API credentials)`);
    if (!tencent) throw new Error("Tencent Meeting REST credentials are not configured");
    const list = await meetingsToCheck(db, args, from, to, now);
    total = list.length;
    for (const ref of list) {
      try {
        const r = await reconcileTencentMeeting(db, tencent.client, ref, tencent.operatorUserid);
        added += r.added;
        participants += r.participants;
        alreadyKnown += r.alreadyKnown;
        checked++;
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
      details: { meetings: total, checked, participants, alreadyKnown, meetingId: args.meetingId ?? null },
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

export interface SourceWatermark {
  source: string;
  completeUpTo: string | null;
  lastRunAt: string | null;
  lastStatus: string | null;
}

/** Latest "complete up to" per source and the latest run, for the console. */
export async function reconcileWatermarks(db: Db): Promise<SourceWatermark[]> {
  const res = (await db.execute(sql`
    SELECT s.source,
           (SELECT max(watermark) FROM sync_runs w WHERE w.source = s.source AND w.kind = 'reconcile' AND w.status = 'succeeded') AS complete_up_to,
           (SELECT started_at FROM sync_runs l WHERE l.source = s.source AND l.kind LIKE 'reconcile%' ORDER BY id DESC LIMIT 1) AS last_run_at,
           (SELECT status FROM sync_runs l WHERE l.source = s.source AND l.kind LIKE 'reconcile%' ORDER BY id DESC LIMIT 1) AS last_status
      FROM (VALUES ('tencent_meeting'), ('zoom')) s(source)`)) as unknown as {
    rows: { source: string; complete_up_to: string | null; last_run_at: string | null; last_status: string | null }[];
  };
  const iso = (v: string | null) => (v ? new Date(v).toISOString() : null);
  return res.rows.map((r) => ({ source: r.source, completeUpTo: iso(r.complete_up_to), lastRunAt: iso(r.last_run_at), lastStatus: r.last_status }));
}

export async function recentReconcileRuns(db: Db, limit = 20) {
  const res = (await db.execute(sql`
    SELECT id, source, kind, status, window_start, window_end, added, error_count, errors, details, watermark, started_at, finished_at
      FROM sync_runs WHERE kind LIKE 'reconcile%' ORDER BY id DESC LIMIT ${limit}`)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows;
}
