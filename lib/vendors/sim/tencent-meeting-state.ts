// Simulator state for Tencent Meeting: the participants of each meeting, recorded from the participant events
// the simulator sends (joined → a new participation; left → closes the open one). The REST simulator
// (app/api/sim/tencent-meeting) answers the participants API from it. Per process, in memory.
import { SIM } from "@/lib/vendors/config";

/** The simulator's REST credentials (public, demo only). */
export const TM_SIM_REST = {
  appId: SIM.tencentMeeting.rest.appId,
  sdkId: SIM.tencentMeeting.rest.sdkId,
  secretId: SIM.tencentMeeting.rest.secretId,
  secretKey: SIM.tencentMeeting.rest.secretKey,
  token: SIM.tencentMeeting.token,
} as const;

export interface SimParticipation {
  userid: string;
  uuid: string;
  user_name: string;
  instanceid: number;
  join_time: number; // seconds
  left_time: number | null;
}

interface SimMeeting {
  meeting_id: string;
  meeting_code: string;
  subject: string;
  start_time: number;
  end_time: number;
  participations: SimParticipation[];
}

const g = globalThis as unknown as { __qdSimTencentMeetings?: Map<string, SimMeeting> };
const meetings = (g.__qdSimTencentMeetings ??= new Map());

interface OperatorLike {
  userid?: string;
  uuid?: string;
  user_name?: string;
  instance_id?: string | number;
}
interface ItemLike {
  operate_time?: number | string;
  operator?: OperatorLike;
  meeting_info?: { meeting_id?: string; meeting_code?: string; subject?: string; start_time?: number; end_time?: number };
}

function seconds(v: number | string | undefined): number {
  const n = Number(v ?? Date.now());
  return n > 1e12 ? Math.floor(n / 1000) : Math.floor(n);
}

/** Record a participant event the simulator sent (or deliberately did not deliver). */
export function recordTencentMeetingEvent(envelope: { event: string; payload?: unknown }): void {
  const items = Array.isArray(envelope.payload) ? (envelope.payload as ItemLike[]) : [];
  for (const item of items) {
    const mi = item.meeting_info;
    if (!mi?.meeting_id) continue;
    let m = meetings.get(mi.meeting_id);
    if (!m) {
      m = {
        meeting_id: mi.meeting_id,
        meeting_code: mi.meeting_code ?? "",
        subject: mi.subject ?? "",
        start_time: mi.start_time ?? seconds(item.operate_time),
        end_time: mi.end_time ?? seconds(item.operate_time) + 3600,
        participations: [],
      };
      meetings.set(mi.meeting_id, m);
    }
    const op = item.operator ?? {};
    const userid = op.userid ?? "";
    const uuid = op.uuid ?? (userid ? `uuid-${userid}` : "");
    const at = seconds(item.operate_time);
    if (envelope.event === "meeting.participant-joined") {
      m.participations.push({ userid, uuid, user_name: op.user_name ?? userid, instanceid: Number(op.instance_id ?? 1), join_time: at, left_time: null });
    } else if (envelope.event === "meeting.participant-left") {
      const open = [...m.participations].reverse().find((p) => (p.userid === userid || p.uuid === uuid) && p.left_time === null);
      if (open) open.left_time = at;
    }
  }
}

export function simTencentMeeting(meetingId: string): SimMeeting | undefined {
  return meetings.get(meetingId);
}

// Invitees per meeting (tm 63659 sets them, overwriting; tm 63648 reads them), apart from the participations.
const gi = globalThis as unknown as { __qdSimTencentInvitees?: Map<string, { userid: string; nick_name: string }[]> };
const invitees = (gi.__qdSimTencentInvitees ??= new Map());

export function setTencentMeetingInvitees(meetingId: string, list: { userid: string; nick_name?: string }[]): void {
  invitees.set(meetingId, list.map((i) => ({ userid: i.userid, nick_name: i.nick_name ?? i.userid })));
}

/** The invitees of a meeting the simulator knows (by invitees or participations); undefined for an unknown meeting. */
export function simTencentMeetingInvitees(meetingId: string): { userid: string; nick_name: string }[] | undefined {
  return invitees.get(meetingId) ?? (meetings.has(meetingId) ? [] : undefined);
}

export function resetTencentMeetingSim(): void {
  meetings.clear();
  invitees.clear();
  rate.limit = TM_SIM_CALLS_PER_MINUTE;
  rate.window = 0;
  rate.count = 0;
}

// The self-built app's limit (接口频控说明, https://cloud.tencent.com/document/product/1095/105276): 300 calls a
// minute; over it the API answers error_code 190310. Fixed one-minute windows; tests may lower the limit.
export const TM_SIM_CALLS_PER_MINUTE = 300;
const gr = globalThis as unknown as { __qdSimTencentRate?: { limit: number; window: number; count: number } };
const rate = (gr.__qdSimTencentRate ??= { limit: TM_SIM_CALLS_PER_MINUTE, window: 0, count: 0 });

/** Count one REST call; false when it is over the per-minute limit (the caller answers 190310). */
export function takeTencentMeetingCall(now = Date.now()): boolean {
  const w = Math.floor(now / 60_000);
  if (w !== rate.window) {
    rate.window = w;
    rate.count = 0;
  }
  return ++rate.count <= rate.limit;
}

export function setTencentMeetingSimRateLimit(perMinute: number): void {
  rate.limit = perMinute;
  rate.count = 0;
}
