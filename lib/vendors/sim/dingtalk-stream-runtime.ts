// The app's own simulated DingTalk Stream gateway: in simulator mode with DINGTALK_STREAM=1 the web process starts
// it at boot (instrumentation.ts), on a port of its own (Next route handlers cannot upgrade WebSockets). The
// simulated api.dingtalk.com answers POST /v1.0/gateway/connections/open with this gateway's ws endpoint and a
// ticket, so the Stream client (lib/ingest/stream.ts, in whichever process runs the workers) connects to it exactly as
// to DingTalk. The simulator console and /api/sim/dingtalk/stream push events through it.
import { dingtalkSimulated, env } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { dingtalkConfig } from "@/lib/vendors/config";
import { startSimStreamGateway, type SimStreamEvent, type SimStreamGateway } from "./dingtalk-stream-gateway";

const g = globalThis as unknown as { __qiandaoSimStream?: Promise<SimStreamGateway> };

/** Simulator mode and Stream mode both on: the app hosts the simulated gateway. */
export function simStreamEnabled(): boolean {
  return dingtalkSimulated() && dingtalkConfig().stream;
}

/** Start the gateway once per process (no-op unless simStreamEnabled()). */
export function ensureSimStreamGateway(): Promise<SimStreamGateway> | undefined {
  if (!simStreamEnabled()) return undefined;
  if (!g.__qiandaoSimStream) {
    const c = dingtalkConfig();
    const e = env();
    g.__qiandaoSimStream = startSimStreamGateway({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      port: e.DINGTALK_SIM_STREAM_PORT,
      stateFile: e.DINGTALK_SIM_STREAM_STATE_FILE,
    }).then((gw) => {
      log.info({ apiBase: gw.apiBase, pending: gw.pending().length }, "simulated dingtalk stream gateway listening");
      return gw;
    });
    g.__qiandaoSimStream.catch((err) => {
      log.error({ err: (err as Error).message }, "simulated dingtalk stream gateway failed to start");
      g.__qiandaoSimStream = undefined;
    });
  }
  return g.__qiandaoSimStream;
}

/** The running gateway, or undefined (stream mode off, or not started in this process). */
export async function simStreamGateway(): Promise<SimStreamGateway | undefined> {
  if (!simStreamEnabled()) return undefined;
  try {
    return await (g.__qiandaoSimStream ?? ensureSimStreamGateway());
  } catch {
    return undefined;
  }
}

/** A contact event as DingTalk pushes it over Stream: ids in the headers, the body in current-doc camelCase. */
export function simStreamUserEvent(
  eventType: "user_add_org" | "user_leave_org" | "user_modify_org",
  userIds: string[],
  eventId: string,
): SimStreamEvent {
  return { eventType, eventId, corpId: dingtalkConfig().corpId, data: { timeStamp: String(Date.now()), userId: userIds } };
}
