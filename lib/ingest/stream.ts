// DingTalk Stream mode → the same inbox, same dedupe keys (eventId), acknowledged only after the row is stored.
// Started by a loop (lib/ingest/jobs.ts) in every process that runs workers when DINGTALK_STREAM=1; DingTalk hands
// each event to one open connection, and (source, dedupe_key) makes a redelivery a no-op anyway.
import type { Db } from "@/db/client";
import { log } from "@/lib/observability/log";
import { metrics } from "@/lib/observability/metrics";
import { dingtalkConfig } from "@/lib/vendors/config";
import { startDingtalkStream, type DingtalkStreamHandle, type StreamDownstream } from "@/lib/vendors/dingtalk/stream";
import { dingtalkDedupeKey, dingtalkEventType } from "./verify";
import { storeInboxEvent, type VerifiedEvent } from "./store";
import { wakeInbox } from "./worker";

/** A Stream EVENT frame as an inbox event: payload = the event JSON plus EventType/eventId/CorpId from headers. */
export function streamFrameToEvent(msg: StreamDownstream): VerifiedEvent {
  let data: Record<string, unknown> = {};
  try {
    const v = JSON.parse(msg.data ?? "{}");
    if (v && typeof v === "object" && !Array.isArray(v)) data = v as Record<string, unknown>;
  } catch {
    data = { value: msg.data };
  }
  const payload: Record<string, unknown> = {
    ...data,
    EventType: msg.headers.eventType ?? dingtalkEventType(data),
    eventId: msg.headers.eventId ?? data.eventId,
    CorpId: msg.headers.eventCorpId ?? data.CorpId,
  };
  return {
    source: "dingtalk",
    channel: "stream",
    eventType: dingtalkEventType(payload),
    dedupeKey: dingtalkDedupeKey(payload, msg.data ?? "", msg.headers.eventId || undefined),
    raw: JSON.stringify(msg),
    payload,
  };
}

export async function storeStreamFrame(db: Db, msg: StreamDownstream): Promise<"stored" | "duplicate"> {
  const r = await storeInboxEvent(db, streamFrameToEvent(msg));
  if (!r.duplicate) wakeInbox();
  metrics().callbacks.inc({ source: "dingtalk", outcome: r.duplicate ? "duplicate" : "stored" });
  return r.duplicate ? "duplicate" : "stored";
}

const g = globalThis as unknown as { __qiandaoStream?: Promise<DingtalkStreamHandle> };

export function startStreamIngest(db: Db, opts: { apiBase?: string } = {}): Promise<DingtalkStreamHandle> {
  if (!g.__qiandaoStream) {
    const c = dingtalkConfig();
    g.__qiandaoStream = startDingtalkStream({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      apiBase: opts.apiBase ?? c.apiBase,
      onEvent: async (msg) => {
        await storeStreamFrame(db, msg);
      },
      onError: (err) => log.warn({ err: (err as Error)?.message }, "stream event not stored; answered LATER"),
    });
    g.__qiandaoStream.catch(() => (g.__qiandaoStream = undefined));
  }
  return g.__qiandaoStream;
}

