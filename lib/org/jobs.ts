import { z } from "zod";
import { defineJob, type JobDefinition, type LoopDefinition } from "@/lib/jobs/types";
import { orgSyncSources, syncOrganisation } from "./run";

/** Full org sync: nightly at 02:30 (org time zone) for every configured vendor, or one vendor on demand (console). */
export const ORG_SYNC_JOB = "org.sync";

export const orgSyncPayload = z.object({ source: z.enum(["wecom", "dingtalk"]).optional() });

const orgSync = defineJob({
  name: ORG_SYNC_JOB,
  payload: orgSyncPayload,
  cron: "30 2 * * *",
  retryLimit: 1,
  handler: async ({ db }, data) => {
    for (const source of data.source ? [data.source] : orgSyncSources()) await syncOrganisation(db, source);
  },
});

// Jobs and polling loops of this domain; lib/jobs/registry.ts collects them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [orgSync];
export const loops: LoopDefinition[] = [];
