// Simulated DingTalk Stream gateway control (simulator mode only; 404 otherwise).
// GET: {enabled, connections, pending, acks, settings}. POST {op}: push {eventType?, userIds?, eventId?, wait?} —
// an event over the WebSocket (wait: ms to wait for the client's ack); disconnect {reason?, graceMs?} — SYSTEM
// disconnect then close; terminate — drop connections; drop_acks {count} — lose the next acks; redeliver_after {ms}.
// 409 when DINGTALK_STREAM is off (the app has no gateway to push through).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { json, notFoundResponse, readJson, simulatorActive } from "@/lib/vendors/sim/common";
import { simStreamEnabled, simStreamGateway, simStreamUserEvent } from "@/lib/vendors/sim/dingtalk-stream-runtime";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const body = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("push"),
    eventType: z.enum(["user_add_org", "user_leave_org", "user_modify_org"]).default("user_add_org"),
    userIds: z.array(z.string().trim().min(1).max(64)).min(1).max(100).default(["zhangsan"]),
    eventId: z.string().trim().min(1).max(128).optional(),
    wait: z.number().int().min(0).max(30_000).default(5000),
  }),
  z.object({ op: z.literal("disconnect"), reason: z.string().max(200).optional(), graceMs: z.number().int().min(0).max(60_000).optional() }),
  z.object({ op: z.literal("terminate") }),
  z.object({ op: z.literal("drop_acks"), count: z.number().int().min(0).max(1000) }),
  z.object({ op: z.literal("redeliver_after"), ms: z.number().int().min(100).max(600_000) }),
]);

export async function GET(): Promise<Response> {
  if (!simulatorActive("dingtalk")) return notFoundResponse();
  const gw = await simStreamGateway();
  if (!gw) return json({ enabled: false, connections: 0, pending: [], acks: [] });
  return json({ enabled: true, apiBase: gw.apiBase, connections: gw.connections(), pending: gw.pending(), acks: gw.acks(), settings: gw.settings() });
}

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("dingtalk")) return notFoundResponse();
  const parsed = body.safeParse(await readJson(req));
  if (!parsed.success) return json({ reason: `bad request: ${parsed.error.issues[0]?.message ?? "invalid body"}` }, 400);
  const gw = simStreamEnabled() ? await simStreamGateway() : undefined;
  if (!gw) return json({ reason: "stream mode is off (DINGTALK_STREAM=1 in simulator mode starts the gateway)" }, 409);
  const b = parsed.data;
  switch (b.op) {
    case "push": {
      const eventId = b.eventId ?? randomUUID().replace(/-/g, "");
      const messageId = gw.enqueue(simStreamUserEvent(b.eventType, b.userIds, eventId));
      const ack = b.wait > 0 ? await gw.waitForAck(messageId, b.wait) : "queued";
      return json({ messageId, eventId, connections: gw.connections(), ack });
    }
    case "disconnect":
      gw.disconnect(b.reason, b.graceMs);
      return json({ ok: true });
    case "terminate":
      gw.terminate();
      return json({ ok: true });
    case "drop_acks":
      gw.dropAcks(b.count);
      return json({ ok: true, settings: gw.settings() });
    case "redeliver_after":
      gw.setRedeliverAfter(b.ms);
      return json({ ok: true, settings: gw.settings() });
  }
}
