import type { JobDefinition, LoopDefinition } from "@/lib/jobs/types";
import { RECONCILE_EVERY_MS } from "./reconcile";

// Native approvals (WeCom / DingTalk) reconciliation; lib/jobs/registry.ts collects it. The pass only enqueues inbox
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
];
