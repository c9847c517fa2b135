import { z } from "zod";
import type { JobDefinition, LoopDefinition } from "@/lib/jobs/types";
import { defineJob } from "@/lib/jobs/types";
import { dingtalkConfig } from "@/lib/vendors/config";
import { log } from "@/lib/observability/log";
import { pullDingtalkFailedPushes } from "./recovery";
import { BATCH_SIZE, INBOX_LOOP, processInboxBatch, wakeInbox } from "./worker";

// Jobs and polling loops of this domain; lib/jobs/registry.ts collects them.
// The inbox is a table-backed loop (the row is the job, see worker.ts); pg-boss only runs the schedule below.

export const inboxLoop: LoopDefinition = {
  name: INBOX_LOOP,
  idleMs: 500,
  // Handling may trail the ack by up to 50 ms under a trickle; the ack path itself never waits for the worker.
  batch: { size: BATCH_SIZE, gatherMs: 50 },
  tick: ({ db }) => processInboxBatch(db),
};

/** DINGTALK_STREAM=1: keep a Stream-mode connection open in this worker process (idempotent start). */
export const streamLoop: LoopDefinition = {
  name: "ingest.dingtalk-stream",
  idleMs: 30_000,
  tick: async ({ db }) => {
    const c = dingtalkConfig();
    if (!c.stream || c.mode === "disabled") return 0;
    const { startStreamIngest } = await import("./stream");
    await startStreamIngest(db).catch((e) => log.warn({ err: (e as Error).message }, "dingtalk stream connect failed"));
    return 0;
  },
};

/** Every 5 minutes: pull DingTalk's failed-push list (destructive read, stored before anything else). */
export const dingtalkRecoveryJob = defineJob({
  name: "ingest.dingtalk-failed-pushes",
  payload: z.object({}).loose(),
  cron: "*/5 * * * *",
  retryLimit: 3,
  handler: async ({ db }) => {
    const c = dingtalkConfig();
    if (c.mode === "disabled") return; // another vendor is configured and DingTalk is not: nothing to pull
    // Simulator mode: the simulated oapi accepts any token (app/api/sim/dingtalk/oapi/call_back).
    const r = await pullDingtalkFailedPushes(db, c.simulated ? { getToken: async () => "simulated" } : {});
    if (r.stored > 0) wakeInbox();
    log.info({ pages: r.pages, received: r.received, stored: r.stored }, "dingtalk failed-push recovery");
  },
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [dingtalkRecoveryJob];
export const loops: LoopDefinition[] = [inboxLoop, streamLoop];
