import type { JobDefinition, LoopDefinition } from "@/lib/jobs/types";
import { RECONCILE_EVERY_MS } from "./reconcile";

// Native approvals (WeCom / DingTalk) reconciliation, and the OA approvals pull; lib/jobs/registry.ts collects them. The pass only enqueues inbox
// rows (the worker mirrors them), so it answers 0 and the runner sleeps until the next pass.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [];
export const loops: LoopDefinition[] = [
  {
    name: "approvals.native_reconcile",
    idleMs: RECONCILE_EVERY_MS,
    tick: async ({ db }) => {
      await (await import("./reconcile")).reconcileNativeApprovals(db, new Date());
      return 0;
    },
  },
  {
    // For OAs that cannot push their approval todos (OA_APPROVALS_URL): a pull every 5 minutes into the inbox.
    name: "approvals.oa_pull",
    idleMs: 5 * 60_000, // oa-pull.ts OA_PULL_EVERY_MS (not imported: the registry stays light)
    tick: async ({ db }) => {
      await (await import("../oa-pull")).pullOaApprovals(db);
      return 0;
    },
  },
];
