// Reconciliation against Zoom's participants report: every join/leave the report has that our inbox does not
// becomes an inbox event on the "pull" channel, shaped like the webhook it replaces (meeting-webhooks.md §3.4), so
// the same handler (lib/meetings/events.ts zoomPresence) processes it. Natural key: meeting + person + join/leave +
// vendor time, so a re-pull inserts nothing. A fact counts as known when any identifier of the person (participant
// user id, email, per-meeting user id) matches within the tolerance.
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { storeInboxEvents, type VerifiedEvent } from "@/lib/ingest/store";
import { ZoomApiError, type ZoomReportClient, type ZoomReportParticipant } from "@/lib/vendors/zoom/client";
import type { MeetingReconcileResult, VendorMeetingRef } from "./tencent";

/** Zoom's report and its webhooks may disagree by a little on the time of the same join. */
const MATCH_TOLERANCE_SECONDS = 120;

const JOINED = "meeting.participant_joined";
const LEFT = "meeting.participant_left";

function seconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor(t / 1000);
}

function ids(p: { participant_user_id?: string | null; email?: string | null; user_id?: string | null; participant_uuid?: string | null; id?: string | null }): string[] {
  return [p.participant_user_id, p.id, p.participant_uuid, p.user_id, p.email?.toLowerCase()].filter((v): v is string => !!v).map(String);
}

interface KnownFact {
  kind: string;
  ids: Set<string>;
  at: number;
}

async function knownFacts(db: Db, vendorMeetingId: string): Promise<KnownFact[]> {
  const res = (await db.execute(sql`
    SELECT e.event_type, e.payload->'payload'->'object'->'participant' AS participant
      FROM inbox_events e
     WHERE e.source = 'zoom'
       AND e.event_type IN (${JOINED}, ${LEFT})
       AND (e.payload->'payload'->'object'->>'id' = ${vendorMeetingId} OR e.payload->'payload'->'object'->>'uuid' = ${vendorMeetingId})`)) as unknown as {
    rows: { event_type: string; participant: Record<string, unknown> | string | null }[];
  };
  const out: KnownFact[] = [];
  for (const r of res.rows) {
    const p = ((typeof r.participant === "string" ? JSON.parse(r.participant) : r.participant) ?? {}) as Record<string, string | undefined>;
    const at = seconds(r.event_type === JOINED ? p.join_time : p.leave_time);
    const who = ids({ participant_user_id: p.participant_user_id, id: p.id, participant_uuid: p.participant_uuid, user_id: p.user_id != null ? String(p.user_id) : undefined, email: p.email });
    if (at === null || who.length === 0) continue;
    out.push({ kind: r.event_type, ids: new Set(who), at });
  }
  return out;
}

function reportIds(p: ZoomReportParticipant): string[] {
  return ids({ participant_user_id: p.participant_user_id, id: p.id, user_id: p.user_id, email: p.user_email });
}

function pulledEvent(ref: VendorMeetingRef, p: ZoomReportParticipant, kind: "joined" | "left", iso: string, atSeconds: number): VerifiedEvent {
  const eventType = kind === "joined" ? JOINED : LEFT;
  const who = reportIds(p)[0];
  const participant = {
    user_id: p.user_id || undefined,
    id: p.id || undefined,
    participant_user_id: p.participant_user_id || undefined,
    user_name: p.name || undefined,
    email: p.user_email || undefined,
    ...(kind === "joined" ? { join_time: iso } : { leave_time: iso }),
  };
  return {
    source: "zoom",
    channel: "pull",
    eventType,
    dedupeKey: `pull:${ref.vendorMeetingId}:${ref.occurrenceId}:${who}:${kind}:${atSeconds}`,
    raw: JSON.stringify(p),
    payload: {
      event: eventType,
      event_ts: atSeconds * 1000,
      channel: "pull",
      payload: { object: { id: ref.vendorMeetingId, topic: ref.title, participant } },
    },
  };
}

/** An ended instance this far from our start is taken to be this meeting's occurrence. */
const INSTANCE_MATCH_MS = 12 * 3600_000;

/**
 * Which report to read: for a meeting number with our schedule known, the UUID of the ended instance that started
 * nearest to it (the report for a number covers only the latest instance); otherwise the id as stored.
 */
async function reportIdFor(client: ZoomReportClient, ref: VendorMeetingRef): Promise<string> {
  if (!/^\d+$/.test(ref.vendorMeetingId) || !ref.startsAt) return ref.vendorMeetingId;
  let list: { uuid: string; start_time?: string }[];
  try {
    list = await client.pastInstances(ref.vendorMeetingId);
  } catch (e) {
    if (e instanceof ZoomApiError && e.status === 404) return ref.vendorMeetingId; // no ended instance listed
    throw e;
  }
  const want = ref.startsAt.getTime();
  const best = list
    .map((i) => ({ uuid: i.uuid, d: Math.abs((i.start_time ? Date.parse(i.start_time) : Number.NaN) - want) }))
    .filter((i) => Number.isFinite(i.d) && i.d <= INSTANCE_MATCH_MS)
    .sort((a, b) => a.d - b.d)[0];
  return best?.uuid ?? ref.vendorMeetingId;
}

export async function reconcileZoomMeeting(db: Db, client: ZoomReportClient, ref: VendorMeetingRef): Promise<MeetingReconcileResult> {
  const participants = await client.reportParticipants(await reportIdFor(client, ref));
  const known = await knownFacts(db, ref.vendorMeetingId);
  const near = (kind: string, who: string[], at: number) => known.some((k) => k.kind === kind && Math.abs(k.at - at) <= MATCH_TOLERANCE_SECONDS && who.some((w) => k.ids.has(w)));
  const missing: VerifiedEvent[] = [];
  let alreadyKnown = 0;
  for (const p of participants) {
    const who = reportIds(p);
    if (who.length === 0) continue;
    for (const [kind, iso] of [["joined", p.join_time], ["left", p.leave_time]] as const) {
      const at = seconds(iso);
      if (at === null || !iso) continue;
      if (near(kind === "joined" ? JOINED : LEFT, who, at)) alreadyKnown++;
      else missing.push(pulledEvent(ref, p, kind, iso, at));
    }
  }
  const added = await storeInboxEvents(db, missing);
  return { meetingId: ref.id, vendorMeetingId: ref.vendorMeetingId, participants: participants.length, alreadyKnown, added };
}
