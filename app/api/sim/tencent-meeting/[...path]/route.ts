// Simulator of the Tencent Meeting REST API (participants, tm 42701; invitees, tm 63648 read and tm 63659 set), answering from the events the simulator
// sent (lib/vendors/sim/tencent-meeting-state.ts). Checks the X-TC-* signature like the real API, so the client
// is exercised end to end. Also a control endpoint: POST .../events records a participant event, and forwards it
// to our webhook unless `drop: true` (a deliberately lost webhook, for reconciliation demos and tests).
import { z } from "zod";
import { appUrl } from "@/lib/env";
import { tencentMeetingSignedPost } from "@/lib/vendors/tencent-meeting/sender";
import { verifyTencentRestRequest } from "@/lib/vendors/tencent-meeting/client";
import {
  recordTencentMeetingEvent,
  setTencentMeetingInvitees,
  simTencentMeeting,
  simTencentMeetingInvitees,
  takeTencentMeetingCall,
  TM_SIM_REST,
} from "@/lib/vendors/sim/tencent-meeting-state";
import { meetingWebhookConfig } from "@/lib/vendors/config";
import { simulatorActive } from "@/lib/vendors/sim/common";

export const dynamic = "force-dynamic";

function tmError(status: number, code: number, message: string) {
  return Response.json({ error_info: { error_code: code, new_error_code: code, message } }, { status });
}

export async function GET(req: Request, ctx: { params: Promise<{ path: string[] }> }): Promise<Response> {
  if (!simulatorActive("any")) return new Response("not found", { status: 404 });
  const { path } = await ctx.params;
  const url = new URL(req.url);
  const uri = `/${path.join("/")}${url.search}`;
  if (!verifyTencentRestRequest(TM_SIM_REST, { method: "GET", uri, body: "", headers: req.headers })) {
    return tmError(401, 200003, "signature verification failed");
  }
  const inv = /^v1\/meetings\/([^/]+)\/invitees$/.exec(path.join("/"));
  const m = /^v1\/meetings\/([^/]+)\/participants$/.exec(path.join("/"));
  if (!m && !inv) return tmError(404, 190301, "api not found");
  // HTTP status of a rate-limit answer is not documented; the body's error_code is what the client keys on.
  if (!takeTencentMeetingCall()) return tmError(429, 190310, "每分钟总接口调用次数超过限制。");
  if (inv || !m) return inviteesPage(decodeURIComponent(inv![1]), url.searchParams);
  const meeting = simTencentMeeting(decodeURIComponent(m[1]));
  const pos = Math.max(0, Number(url.searchParams.get("pos") ?? 0) || 0);
  const size = Math.min(100, Math.max(1, Number(url.searchParams.get("size") ?? 20) || 20));
  const all = meeting?.participations ?? [];
  const slice = all.slice(pos, pos + size);
  return Response.json({
    meeting_id: decodeURIComponent(m[1]),
    meeting_code: meeting?.meeting_code ?? "",
    subject: Buffer.from(meeting?.subject ?? "").toString("base64"),
    schedule_start_time: String(meeting?.start_time ?? ""),
    schedule_end_time: String(meeting?.end_time ?? ""),
    participants: slice.map((p) => ({
      userid: p.userid,
      uuid: p.uuid,
      user_name: Buffer.from(p.user_name).toString("base64"),
      instanceid: p.instanceid,
      join_time: String(p.join_time),
      ...(p.left_time ? { left_time: String(p.left_time) } : {}),
    })),
    has_remaining: pos + size < all.length,
    next_pos: pos + slice.length,
    total_count: all.length,
  });
}

const INVITEES_PAGE = 200; // tm 63648: at most 200 users a page

/** tm 63648: userid and instanceid are required; an unknown meeting answers 190457. */
function inviteesPage(meetingId: string, q: URLSearchParams): Response {
  if (!q.get("userid") || !/^\d+$/.test(q.get("instanceid") ?? "")) return tmError(400, 190004, "参数非法，请对照接口文档检查您的参数。");
  const list = simTencentMeetingInvitees(meetingId);
  if (!list) return tmError(400, 190457, "会议不存在, 请核对 meeting_id。");
  const pos = Math.max(0, Number(q.get("pos") ?? 0) || 0);
  const slice = list.slice(pos, pos + INVITEES_PAGE);
  const more = pos + slice.length < list.length;
  return Response.json({ invitees: slice, has_remaining: more, ...(more ? { next_pos: pos + slice.length } : {}) });
}

const setInvitees = z.object({
  userid: z.string().min(1),
  instanceid: z.number().int().min(0),
  invitees: z.array(z.object({ userid: z.string().min(1).max(64), nick_name: z.string().max(64).optional() })).max(2000).default([]),
});

/** tm 63659: PUT /v1/meetings/{meeting_id}/invitees overwrites the invitee list (at most 2000). */
export async function PUT(req: Request, ctx: { params: Promise<{ path: string[] }> }): Promise<Response> {
  if (!simulatorActive("any")) return new Response("not found", { status: 404 });
  const { path } = await ctx.params;
  const url = new URL(req.url);
  const body = await req.text();
  if (!verifyTencentRestRequest(TM_SIM_REST, { method: "PUT", uri: `/${path.join("/")}${url.search}`, body, headers: req.headers })) {
    return tmError(401, 200003, "signature verification failed");
  }
  const inv = /^v1\/meetings\/([^/]+)\/invitees$/.exec(path.join("/"));
  if (!inv) return tmError(404, 190301, "api not found");
  let json: unknown = null;
  try {
    json = JSON.parse(body);
  } catch {
    /* answered below */
  }
  const parsed = setInvitees.safeParse(json);
  if (!parsed.success) return tmError(400, 190004, "参数非法，请对照接口文档检查您的参数。");
  setTencentMeetingInvitees(decodeURIComponent(inv[1]), parsed.data.invitees);
  return Response.json({ user_non_registered: [] });
}

const eventInput = z.object({
  event: z.enum(["meeting.participant-joined", "meeting.participant-left"]),
  meetingId: z.string().min(1).max(64),
  subject: z.string().max(200).default("周会"),
  userid: z.string().min(1).max(64),
  userName: z.string().max(64).optional(),
  operateTime: z.number().int().positive().optional(),
  drop: z.boolean().default(false),
});

export async function POST(req: Request, ctx: { params: Promise<{ path: string[] }> }): Promise<Response> {
  if (!simulatorActive("any")) return new Response("not found", { status: 404 });
  const { path } = await ctx.params;
  if (path.join("/") !== "events") return tmError(404, 190301, "api not found");
  const parsed = eventInput.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "bad_request", message: parsed.error.issues.map((i) => i.message).join("; ") }, { status: 400 });
  const e = parsed.data;
  const at = e.operateTime ?? Date.now();
  const envelope = {
    event: e.event,
    trace_id: crypto.randomUUID(),
    payload: [
      {
        operate_time: at,
        operator: { userid: e.userid, uuid: `uuid-${e.userid}`, user_name: e.userName ?? e.userid, instance_id: "1" },
        meeting_info: { meeting_id: e.meetingId, meeting_code: "800000001", subject: e.subject, start_time: Math.floor(at / 1000) - 60, end_time: Math.floor(at / 1000) + 3600 },
      },
    ],
  };
  recordTencentMeetingEvent(envelope);
  if (e.drop) return Response.json({ recorded: true, delivered: false, trace_id: envelope.trace_id });
  const keys = meetingWebhookConfig().tencentMeeting;
  if (!keys.token) return Response.json({ recorded: true, delivered: false, reason: "no Tencent Meeting token configured" });
  const signed = tencentMeetingSignedPost({ token: keys.token, aesKey: keys.aesKey }, envelope);
  const res = await fetch(`${appUrl()}${signed.pathAndQuery}`, { method: "POST", headers: signed.headers, body: signed.body }).catch(() => null);
  return Response.json({ recorded: true, delivered: res?.ok ?? false, status: res?.status ?? 0, trace_id: envelope.trace_id });
}
