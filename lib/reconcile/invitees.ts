// Invitees of meetings that video platforms created: a meeting made from Tencent Meeting events (or a WeCom
// meeting) has no invitees of ours, so nobody could ever be absent from it. The vendor's list — Tencent Meeting
// GET /v1/meetings/{meeting_id}/invitees (tm 63648, https://cloud.tencent.com/document/product/1095/63648; only the
// creator may read it, so it is called as TENCENT_MEETING_OPERATOR_ID), WeCom meeting/get_info attendees.member
// (https://developer.work.weixin.qq.com/document/path/98149) — is pulled once after the start and once after the
// end, and stored as a "pull" inbox event; its handler (lib/meetings/vendor-invitees.ts) maps the people through
// the identity ledger, adds them as invitees and recomputes the meeting, so the non-joiners become absent.
// Natural key: meeting + the list's content, so an unchanged list stores nothing. Every pull is a sync_runs row
// (kind "invitees"): the loop's watermark, and visible with the other vendor runs.
import "server-only";
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { syncRuns } from "@/db/schema";
import { storeInboxEvent } from "@/lib/ingest/store";
import { log } from "@/lib/observability/log";
import type { TencentMeetingClient } from "@/lib/vendors/tencent-meeting/client";
import { wecomClient } from "@/lib/vendors/wecom/client";
import { wecomMeetingMembers } from "@/lib/vendors/wecom/meeting";
import { defaultTencentDeps, reconcileSourceConfigured } from "./run";

export type InviteeSource = "tencent_meeting" | "wecom";

export interface VendorInvitee {
  userid: string;
  name: string;
}

export interface InviteeDeps {
  tencent?: { client: TencentMeetingClient; operatorUserid: string } | null;
  wecom?: { members(q: { meetingId: string; subMeetingId?: string }): Promise<{ userid: string }[]> } | null;
}

export interface VendorMeetingOfOurs {
  id: number;
  source: InviteeSource;
  vendorMeetingId: string;
  occurrenceId: string;
}

/** The vendor meeting behind one of our meetings, when its vendor has an invitee list (Tencent Meeting, WeCom). */
export async function vendorRefOf(db: Db, meetingId: number): Promise<VendorMeetingOfOurs | null> {
  const res = (await db.execute(sql`
    SELECT id, occurrence_id,
           CASE WHEN video_source IS NOT NULL AND video_meeting_id IS NOT NULL THEN video_source ELSE source END AS src,
           CASE WHEN video_source IS NOT NULL AND video_meeting_id IS NOT NULL THEN video_meeting_id ELSE external_id END AS vendor_id
      FROM meetings WHERE id = ${meetingId}`)) as unknown as { rows: { id: number; occurrence_id: string; src: string; vendor_id: string }[] };
  const r = res.rows[0];
  if (!r || (r.src !== "tencent_meeting" && r.src !== "wecom")) return null;
  return { id: Number(r.id), source: r.src, vendorMeetingId: String(r.vendor_id), occurrenceId: r.occurrence_id ?? "" };
}

function resolveDeps(source: InviteeSource, deps: InviteeDeps, db: Db): InviteeDeps {
  if (source === "tencent_meeting") return { tencent: deps.tencent === undefined ? defaultTencentDeps() : deps.tencent };
  if (deps.wecom !== undefined) return { wecom: deps.wecom };
  const client = wecomClient(db);
  return { wecom: { members: (q) => wecomMeetingMembers(client, q) } };
}

/** Whether the vendor's invitee list can be read with the current configuration. */
export function inviteeSourceConfigured(source: InviteeSource, deps: InviteeDeps = {}): boolean {
  if (source === "tencent_meeting") return deps.tencent !== undefined ? deps.tencent !== null : reconcileSourceConfigured("tencent_meeting");
  return deps.wecom !== undefined ? deps.wecom !== null : reconcileSourceConfigured("wecom");
}

/** The vendor's invitee list of a meeting (throws the vendor's error; null when the vendor has no list for it). */
export async function fetchVendorInvitees(db: Db, ref: VendorMeetingOfOurs, deps: InviteeDeps = {}): Promise<VendorInvitee[]> {
  const d = resolveDeps(ref.source, deps, db);
  if (ref.source === "tencent_meeting") {
    if (!d.tencent) throw new Error("Tencent Meeting REST credentials are not configured (TENCENT_MEETING_APP_ID, SECRET_ID, SECRET_KEY, OPERATOR_ID)");
    const list = await d.tencent.client.allInvitees(ref.vendorMeetingId, { userid: d.tencent.operatorUserid });
    return dedupe(list.map((i) => ({ userid: i.userid, name: i.nick_name || i.userid })));
  }
  if (!d.wecom) throw new Error("WeCom meeting API is not configured");
  const list = await d.wecom.members({ meetingId: ref.vendorMeetingId, subMeetingId: ref.occurrenceId || undefined });
  return dedupe(list.map((m) => ({ userid: m.userid, name: m.userid })));
}

function dedupe(list: VendorInvitee[]): VendorInvitee[] {
  const seen = new Set<string>();
  return list.filter((i) => i.userid && !seen.has(i.userid) && seen.add(i.userid));
}

export const INVITEES_EVENT = "meeting.invitees";

/** Pull one meeting's invitees into the inbox. Returns how many the vendor listed and whether the list was new. */
export async function pullVendorInvitees(db: Db, meetingId: number, deps: InviteeDeps = {}): Promise<{ invitees: number; stored: boolean; runId: number }> {
  const ref = await vendorRefOf(db, meetingId);
  const [run] = await db
    .insert(syncRuns)
    .values({ source: ref?.source ?? "unknown", kind: "invitees", details: { meetingId } })
    .returning({ id: syncRuns.id });
  try {
    if (!ref) throw new Error(`meeting ${meetingId} has no Tencent Meeting or WeCom meeting behind it`);
    const list = await fetchVendorInvitees(db, ref, deps);
    const fingerprint = createHash("sha256").update(list.map((i) => i.userid).sort().join("\n")).digest("hex").slice(0, 32);
    const { duplicate } = await storeInboxEvent(db, {
      source: ref.source,
      channel: "pull",
      eventType: INVITEES_EVENT,
      dedupeKey: `pull:invitees:${ref.id}:${ref.vendorMeetingId}:${ref.occurrenceId}:${fingerprint}`,
      raw: JSON.stringify(list),
      payload: { app_meeting_id: ref.id, meeting_id: ref.vendorMeetingId, sub_meeting_id: ref.occurrenceId, channel: "pull", invitees: list.map((i) => ({ userid: i.userid, nick_name: i.name })) },
    });
    await db
      .update(syncRuns)
      .set({ status: "succeeded", added: duplicate ? 0 : 1, details: { meetingId, invitees: list.length, newList: !duplicate }, finishedAt: sql`now()` })
      .where(sql`${syncRuns.id} = ${run.id}`);
    if (!duplicate) {
      const { wakeLoop } = await import("@/lib/jobs/runtime").catch(() => ({ wakeLoop: undefined }));
      wakeLoop?.("ingest.inbox");
    }
    return { invitees: list.length, stored: !duplicate, runId: run.id };
  } catch (e) {
    const message = (e as Error).message.slice(0, 300);
    await db
      .update(syncRuns)
      .set({ status: "failed", errorCount: 1, errors: [message], finishedAt: sql`now()` })
      .where(sql`${syncRuns.id} = ${run.id}`);
    throw e;
  }
}

/**
 * Meetings created by Tencent Meeting or WeCom whose invitees are due: once after the start, once more after the
 * end (the list may change while it runs), up to two days after the end. A failed pull waits 10 minutes, and a
 * meeting is given up after 5 failures (the console shows the runs; the organiser can still adopt by hand).
 */
export async function meetingsDueForInvitees(db: Db, now: Date, sources: InviteeSource[], limit = 10): Promise<number[]> {
  if (sources.length === 0) return [];
  const res = (await db.execute(sql`
    SELECT m.id FROM meetings m
     WHERE m.source IN (${sql.join(sources.map((s) => sql`${s}`), sql`, `)})
       AND m.status <> 'cancelled'
       AND m.starts_at <= ${now.toISOString()}::timestamptz
       AND m.ends_at >= ${now.toISOString()}::timestamptz - interval '2 days'
       AND NOT EXISTS (SELECT 1 FROM sync_runs r
                        WHERE r.kind = 'invitees' AND r.status = 'succeeded' AND (r.details->>'meetingId')::bigint = m.id
                          AND r.started_at >= CASE WHEN m.ends_at <= ${now.toISOString()}::timestamptz THEN m.ends_at ELSE m.starts_at END)
       AND NOT EXISTS (SELECT 1 FROM sync_runs r
                        WHERE r.kind = 'invitees' AND (r.details->>'meetingId')::bigint = m.id
                          AND r.started_at > ${now.toISOString()}::timestamptz - interval '10 minutes')
       AND (SELECT count(*) FROM sync_runs r
             WHERE r.kind = 'invitees' AND r.status = 'failed' AND (r.details->>'meetingId')::bigint = m.id) < 5
     ORDER BY m.ends_at
     LIMIT ${limit}`)) as unknown as { rows: { id: number }[] };
  return res.rows.map((r) => Number(r.id));
}

/** The loop's tick: pull every due meeting whose vendor is configured. Returns the pulls that succeeded. */
export async function pullDueInvitees(db: Db, now = new Date(), deps: InviteeDeps = {}): Promise<number> {
  let done = 0;
  const sources = (["tencent_meeting", "wecom"] as const).filter((s) => inviteeSourceConfigured(s, deps));
  for (const id of await meetingsDueForInvitees(db, now, sources)) {
    const ref = await vendorRefOf(db, id);
    if (!ref) continue;
    try {
      await pullVendorInvitees(db, id, deps);
      done++;
    } catch (e) {
      log.warn({ meetingId: id, source: ref.source, err: (e as Error).message.slice(0, 200) }, "invitee pull failed");
    }
  }
  return done;
}
