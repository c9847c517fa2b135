// Reconciliation against WeCom's meeting attendee list (get_attendee_list, doc path/98156): every join/quit it has
// that our inbox does not becomes an inbox event on the "pull" channel, shaped like the decrypted meeting_change
// callback it replaces (tencent-meeting.md §4.1: MeetingId, FromUserName, CreateTime, ChangeType), so the same
// handler (lib/meetings/events.ts wecomMeetingPresence) processes it. Natural key: meeting + occurrence + userid +
// join/quit + vendor time, so a re-pull inserts nothing. Attendees outside the corp (no userid, only a tmp_openid)
// are counted but not pulled: the callback handler can only resolve members.
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { storeInboxEvents, type VerifiedEvent } from "@/lib/ingest/store";
import type { WecomMeetingAttendee } from "@/lib/vendors/wecom/meeting";
import type { MeetingReconcileResult, VendorMeetingRef } from "./tencent";

/** The callback's CreateTime and the list's join_time may differ by a little for the same join. */
const MATCH_TOLERANCE_SECONDS = 120;
const JOIN = "meeting_change.join_meeting";
const QUIT = "meeting_change.quit_meeting";

export interface WecomAttendeeSource {
  corpId: string;
  attendees(ref: VendorMeetingRef): Promise<WecomMeetingAttendee[]>;
}

function seconds(v: string | undefined): number | null {
  if (!v) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) return null;
  return n > 1e12 ? Math.floor(n / 1000) : Math.floor(n);
}

async function knownFacts(db: Db, meetingId: string): Promise<Map<string, number[]>> {
  const res = (await db.execute(sql`
    SELECT event_type, payload->>'FromUserName' AS userid, payload->>'CreateTime' AS at
      FROM inbox_events
     WHERE source = 'wecom' AND event_type IN (${JOIN}, ${QUIT}) AND payload->>'MeetingId' = ${meetingId}`)) as unknown as {
    rows: { event_type: string; userid: string | null; at: string | null }[];
  };
  const out = new Map<string, number[]>();
  for (const r of res.rows) {
    const at = seconds(r.at ?? undefined);
    if (!r.userid || at === null) continue;
    const k = `${r.userid}|${r.event_type}`;
    out.set(k, [...(out.get(k) ?? []), at]);
  }
  return out;
}

function pulledEvent(ref: VendorMeetingRef, corpId: string, userid: string, kind: "join_meeting" | "quit_meeting", at: number, raw: WecomMeetingAttendee): VerifiedEvent {
  return {
    source: "wecom",
    channel: "pull",
    eventType: `meeting_change.${kind}`,
    dedupeKey: `pull:meeting:${ref.vendorMeetingId}:${ref.occurrenceId}:${userid}:${kind}:${at}`,
    raw: JSON.stringify(raw),
    payload: { ToUserName: corpId, FromUserName: userid, CreateTime: String(at), MsgType: "event", Event: "meeting_change", ChangeType: kind, MeetingId: ref.vendorMeetingId, Channel: "pull" },
  };
}

export async function reconcileWecomMeeting(db: Db, source: WecomAttendeeSource, ref: VendorMeetingRef): Promise<MeetingReconcileResult & { external: number }> {
  const attendees = await source.attendees(ref);
  const known = await knownFacts(db, ref.vendorMeetingId);
  const near = (k: string, at: number) => (known.get(k) ?? []).some((t) => Math.abs(t - at) <= MATCH_TOLERANCE_SECONDS);
  const missing: VerifiedEvent[] = [];
  let alreadyKnown = 0;
  let external = 0;
  for (const a of attendees) {
    if (!a.userid) {
      external++;
      continue;
    }
    for (const [kind, v] of [["join_meeting", a.join_time], ["quit_meeting", a.quit_time]] as const) {
      const at = seconds(v);
      if (at === null) continue;
      if (near(`${a.userid}|meeting_change.${kind}`, at)) alreadyKnown++;
      else missing.push(pulledEvent(ref, source.corpId, a.userid, kind, at, a));
    }
  }
  const added = await storeInboxEvents(db, missing);
  return { meetingId: ref.id, vendorMeetingId: ref.vendorMeetingId, participants: attendees.length, alreadyKnown, added, external };
}
