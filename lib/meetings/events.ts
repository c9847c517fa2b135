// Meeting event handlers (video-meeting joins/leaves, lifecycle), keyed "<source>:<eventType>".
// The inbox dispatcher (lib/ingest) looks handlers up here; each runs inside the transaction that marks the
// inbox row handled. People not in the identity ledger are parked (never matched by name) and listed to claim.
import "server-only";
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { employees, identities, meetings, unmatchedParticipants } from "@/db/schema";
import type { EventHandler, HandlerResult, InboxEvent } from "@/lib/ingest/types";
import { businessDate } from "@/lib/time";
import { wecomConfig } from "@/lib/vendors/config";
import { recordPresence, type MeetingRow } from "./mutations";

type VideoSource = "tencent_meeting" | "zoom" | "agora" | "wecom";

interface Participant {
  /** Stable vendor key of the participant (used in park keys and session keys). */
  key: string;
  userid?: string | null;
  email?: string | null;
  phone?: string | null;
  displayName?: string | null;
}

/** Resolve a participant through the identity ledger only (vendor id, then an exact unique email/phone). */
export async function resolveParticipant(db: Db, source: VideoSource, p: Participant): Promise<number | null> {
  const providers: { provider: "tencent_meeting" | "zoom" | "agora" | "wecom"; corpId: string | null; id: string }[] = [];
  if (p.userid) {
    providers.push({ provider: source, corpId: null, id: p.userid });
    // Tencent Meeting's `userid` is the enterprise account id: for companies signing in to Tencent Meeting
    // through WeCom it is the WeCom userid (tencent-meeting.md §2: "userid is returned only for users of the same corp").
    if (source === "tencent_meeting") providers.push({ provider: "wecom", corpId: wecomConfig().corpId, id: p.userid });
  }
  for (const c of providers) {
    const r = await db
      .select({ employeeId: identities.employeeId })
      .from(identities)
      .innerJoin(employees, eq(employees.id, identities.employeeId))
      .where(
        and(
          eq(identities.provider, c.provider),
          eq(identities.externalId, c.id),
          c.corpId === null ? sql`true` : eq(identities.corpId, c.corpId),
          eq(employees.status, "active"),
        ),
      )
      .limit(2);
    if (r.length === 1) return r[0].employeeId;
  }
  for (const [col, v] of [
    [employees.email, p.email?.trim().toLowerCase()],
    [employees.mobile, p.phone?.replace(/^\+?86/, "").replace(/\D/g, "")],
  ] as const) {
    if (!v) continue;
    const r = await db
      .select({ id: employees.id })
      .from(employees)
      .where(and(sql`lower(${col}) = ${v}`, eq(employees.status, "active")))
      .limit(2);
    if (r.length === 1) return r[0].id;
  }
  return null;
}

export function parkKeyFor(source: VideoSource, p: Participant): string {
  return `${source}::${p.key}`;
}

async function park(db: Db, source: VideoSource, p: Participant, m: MeetingRow | null, at: Date): Promise<HandlerResult> {
  const parkKey = parkKeyFor(source, p);
  await db
    .insert(unmatchedParticipants)
    .values({
      source,
      externalUserId: p.key,
      displayName: p.displayName ?? null,
      email: p.email ?? null,
      phone: p.phone ?? null,
      meetingId: m?.id ?? null,
      parkKey,
      firstSeenAt: at,
      lastSeenAt: at,
      details: { userid: p.userid ?? null },
    })
    .onConflictDoUpdate({
      target: [unmatchedParticipants.source, unmatchedParticipants.externalUserId, unmatchedParticipants.meetingId],
      set: { lastSeenAt: sql`greatest(${unmatchedParticipants.lastSeenAt}, excluded.last_seen_at)` },
    });
  return { outcome: "parked", reason: `participant ${source}:${p.key} is not in the identity ledger`, parkKey };
}

/** Find the meeting an event belongs to: an app meeting linked to the video meeting, else the vendor's own row. */
async function findMeeting(db: Db, source: VideoSource, meetingId: string, occurrenceId: string, at: Date): Promise<MeetingRow | null> {
  const linked = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.videoSource, source), eq(meetings.videoMeetingId, meetingId), sql`${meetings.status} <> 'cancelled'`))
    .orderBy(asc(sql`abs(extract(epoch from ${meetings.startsAt} - ${at.toISOString()}::timestamptz))`))
    .limit(1);
  if (linked[0]) return linked[0];
  const [own] = await db
    .select()
    .from(meetings)
    .where(and(eq(meetings.source, source), eq(meetings.externalId, meetingId), eq(meetings.occurrenceId, occurrenceId)));
  return own ?? null;
}

async function upsertVendorMeeting(
  db: Db,
  source: VideoSource,
  v: { meetingId: string; occurrenceId: string; title: string; startsAt: Date; endsAt: Date; organizerId?: number | null; status?: "scheduled" | "started" | "ended" },
): Promise<MeetingRow> {
  const [row] = await db
    .insert(meetings)
    .values({
      source,
      externalId: v.meetingId,
      occurrenceId: v.occurrenceId,
      title: v.title,
      organizerId: v.organizerId ?? null,
      startsAt: v.startsAt,
      endsAt: v.endsAt,
      businessDate: businessDate(v.startsAt),
      inviteOnly: false,
      status: v.status ?? "scheduled",
    })
    .onConflictDoUpdate({
      target: [meetings.source, meetings.externalId, meetings.occurrenceId],
      set: {
        title: v.title,
        startsAt: v.startsAt,
        endsAt: v.endsAt,
        businessDate: businessDate(v.startsAt),
        ...(v.status ? { status: v.status } : {}),
        updatedAt: new Date(),
      },
    })
    .returning();
  return row;
}

/* ---------- Tencent Meeting ---------- */

const tmUser = z.object({
  userid: z.string().optional().nullable(),
  uuid: z.string().optional().nullable(),
  open_id: z.string().optional().nullable(),
  ms_open_id: z.string().optional().nullable(),
  user_name: z.string().optional().nullable(),
  instance_id: z.union([z.string(), z.number()]).optional().nullable(),
  pstn_number: z.string().optional().nullable(),
});
const tmItem = z.object({
  operate_time: z.union([z.number(), z.string()]).optional(),
  operator: tmUser.optional(),
  meeting_info: z.object({
    meeting_id: z.union([z.string(), z.number()]).transform(String),
    meeting_code: z.union([z.string(), z.number()]).optional().nullable(),
    sub_meeting_id: z.union([z.string(), z.number()]).optional().nullable(),
    subject: z.string().optional().nullable(),
    start_time: z.union([z.number(), z.string()]).optional().nullable(),
    end_time: z.union([z.number(), z.string()]).optional().nullable(),
    creator: tmUser.optional().nullable(),
  }),
});
const tmEnvelope = z.object({ event: z.string(), trace_id: z.string().optional(), payload: z.array(tmItem) });

/** Tencent times: ms numbers, second numbers or old-format "YYYY-MM-DD HH:mm:ss" strings (tencent-meeting.md §2). */
export function tencentTime(v: number | string | null | undefined): Date | null {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "string" && /^\d+$/.test(v)) v = Number(v);
  if (typeof v === "number") return new Date(v < 1e12 ? v * 1000 : v);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(v);
  if (m) return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`); // Tencent's old format is Beijing time
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const TM_DEVICE: Record<string, string> = {
  "0": "PSTN", "1": "PC", "2": "Mac", "3": "Android", "4": "iOS", "5": "Web", "6": "iPad", "7": "Android Pad", "8": "小程序", "9": "VoIP/SIP", "10": "Linux",
};

function tmParticipant(u: z.infer<typeof tmUser> | undefined): Participant | null {
  if (!u) return null;
  const key = u.userid || u.uuid || u.ms_open_id || u.open_id || u.pstn_number;
  if (!key) return null;
  return { key, userid: u.userid ?? null, phone: u.pstn_number ?? null, displayName: u.user_name ?? null };
}

function tencentPresence(action: "join" | "leave"): EventHandler {
  return async ({ db, event }) => {
    const env = tmEnvelope.safeParse(event.payload);
    if (!env.success) return { outcome: "ignored", reason: "payload does not match the Tencent Meeting participant event" };
    let result: HandlerResult = { outcome: "ignored", reason: "no participants" };
    for (const item of env.data.payload) {
      const at = tencentTime(item.operate_time) ?? event.receivedAt;
      const mi = item.meeting_info;
      const occ = mi.sub_meeting_id ? String(mi.sub_meeting_id) : "";
      let m = await findMeeting(db, "tencent_meeting", mi.meeting_id, occ, at);
      if (!m) {
        const startsAt = tencentTime(mi.start_time) ?? at;
        const endsAt = tencentTime(mi.end_time) ?? new Date(startsAt.getTime() + 3600_000);
        m = await upsertVendorMeeting(db, "tencent_meeting", {
          meetingId: mi.meeting_id, occurrenceId: occ, title: mi.subject || `腾讯会议 ${mi.meeting_code ?? mi.meeting_id}`, startsAt, endsAt, status: "started",
        });
      }
      const p = tmParticipant(item.operator);
      if (!p) continue;
      const employeeId = await resolveParticipant(db, "tencent_meeting", p);
      if (!employeeId) {
        result = await park(db, "tencent_meeting", p, m, at);
        continue;
      }
      const instance = item.operator?.instance_id == null ? null : String(item.operator.instance_id);
      await recordPresence(db, m, employeeId, {
        source: "tencent_meeting",
        participantKey: p.key,
        action,
        at,
        device: instance ? (TM_DEVICE[instance] ?? `instance ${instance}`) : null,
        sourceEvent: `inbox:${event.id}`,
      });
      if (result.outcome !== "parked") result = { outcome: "handled", effects: { meetingId: m.id, employeeId, action } };
    }
    return result;
  };
}

const tencentLifecycle =
  (status: "scheduled" | "started" | "ended"): EventHandler =>
  async ({ db, event }) => {
    const env = tmEnvelope.safeParse(event.payload);
    if (!env.success) return { outcome: "ignored", reason: "payload does not match the Tencent Meeting lifecycle event" };
    const ids: number[] = [];
    for (const item of env.data.payload) {
      const mi = item.meeting_info;
      const occ = mi.sub_meeting_id ? String(mi.sub_meeting_id) : "";
      const at = tencentTime(item.operate_time) ?? event.receivedAt;
      const linked = await findMeeting(db, "tencent_meeting", mi.meeting_id, occ, at);
      if (linked && linked.source === "local") {
        ids.push(linked.id);
        continue; // an app meeting keeps its own schedule
      }
      const startsAt = tencentTime(mi.start_time) ?? at;
      const endsAt = tencentTime(mi.end_time) ?? new Date(startsAt.getTime() + 3600_000);
      const creator = tmParticipant(item.meeting_info.creator ?? undefined);
      const organizerId = creator ? await resolveParticipant(db, "tencent_meeting", creator) : null;
      const m = await upsertVendorMeeting(db, "tencent_meeting", {
        meetingId: mi.meeting_id, occurrenceId: occ, title: mi.subject || `腾讯会议 ${mi.meeting_code ?? mi.meeting_id}`, startsAt, endsAt, organizerId, status,
      });
      ids.push(m.id);
    }
    return { outcome: "handled", effects: { meetingIds: ids } };
  };

/* ---------- Zoom ---------- */

const zoomBody = z.object({
  event: z.string(),
  event_ts: z.number().optional(),
  payload: z.object({
    object: z.object({
      id: z.union([z.string(), z.number()]).transform(String).optional(),
      uuid: z.string().optional(),
      topic: z.string().optional(),
      start_time: z.string().optional(),
      duration: z.number().optional(),
      participant: z.object({
        user_id: z.union([z.string(), z.number()]).transform(String).optional(),
        participant_uuid: z.string().optional(),
        participant_user_id: z.string().optional(),
        user_name: z.string().optional(),
        email: z.string().optional(),
        phone_number: z.string().optional(),
        join_time: z.string().optional(),
        leave_time: z.string().optional(),
      }),
    }),
  }),
});

function zoomPresence(action: "join" | "leave"): EventHandler {
  return async ({ db, event }) => {
    const b = zoomBody.safeParse(event.payload);
    if (!b.success) return { outcome: "ignored", reason: "payload does not match the Zoom participant event" };
    const o = b.data.payload.object;
    const meetingId = o.id ?? o.uuid;
    if (!meetingId) return { outcome: "ignored", reason: "no meeting id" };
    const part = o.participant;
    const at = new Date((action === "join" ? part.join_time : part.leave_time) ?? b.data.event_ts ?? event.receivedAt);
    let m = await findMeeting(db, "zoom", meetingId, "", at);
    if (!m) {
      const startsAt = o.start_time ? new Date(o.start_time) : at;
      m = await upsertVendorMeeting(db, "zoom", {
        meetingId, occurrenceId: "", title: o.topic || `Zoom ${meetingId}`, startsAt, endsAt: new Date(startsAt.getTime() + (o.duration ?? 60) * 60_000), status: "started",
      });
    }
    const key = part.participant_user_id || part.email || part.user_id || part.participant_uuid;
    if (!key) return { outcome: "ignored", reason: "no participant key" };
    const p: Participant = { key, userid: part.participant_user_id ?? null, email: part.email ?? null, phone: part.phone_number ?? null, displayName: part.user_name ?? null };
    const employeeId = await resolveParticipant(db, "zoom", p);
    if (!employeeId) return park(db, "zoom", p, m, at);
    await recordPresence(db, m, employeeId, { source: "zoom", participantKey: key, action, at, device: null, sourceEvent: `inbox:${event.id}` });
    return { outcome: "handled", effects: { meetingId: m.id, employeeId, action } };
  };
}

/* ---------- Agora NCS ---------- */

const agoraBody = z.object({
  noticeId: z.string().optional(),
  eventType: z.number(),
  payload: z.object({ channelName: z.string(), uid: z.union([z.number(), z.string()]).transform(String), platform: z.number().optional(), clientType: z.number().optional(), ts: z.number() }),
});
const AGORA_PLATFORM: Record<number, string> = { 1: "Android", 2: "iOS", 5: "Windows", 6: "Linux", 7: "Web", 8: "macOS" };

function agoraPresence(action: "join" | "leave"): EventHandler {
  return async ({ db, event }) => {
    const b = agoraBody.safeParse(event.payload);
    if (!b.success) return { outcome: "ignored", reason: "payload does not match the Agora NCS channel event" };
    const p = b.data.payload;
    if (p.channelName === "test_webhook") return { outcome: "ignored", reason: "Agora NCS health test" };
    if (p.platform === 6 && (p.clientType === 3 || p.clientType === 10)) return { outcome: "ignored", reason: "recording bot" };
    const at = new Date(p.ts * 1000); // NCS ts is in seconds (meeting-webhooks.md §4.4)
    const m = await findMeeting(db, "agora", p.channelName, "", at);
    if (!m) return { outcome: "ignored", reason: `no meeting linked to channel ${p.channelName}` };
    const part: Participant = { key: p.uid, userid: p.uid };
    const employeeId = await resolveParticipant(db, "agora", part);
    if (!employeeId) return park(db, "agora", part, m, at);
    await recordPresence(db, m, employeeId, { source: "agora", participantKey: p.uid, action, at, device: p.platform != null ? (AGORA_PLATFORM[p.platform] ?? "other") : null, sourceEvent: `inbox:${event.id}` });
    return { outcome: "handled", effects: { meetingId: m.id, employeeId, action } };
  };
}

/* ---------- WeCom meeting_change ---------- */

const wecomMeeting = z.object({ MeetingId: z.string(), FromUserName: z.string().optional(), CreateTime: z.string().optional(), ChangeType: z.string().optional() });

function wecomMeetingPresence(action: "join" | "leave"): EventHandler {
  return async ({ db, event }) => {
    const b = wecomMeeting.safeParse(event.payload);
    if (!b.success || !b.data.FromUserName || b.data.FromUserName === "sys") return { outcome: "ignored", reason: "no member in the meeting_change event" };
    const at = b.data.CreateTime ? new Date(Number(b.data.CreateTime) * 1000) : event.receivedAt;
    const m = await findMeeting(db, "wecom", b.data.MeetingId, "", at);
    if (!m) return { outcome: "ignored", reason: `no meeting for WeCom meeting ${b.data.MeetingId}` };
    const part: Participant = { key: b.data.FromUserName, userid: b.data.FromUserName };
    const r = await db
      .select({ employeeId: identities.employeeId })
      .from(identities)
      .where(and(eq(identities.provider, "wecom"), eq(identities.corpId, wecomConfig().corpId), eq(identities.externalId, part.key)));
    if (r.length !== 1) return park(db, "wecom", part, m, at);
    await recordPresence(db, m, r[0].employeeId, { source: "wecom", participantKey: part.key, action, at, sourceEvent: `inbox:${event.id}` });
    return { outcome: "handled", effects: { meetingId: m.id, employeeId: r[0].employeeId, action } };
  };
}

const wecomMeetingLifecycle: EventHandler = async ({ db, event }) => {
  const b = wecomMeeting.safeParse(event.payload);
  if (!b.success) return { outcome: "ignored", reason: "bad meeting_change payload" };
  const at = b.data.CreateTime ? new Date(Number(b.data.CreateTime) * 1000) : event.receivedAt;
  const m = await findMeeting(db, "wecom", b.data.MeetingId, "", at);
  if (!m) return { outcome: "ignored", reason: "meeting unknown (WeCom only reports meetings created through the API)" };
  const status = b.data.ChangeType === "meeting_end" ? "ended" : "started";
  if (m.source !== "local") await db.update(meetings).set({ status, updatedAt: new Date() }).where(eq(meetings.id, m.id));
  return { outcome: "handled", effects: { meetingId: m.id, status } };
};

export type { InboxEvent };

export const meetingEventHandlers: Record<string, EventHandler> = {
  "tencent_meeting:meeting.participant-joined": tencentPresence("join"),
  "tencent_meeting:meeting.participant-left": tencentPresence("leave"),
  "tencent_meeting:meeting.created": tencentLifecycle("scheduled"),
  "tencent_meeting:meeting.updated": tencentLifecycle("scheduled"),
  "tencent_meeting:meeting.started": tencentLifecycle("started"),
  "tencent_meeting:meeting.end": tencentLifecycle("ended"),
  "zoom:meeting.participant_joined": zoomPresence("join"),
  "zoom:meeting.participant_left": zoomPresence("leave"),
  "agora:1.103": agoraPresence("join"),
  "agora:1.105": agoraPresence("join"),
  "agora:1.107": agoraPresence("join"),
  "agora:1.104": agoraPresence("leave"),
  "agora:1.106": agoraPresence("leave"),
  "agora:1.108": agoraPresence("leave"),
  "wecom:meeting_change.join_meeting": wecomMeetingPresence("join"),
  "wecom:meeting_change.quit_meeting": wecomMeetingPresence("leave"),
  "wecom:meeting_change.meeting_start": wecomMeetingLifecycle,
  "wecom:meeting_change.meeting_end": wecomMeetingLifecycle,
  // Pulled vendor invitee lists (lib/reconcile/invitees.ts); loaded lazily: adopt.ts imports this module.
  "tencent_meeting:meeting.invitees": (ctx) => import("./adopt").then((a) => a.vendorInviteesHandler("tencent_meeting")(ctx)),
  "wecom:meeting.invitees": (ctx) => import("./adopt").then((a) => a.vendorInviteesHandler("wecom")(ctx)),
};
