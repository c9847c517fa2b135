// Agora NCS body (meeting-webhooks.md §4.2, §4.4). Dedupe on noticeId (§4.6).
import { z } from "zod";

export const agoraEnvelope = z.looseObject({
  noticeId: z.string().min(1).max(200),
  productId: z.number().int(),
  eventType: z.number().int(),
  notifyMs: z.number().optional(),
  sid: z.string().optional(),
  payload: z.looseObject({}).optional(),
});
export type AgoraEnvelope = z.infer<typeof agoraEnvelope>;

/** RTC channel events we know (1 = RTC): 101/102 channel, 103-108 join/leave, 111/112 role. */
export const AGORA_KNOWN_EVENTS = ["1.101", "1.102", "1.103", "1.104", "1.105", "1.106", "1.107", "1.108", "1.111", "1.112"] as const;
