"use server";
// Simulator: sign (and encrypt) one vendor callback exactly as the vendor does and POST it to this app's own
// callback route over HTTP — the same path a real delivery takes. Only in simulator mode (no vendor credentials).
import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { z } from "zod";
import { appUrl, dingtalkSimulated, wecomSimulated } from "@/lib/env";
import { currentCallbackKeys } from "@/lib/ingest/testing/keys";
import { agoraJoinEvent, agoraSignedPost } from "@/lib/vendors/agora/sender";
import { dingtalkSignedPost, dingtalkUserEvent } from "@/lib/vendors/dingtalk/sender";
import { tencentMeetingSignedPost, tencentParticipantEvent } from "@/lib/vendors/tencent-meeting/sender";
import { type SignedRequest, wecomContactEvent, wecomSignedPost, wecomTextMessage } from "@/lib/vendors/wecom/sender";
import { zoomParticipantEvent, zoomSignedPost } from "@/lib/vendors/zoom/sender";
import { simStreamEnabled, simStreamGateway, simStreamUserEvent } from "@/lib/vendors/sim/dingtalk-stream-runtime";
import { formFields } from "@/lib/validation";
import { SIM_EVENT_KINDS } from "./kinds";


const input = z.object({ kind: z.enum(SIM_EVENT_KINDS), user: z.string().trim().min(1).max(64).default("zhangsan") });

function build(kind: (typeof SIM_EVENT_KINDS)[number], user: string): SignedRequest {
  const k = currentCallbackKeys();
  switch (kind) {
    case "wecom_text":
      return wecomSignedPost(k.wecom, wecomTextMessage(k.wecom.corpId, user, String(Date.now()) + String(Math.floor(Math.random() * 1000)), "模拟消息"));
    case "wecom_contact":
      return wecomSignedPost(k.wecom, wecomContactEvent(k.wecom.corpId, "update_user", { UserID: user }));
    case "dingtalk_user_add":
      return dingtalkSignedPost(k.dingtalk, dingtalkUserEvent("user_add_org", k.dingtalk.corpId, [user], randomUUID()));
    case "tencent_join":
      return tencentMeetingSignedPost(k.tencentMeeting, tencentParticipantEvent("joined", "sim-meeting-1", user));
    case "zoom_join":
      return zoomSignedPost(k.zoom, zoomParticipantEvent("joined", "sim-meeting-uuid", randomUUID(), user));
    case "agora_join":
      return agoraSignedPost(k.agora, agoraJoinEvent("sim-channel", 10001));
    case "wecom_tampered": {
      const r = wecomSignedPost(k.wecom, wecomTextMessage(k.wecom.corpId, user, String(Date.now()), "被篡改"));
      return { ...r, pathAndQuery: r.pathAndQuery.replace(/msg_signature=([0-9a-f])/, (_m, c: string) => `msg_signature=${c === "0" ? "1" : "0"}`) };
    }
  }
}

export async function sendSimEventAction(form: FormData): Promise<void> {
  if (!(wecomSimulated() && dingtalkSimulated())) redirect("/sim/events?result=disabled");
  const parsed = input.safeParse(formFields(form));
  if (!parsed.success) redirect("/sim/events?result=bad_request");
  if (parsed.data.kind === "dingtalk_user_add" && simStreamEnabled()) {
    // DINGTALK_STREAM=1: DingTalk delivers over the Stream WebSocket instead of an HTTP push; show the client's ack.
    const gw = await simStreamGateway();
    const messageId = gw?.enqueue(simStreamUserEvent("user_add_org", [parsed.data.user], randomUUID().replace(/-/g, "")));
    const ack = gw && messageId ? await gw.waitForAck(messageId, 5000) : "timeout";
    redirect(`/sim/events?${new URLSearchParams({ kind: parsed.data.kind, status: ack === "SUCCESS" ? "200" : "0", body: `Stream ack: ${ack}`, via: "stream" })}`);
  }
  const req = build(parsed.data.kind, parsed.data.user);
  let status = 0;
  let body = "";
  try {
    const res = await fetch(`${appUrl()}${req.pathAndQuery}`, { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.timeout(5000) });
    status = res.status;
    body = (await res.text()).slice(0, 300);
  } catch {
    status = 0;
  }
  redirect(`/sim/events?${new URLSearchParams({ kind: parsed.data.kind, status: String(status), body })}`);
}
