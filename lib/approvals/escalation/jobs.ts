import type { JobDefinition, LoopDefinition } from "@/lib/jobs/types";

// Jobs and loops of 审批超时 (approval timeouts); lib/jobs/registry.ts collects them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [];
// Once a minute: stages are due on the hour scale and each is claimed once, so a slower clock only delays them.
// The clock is read here, at the edge; the pass itself takes `now`.
export const loops: LoopDefinition[] = [
  {
    name: "approvals.timeouts",
    idleMs: 60_000,
    tick: async ({ db }) => (await import("./run")).runApprovalTimeouts(db, new Date()),
  },
];
