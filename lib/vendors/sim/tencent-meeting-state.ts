// Simulator state for Tencent Meeting: the participants of each meeting, recorded from the participant events
// the simulator sends (joined → a new participation; left → closes the open one). The REST simulator
// (app/api/sim/tencent-meeting) answers the participants API from it. Per process, in memory.
import { SIM } from "@/lib/vendors/config";

/** The simulator's REST credentials (public, demo only). */
export const TM_SIM_REST = {
  appId: "211000000",
  sdkId: "21000000000",
  secretId: "simTencentMeetingSecretId",
  secretKey: "simTencentMeetingSecretKey0000000000",
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

export function resetTencentMeetingSim(): void {
  meetings.clear();
}
