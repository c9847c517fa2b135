// Zoom webhook body (meeting-webhooks.md §3.1, §3.4) and its dedupe key (§3.5: no per-event id is documented).
import { z } from "zod";

export const zoomEnvelope = z.looseObject({
  event: z.string().min(1).max(200),
  event_ts: z.union([z.number(), z.string()]).optional(),
  payload: z.looseObject({}).optional(),
});
export type ZoomEnvelope = z.infer<typeof zoomEnvelope>;

/** event + event_ts + meeting uuid/id + participant uuid/user id + join/leave time. */
export function zoomDedupeKey(e: ZoomEnvelope): string {
  const obj = (e.payload?.object ?? {}) as Record<string, unknown>;
  const p = (obj.participant ?? {}) as Record<string, unknown>;
  const parts = [
    e.event,
    String(e.event_ts ?? ""),
    String(obj.uuid ?? obj.id ?? ""),
    String(p.participant_uuid ?? p.user_id ?? p.id ?? ""),
    String(p.join_time ?? p.leave_time ?? ""),
  ];
  return parts.join("|");
}
