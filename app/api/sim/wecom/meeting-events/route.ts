// Simulator control: a WeCom meeting_change event (join_meeting / quit_meeting). Recorded in the simulated attendee
// list (get_attendee_list), then delivered to our WeCom callback signed and encrypted as WeCom does, unless
// `drop: true` (a deliberately lost callback, for reconciliation demos and tests).
import { z } from "zod";
import { appUrl } from "@/lib/env";
import { wecomConfig } from "@/lib/vendors/config";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { recordWecomMeetingEvent } from "@/lib/vendors/sim/wecom-meeting";
import { wecomPlainXml, wecomSignedPost } from "@/lib/vendors/wecom/sender";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const input = z.object({
  changeType: z.enum(["join_meeting", "quit_meeting"]),
  meetingId: z.string().min(1).max(64),
  userid: z.string().min(1).max(64),
  createTime: z.number().int().positive().optional(),
  drop: z.boolean().default(false),
});

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("wecom")) return notFoundResponse();
  const parsed = input.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "bad_request", message: parsed.error.issues.map((i) => i.message).join("; ") }, { status: 400 });
  const e = parsed.data;
  const cfg = wecomConfig();
  const fields = { ToUserName: cfg.corpId, FromUserName: e.userid, CreateTime: String(e.createTime ?? Math.floor(Date.now() / 1000)), MsgType: "event", Event: "meeting_change", ChangeType: e.changeType, MeetingId: e.meetingId };
  recordWecomMeetingEvent(fields);
  if (e.drop) return Response.json({ recorded: true, delivered: false });
  if (!cfg.callbackToken || !cfg.aesKey) return Response.json({ recorded: true, delivered: false, reason: "no WeCom callback token configured" });
  const signed = wecomSignedPost({ token: cfg.callbackToken, aesKey: cfg.aesKey, corpId: cfg.corpId }, wecomPlainXml(fields));
  const res = await fetch(`${appUrl()}${signed.pathAndQuery}`, { method: "POST", headers: signed.headers, body: signed.body }).catch(() => null);
  return Response.json({ recorded: true, delivered: res?.ok ?? false, status: res?.status ?? 0 });
}
