// The configured sink driver (OA_SINK) and dispatcher settings, built once per process from lib/env.
import "server-only";
import { env } from "@/lib/env";
import type { DispatchOptions } from "./dispatcher";
import { httpSink } from "./sinks/http";
import { postgresSink } from "./sinks/postgres";
import { noneSink, type OaSinkDriver } from "./sinks/types";

/** Lag above which admins are alerted (seconds). */
export const OA_LAG_ALERT_SECONDS = 15 * 60;

const g = globalThis as unknown as { __qiandaoOaSink?: OaSinkDriver };

export function configuredSink(): OaSinkDriver {
  if (!g.__qiandaoOaSink) {
    const e = env();
    if (e.OA_SINK === "postgres") g.__qiandaoOaSink = postgresSink(e.OA_DATABASE_URL!);
    else if (e.OA_SINK === "http") g.__qiandaoOaSink = httpSink({ url: e.OA_WEBHOOK_URL!, secret: e.OA_WEBHOOK_SECRET! });
    else g.__qiandaoOaSink = noneSink;
  }
  return g.__qiandaoOaSink;
}

export function dispatchOptions(): DispatchOptions {
  return { horizonMs: env().OA_RETRY_HORIZON_HOURS * 3_600_000, batchSize: 200, leaseMs: 60_000 };
}
