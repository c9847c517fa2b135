// The configured sink driver (OA_SINK) and dispatcher settings, built once per process from lib/env.
import "server-only";
import { env } from "@/lib/env";
import type { DispatchOptions } from "./dispatcher";
import { httpSink } from "./sinks/http";
import { postgresSink } from "./sinks/postgres";
import { noneSink, type OaSinkDriver } from "./sinks/types";

/** Lag above which admins are alerted (seconds): env OA_LAG_ALERT_MINUTES, default 15 min. */
export function oaLagAlertSeconds(): number {
  return Math.round(env().OA_LAG_ALERT_MINUTES * 60);
}

const g = globalThis as unknown as { __qiandaoOaSink?: OaSinkDriver };

export function configuredSink(): OaSinkDriver {
  if (!g.__qiandaoOaSink) {
    const e = env();
    if (e.OA_SINK === "postgres") g.__qiandaoOaSink = postgresSink(e.OA_DATABASE_URL!);
    else if (e.OA_SINK === "http") g.__qiandaoOaSink = httpSink({ url: e.OA_WEBHOOK_URL!, secret: e.OA_WEBHOOK_SECRET!, concurrency: 4 });
    else g.__qiandaoOaSink = noneSink;
  }
  return g.__qiandaoOaSink;
}

/** Postgres: few lanes, big batches (one upsert each). HTTP: one request per record, so many small lanes. */
export function dispatchOptions(): DispatchOptions & { lanes: number; budgetMs: number } {
  const horizonMs = env().OA_RETRY_HORIZON_HOURS * 3_600_000;
  if (env().OA_SINK === "http") return { horizonMs, batchSize: 16, leaseMs: 60_000, lanes: 16, budgetMs: 5_000 };
  return { horizonMs, batchSize: 500, leaseMs: 60_000, lanes: 2, budgetMs: 5_000 };
}
