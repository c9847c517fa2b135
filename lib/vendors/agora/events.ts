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
