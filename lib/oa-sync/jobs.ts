import { z } from "zod";
import { defineJob, type JobDefinition, type LoopDefinition } from "@/lib/jobs/types";
import { log } from "@/lib/observability/log";
import { configuredSink, dispatchOptions, oaLagAlertSeconds } from "./config";
import { dispatchLanes } from "./dispatcher";
import { checkOaLag } from "./health";
import { isoDate } from "@/lib/validation";

// Jobs and polling loops of this domain; lib/jobs/registry.ts collects them.

let lastLagCheck = 0;

/** Drains the OA outbox to the configured sink; checks the lag at most once a minute. */
export const oaDispatchLoop: LoopDefinition = {
  name: "oa-sync.dispatch",
  idleMs: 1_000,
  async tick({ db }) {
    const sink = configuredSink();
    const r = await dispatchLanes(db, sink, dispatchOptions());
    if (Date.now() - lastLagCheck > 60_000) {
      lastLagCheck = Date.now();
      await checkOaLag(db, sink.name, oaLagAlertSeconds()).catch((e: Error) => log.error({ err: e.message }, "oa lag check failed"));
    }
    // Only delivered/dead rows count as progress: a batch that all went back to backoff must not spin the loop.
    return r.delivered + r.dead;
  },
};

const reconcilePayload = z.object({
  /** Absent (the nightly schedule): every configured source. */
  source: z.enum(["tencent_meeting", "zoom", "wecom"]).optional(),
  meetingId: z.number().int().positive().optional(),
  date: isoDate().optional(),
  days: z.number().int().min(1).max(31).optional(),
  requestedBy: z.number().int().optional(),
});

/** Nightly: the last 7 days of video meetings against the vendor's participant lists. On demand from the console. */
export const reconcileJob = defineJob({
  name: "reconcile.run",
  payload: reconcilePayload,
  cron: "30 2 * * *",
  retryLimit: 3,
  async handler({ db }, data) {
    const { runNightlyReconcile, runReconcile } = await import("@/lib/reconcile/run");
    if (!data.source) await runNightlyReconcile(db, { date: data.date, days: data.days ?? 7 });
    else await runReconcile(db, { source: data.source, meetingId: data.meetingId, date: data.date, days: data.days ?? 7 });
  },
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [reconcileJob];
export const loops: LoopDefinition[] = [oaDispatchLoop];
