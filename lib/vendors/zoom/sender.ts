// Sends Zoom webhooks signed as Zoom does.
import { randomUUID } from "node:crypto";
import type { SignedRequest } from "../wecom/sender";
import { zoomSignature } from "./crypto";

export function zoomSignedPost(secret: string, body: Record<string, unknown> | string, opts: { timestamp?: string } = {}): SignedRequest {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const ts = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
  return {
    method: "POST",
    pathAndQuery: "/api/webhooks/zoom",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-zm-request-timestamp": ts,
      "x-zm-signature": zoomSignature(secret, ts, raw),
      "x-zm-trackingid": randomUUID(),
      "user-agent": "Zoom Marketplace/1.0a",
    },
    body: raw,
  };
}

export function zoomParticipantEvent(kind: "joined" | "left", meetingUuid: string, participantUuid: string, name = "张三") {
  const now = new Date().toISOString();
  return {
    event: `meeting.participant_${kind}`,
    event_ts: Date.now(),
    payload: {
      account_id: "simzoomaccount",
      object: {
        id: "85012345678",
        uuid: meetingUuid,
        host_id: "simhost",
        topic: "周会",
        type: 2,
        duration: 60,
        participant: {
          user_id: participantUuid.slice(0, 8),
          user_name: name,
          participant_uuid: participantUuid,
          email: "zhangsan@example.com",
          ...(kind === "joined" ? { join_time: now } : { leave_time: now, leave_reason: "left the meeting" }),
        },
      },
    },
  };
}
