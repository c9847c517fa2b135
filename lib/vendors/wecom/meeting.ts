// WeCom meetings (企业微信会议) attendee list, for reconciliation: POST /cgi-bin/meeting/get_attendee_list
// (https://developer.work.weixin.qq.com/document/path/98156; tencent-meeting.md §4.2). Body {meetingid,
// sub_meetingid?, start_time?, end_time? (seconds, span ≤ 31 days), cursor?, limit ≤ 100}; answer attendees[
// {tmp_openid, userid ("" for people outside the corp), join_time, quit_time (seconds, as strings), instance_id, …}],
// has_more, next_cursor. `limit` must stay the same across a cursor's pages. Only meetings created by this app
// through the API are visible, and only members in the app's visible range (doc "权限说明").
import "server-only";
import { z } from "zod";
import type { WecomClient } from "./client";

const attendee = z.looseObject({
  tmp_openid: z.string().optional().default(""),
  userid: z.string().optional().default(""),
  join_time: z.union([z.string(), z.number()]).transform(String).optional(),
  quit_time: z.union([z.string(), z.number()]).transform(String).optional(),
  instance_id: z.number().optional(),
});
export type WecomMeetingAttendee = z.infer<typeof attendee>;

const page = z.looseObject({
  attendees: z.array(attendee).default([]),
  has_more: z.boolean().optional().default(false),
  next_cursor: z.string().optional().default(""),
});

const LIMIT = 100;

export interface WecomAttendeeQuery {
  meetingId: string;
  subMeetingId?: string;
  /** seconds; the span must not exceed 31 days (doc); omitted → the vendor's default window. */
  startTime?: number;
  endTime?: number;
}

/** Every attendee row of a meeting (one row per join), following has_more / next_cursor. */
export async function wecomMeetingAttendees(client: Pick<WecomClient, "call">, q: WecomAttendeeQuery): Promise<WecomMeetingAttendee[]> {
  const out: WecomMeetingAttendee[] = [];
  let cursor = "";
  for (let i = 0; i < 1_000; i++) {
    const body: Record<string, unknown> = { meetingid: q.meetingId, limit: LIMIT };
    if (q.subMeetingId) body.sub_meetingid = q.subMeetingId;
    if (q.startTime !== undefined && q.endTime !== undefined) {
      body.start_time = q.startTime;
      body.end_time = q.endTime;
    }
    if (cursor) body.cursor = cursor;
    const r = page.parse(await client.call("/cgi-bin/meeting/get_attendee_list", {}, body));
    out.push(...r.attendees);
    if (!r.has_more || !r.next_cursor || r.next_cursor === cursor) break;
    cursor = r.next_cursor;
  }
  return out;
}

// get_info (https://developer.work.weixin.qq.com/document/path/98149): the meeting's attendees.member[{userid,
// status, first_join_time, …}] lists the members on the meeting (the invitees, and members who joined);
// tmp_external_user[] are people outside the corp, who have no userid to map.
const meetingInfo = z.looseObject({
  title: z.string().optional(),
  admin_userid: z.string().optional(),
  attendees: z
    .looseObject({ member: z.array(z.looseObject({ userid: z.string(), status: z.number().optional() })).default([]) })
    .optional(),
});
export type WecomMeetingInfo = z.infer<typeof meetingInfo>;

/** The members on a WeCom meeting (get_info attendees.member), as invitees: userid per person, once. */
export async function wecomMeetingMembers(client: Pick<WecomClient, "call">, q: { meetingId: string; subMeetingId?: string }): Promise<{ userid: string }[]> {
  const body: Record<string, unknown> = { meetingid: q.meetingId };
  if (q.subMeetingId) body.sub_meetingid = q.subMeetingId;
  const r = meetingInfo.parse(await client.call("/cgi-bin/meeting/get_info", {}, body));
  const seen = new Set<string>();
  return (r.attendees?.member ?? []).filter((m) => m.userid && !seen.has(m.userid) && seen.add(m.userid)).map((m) => ({ userid: m.userid }));
}
