// Tencent Meeting event envelope (tencent-meeting.md §2): {event, trace_id | unique_sequence, payload: [...]}.
import { z } from "zod";

export const tencentMeetingEnvelope = z.looseObject({
  event: z.string().min(1).max(200),
  trace_id: z.string().min(1).max(200).optional(),
  unique_sequence: z.union([z.string(), z.number()]).optional(),
  payload: z.unknown().optional(),
});

export type TencentMeetingEnvelope = z.infer<typeof tencentMeetingEnvelope>;
