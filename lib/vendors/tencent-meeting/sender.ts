// Sends Tencent Meeting webhooks signed (and AES-encrypted when a key is set) as Tencent Meeting does.
import { randomBytes, randomUUID } from "node:crypto";
import type { SignedRequest } from "../wecom/sender";
import { tencentMeetingEncode, tencentMeetingSignature } from "./crypto";

export interface TencentMeetingKeys {
  token: string;
  aesKey?: string;
}

function signedHeaders(keys: TencentMeetingKeys, x: string, timestamp?: string, nonce?: string) {
  const ts = timestamp ?? String(Date.now());
  const n = nonce ?? String(randomBytes(4).readUInt32BE(0));
  return { timestamp: ts, nonce: n, signature: tencentMeetingSignature(keys.token, ts, n, x) };
}

export function tencentMeetingSignedPost(
  keys: TencentMeetingKeys,
  event: Record<string, unknown>,
  opts: { timestamp?: string; nonce?: string } = {},
): SignedRequest {
  const data = tencentMeetingEncode(JSON.stringify(event), keys.aesKey);
  return {
    method: "POST",
    pathAndQuery: "/api/webhooks/tencent-meeting",
    headers: { "content-type": "application/json", ...signedHeaders(keys, data, opts.timestamp, opts.nonce) },
    body: JSON.stringify({ data }),
  };
}

export function tencentMeetingSignedCheck(keys: TencentMeetingKeys, plain: string, opts: { timestamp?: string } = {}): SignedRequest {
  const checkStr = tencentMeetingEncode(plain, keys.aesKey);
  return {
    method: "GET",
    pathAndQuery: `/api/webhooks/tencent-meeting?${new URLSearchParams({ check_str: checkStr })}`,
    headers: signedHeaders(keys, checkStr, opts.timestamp),
  };
}

export function tencentParticipantEvent(kind: "joined" | "left", meetingId: string, userid: string, traceId: string = randomUUID()) {
  return {
    event: `meeting.participant-${kind}`,
    trace_id: traceId,
    payload: [
      {
        operate_time: Date.now(),
        operator: { userid, user_name: userid, instance_id: "1" },
        meeting_info: { meeting_id: meetingId, meeting_code: "123456789", subject: "周会", start_time: Math.floor(Date.now() / 1000) },
      },
    ],
  };
}
