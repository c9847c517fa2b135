// Reconciliation against Tencent Meeting's participants API (tm 42701): every join/leave the vendor knows of
// that our inbox does not, becomes an inbox event on the "pull" channel, shaped like the webhook it replaces,
// so the same handler processes it. Natural key: meeting + occurrence + person + join/leave + vendor time, so a
// re-pull inserts nothing.
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { storeInboxEvents, type VerifiedEvent } from "@/lib/ingest/store";
import { decodeTencentText, type TencentMeetingClient, type TencentParticipant } from "@/lib/vendors/tencent-meeting/client";

/** A webhook and the vendor's list may disagree by a little on the time of the same join. */
const MATCH_TOLERANCE_SECONDS = 120;

export interface VendorMeetingRef {
  id: number;
  vendorMeetingId: string;
  occurrenceId: string;
  title: string;
  /** Our schedule of the meeting (vendors that filter by time get a window around it). */
  startsAt?: Date;
  endsAt?: Date;
}

export interface MeetingReconcileResult {
  meetingId: number;
  vendorMeetingId: string;
  participants: number;
  alreadyKnown: number;
  added: number;
}

function toSeconds(v: string | number | undefined): number | null {
  if (v === undefined || v === "") return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) return null;
  return n > 1e12 ? Math.floor(n / 1000) : Math.floor(n);
}

function personKey(p: { userid?: string; uuid?: string; ms_open_id?: string }): string {
  return p.userid || p.uuid || p.ms_open_id || "";
}

/** Join/leave facts already in the inbox for this vendor meeting (any channel), keyed by person and kind. */
async function knownFacts(db: Db, vendorMeetingId: string): Promise<Map<string, number[]>> {
  const res = (await db.execute(sql`
    SELECT e.event_type, item->'operator' AS operator, item->>'operate_time' AS operate_time
      FROM inbox_events e, jsonb_array_elements(CASE WHEN jsonb_typeof(e.payload->'payload') = 'array' THEN e.payload->'payload' ELSE '[]'::jsonb END) item
     WHERE e.source = 'tencent_meeting'
       AND e.event_type IN ('meeting.participant-joined', 'meeting.participant-left')
       AND item->'meeting_info'->>'meeting_id' = ${vendorMeetingId}`)) as unknown as {
    rows: { event_type: string; operator: Record<string, string> | string | null; operate_time: string | null }[];
  };
  const out = new Map<string, number[]>();
  for (const r of res.rows) {
    const op = (typeof r.operator === "string" ? JSON.parse(r.operator) : r.operator) ?? {};
    const who = personKey(op);
    const at = toSeconds(r.operate_time ?? undefined);
    if (!who || at === null) continue;
    const k = `${who}|${r.event_type}`;
    out.set(k, [...(out.get(k) ?? []), at]);
  }
  return out;
}

function pulledEvent(
  ref: VendorMeetingRef,
  meeting: { meeting_code?: string; subject?: string; schedule_start_time?: string | number; schedule_end_time?: string | number },
  p: TencentParticipant,
  kind: "joined" | "left",
  atSeconds: number,
): VerifiedEvent {
  const who = personKey(p);
  const eventType = `meeting.participant-${kind}`;
  const payload = {
    event: eventType,
    channel: "pull",
    payload: [
      {
        operate_time: atSeconds * 1000,
        operator: {
          userid: p.userid || undefined,
          uuid: p.uuid || undefined,
          ms_open_id: p.ms_open_id,
          user_name: decodeTencentText(p.user_name),
          instance_id: p.instanceid === undefined ? undefined : String(p.instanceid),
        },
        meeting_info: {
          meeting_id: ref.vendorMeetingId,
          meeting_code: meeting.meeting_code,
          subject: decodeTencentText(meeting.subject) || ref.title,
          start_time: toSeconds(meeting.schedule_start_time) ?? undefined,
          end_time: toSeconds(meeting.schedule_end_time) ?? undefined,
          ...(ref.occurrenceId ? { sub_meeting_id: ref.occurrenceId } : {}),
        },
      },
    ],
  };
  return {
    source: "tencent_meeting",
    channel: "pull",
    eventType,
    dedupeKey: `pull:${ref.vendorMeetingId}:${ref.occurrenceId}:${who}:${kind}:${atSeconds}`,
    raw: JSON.stringify(p),
    payload,
  };
}

export async function reconcileTencentMeeting(db: Db, client: TencentMeetingClient, ref: VendorMeetingRef, operatorUserid: string): Promise<MeetingReconcileResult> {
  const { meeting, participants } = await client.allParticipants(ref.vendorMeetingId, {
    userid: operatorUserid,
    subMeetingId: ref.occurrenceId || undefined,
  });
  const known = await knownFacts(db, ref.vendorMeetingId);
  const near = (k: string, at: number) => (known.get(k) ?? []).some((t) => Math.abs(t - at) <= MATCH_TOLERANCE_SECONDS);
  const missing: VerifiedEvent[] = [];
  let alreadyKnown = 0;
  for (const p of participants) {
    const who = personKey(p);
    if (!who) continue;
    const joinAt = toSeconds(p.join_time);
    if (joinAt !== null) {
      if (near(`${who}|meeting.participant-joined`, joinAt)) alreadyKnown++;
      else missing.push(pulledEvent(ref, meeting, p, "joined", joinAt));
    }
    const leftAt = toSeconds(p.left_time);
    if (leftAt !== null) {
      if (near(`${who}|meeting.participant-left`, leftAt)) alreadyKnown++;
      else missing.push(pulledEvent(ref, meeting, p, "left", leftAt));
    }
  }
  const added = await storeInboxEvents(db, missing);
  return { meetingId: ref.id, vendorMeetingId: ref.vendorMeetingId, participants: participants.length, alreadyKnown, added };
}
