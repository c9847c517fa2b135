// Simulated WeCom meetings (企业微信会议): the attendee list (POST /cgi-bin/meeting/get_attendee_list, doc
// path/98156), the invitees (set_invitees, path/98162, overwrites) and the meeting's members (get_info
// attendees.member, path/98149: the invitees and whoever joined), answered from the meeting_change events the simulator sent (or deliberately did not deliver), like
// tencent-meeting-state.ts does for Tencent Meeting. Reached through handleWecomApi (token, faults, rate limits
// applied there). Per process, in memory.
import { json, readJson } from "./common";

export interface SimWecomAttendance {
  userid: string;
  tmp_openid: string;
  join_time: number; // seconds
  quit_time: number | null;
  instance_id: number;
}

const g = globalThis as unknown as { __qdSimWecomMeetings?: Map<string, SimWecomAttendance[]> };
const meetings: Map<string, SimWecomAttendance[]> = (g.__qdSimWecomMeetings ??= new Map());

const gi = globalThis as unknown as { __qdSimWecomInvitees?: Map<string, string[]> };
const invitees: Map<string, string[]> = (gi.__qdSimWecomInvitees ??= new Map());

export function resetWecomMeetingSim(): void {
  meetings.clear();
  invitees.clear();
}

/** Record a meeting_change event (fields as in the callback XML: MeetingId, FromUserName, CreateTime, ChangeType). */
export function recordWecomMeetingEvent(e: { MeetingId: string; FromUserName: string; CreateTime: string | number; ChangeType: string }): void {
  const list = meetings.get(e.MeetingId) ?? [];
  meetings.set(e.MeetingId, list);
  const at = Number(e.CreateTime);
  if (e.ChangeType === "join_meeting") {
    list.push({ userid: e.FromUserName, tmp_openid: `tmp-${e.FromUserName}`, join_time: at, quit_time: null, instance_id: 1 });
  } else if (e.ChangeType === "quit_meeting") {
    const open = [...list].reverse().find((a) => a.userid === e.FromUserName && a.quit_time === null);
    if (open) open.quit_time = at;
  }
}

const err = (errcode: number, errmsg: string) => json({ errcode, errmsg: `${errmsg}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}` });

export async function handleWecomMeetingApi(req: Request, api: string): Promise<Response> {
  if (req.method !== "POST") return err(43002, "require POST method");
  const body = await readJson(req);
  const meetingid = typeof body.meetingid === "string" ? body.meetingid : "";
  if (!meetingid) return err(40058, "meetingid is required");
  if (api === "/cgi-bin/meeting/set_invitees") {
    const list = Array.isArray(body.invitees) ? (body.invitees as { userid?: unknown }[]) : null;
    if (!list || list.length > 2000 || list.some((i) => typeof i?.userid !== "string" || !i.userid)) return err(40058, "invitees must be [{userid}] (at most 2000)");
    invitees.set(meetingid, list.map((i) => i.userid as string));
    if (!meetings.has(meetingid)) meetings.set(meetingid, []);
    return json({ errcode: 0, errmsg: "ok" });
  }
  if (api === "/cgi-bin/meeting/get_info") {
    const joined = meetings.get(meetingid);
    if (!joined) return err(400002, "meeting not found");
    const members = [...new Set([...(invitees.get(meetingid) ?? []), ...joined.map((a) => a.userid).filter(Boolean)])];
    return json({
      errcode: 0,
      errmsg: "ok",
      attendees: {
        member: members.map((userid) => {
          const rows = joined.filter((a) => a.userid === userid);
          return rows.length
            ? { userid, status: 1, first_join_time: Math.min(...rows.map((a) => a.join_time)), last_quit_time: Math.max(0, ...rows.map((a) => a.quit_time ?? 0)), total_join_count: rows.length }
            : { userid, status: 2 };
        }),
        tmp_external_user: [],
      },
    });
  }
  if (api !== "/cgi-bin/meeting/get_attendee_list") return err(60011, "api not supported by the simulator");
  const list = meetings.get(meetingid);
  if (!list) return err(400002, "meeting not found"); // the vendor's code for an unknown meeting id was not documented in what we read
  const limit = body.limit === undefined ? 100 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return err(40058, "limit must be 1..100");
  const start = body.start_time === undefined ? null : Number(body.start_time);
  const end = body.end_time === undefined ? null : Number(body.end_time);
  if (start !== null && end !== null && (end < start || end - start > 31 * 86_400)) return err(40058, "time span exceeds 31 days");
  const rows = list.filter((a) => (start === null || a.join_time >= start) && (end === null || a.join_time <= end));
  const cursor = typeof body.cursor === "string" && body.cursor ? Number.parseInt(Buffer.from(body.cursor, "base64url").toString(), 10) : 0;
  if (!Number.isFinite(cursor) || cursor < 0) return err(40058, "invalid cursor");
  const slice = rows.slice(cursor, cursor + limit);
  const more = cursor + limit < rows.length;
  return json({
    errcode: 0,
    errmsg: "ok",
    has_more: more,
    next_cursor: more ? Buffer.from(String(cursor + limit)).toString("base64url") : "",
    attendees: slice.map((a) => ({
      tmp_openid: a.tmp_openid,
      userid: a.userid,
      join_time: String(a.join_time),
      ...(a.quit_time ? { quit_time: String(a.quit_time) } : {}),
      instance_id: a.instance_id,
      role: 0,
      join_type: 0,
    })),
  });
}
