// Simulator control: a Zoom participant event. Recorded in the simulated report, then delivered to our webhook
// signed as Zoom does, unless `drop: true` (a deliberately lost webhook, for reconciliation demos and tests).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appUrl } from "@/lib/env";
import { meetingWebhookConfig } from "@/lib/vendors/config";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { recordZoomEvent } from "@/lib/vendors/sim/zoom";
import { zoomSignedPost } from "@/lib/vendors/zoom/sender";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const input = z.object({
  event: z.enum(["meeting.participant_joined", "meeting.participant_left"]),
  meetingId: z.string().min(1).max(64),
  topic: z.string().max(200).default("周会"),
  userId: z.string().min(1).max(64),
  userName: z.string().max(64).optional(),
  email: z.string().max(200).optional(),
  at: z.iso.datetime().optional(),
  drop: z.boolean().default(false),
});

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  const parsed = input.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "bad_request", message: parsed.error.issues.map((i) => i.message).join("; ") }, { status: 400 });
  const e = parsed.data;
  const at = e.at ?? new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const envelope = {
    event: e.event,
    event_ts: Date.now(),
    payload: {
      account_id: "simzoomaccount",
      object: {
        id: e.meetingId,
        uuid: `${e.meetingId}-uuid`,
        topic: e.topic,
        participant: {
          user_id: e.userId,
          participant_user_id: e.userId,
          user_name: e.userName ?? e.userId,
          ...(e.email ? { email: e.email } : {}),
          ...(e.event === "meeting.participant_joined" ? { join_time: at } : { leave_time: at }),
        },
      },
    },
  };
  recordZoomEvent(envelope);
  if (e.drop) return Response.json({ recorded: true, delivered: false });
  const secret = meetingWebhookConfig().zoom.webhookSecret;
  if (!secret) return Response.json({ recorded: true, delivered: false, reason: "no Zoom webhook secret configured" });
  const signed = zoomSignedPost(secret, envelope);
  const res = await fetch(`${appUrl()}${signed.pathAndQuery}`, { method: "POST", headers: { ...signed.headers, "x-request-id": randomUUID() }, body: signed.body }).catch(() => null);
  return Response.json({ recorded: true, delivered: res?.ok ?? false, status: res?.status ?? 0 });
}
