// Jobs and polling loops of reconciliation; lib/jobs/registry.ts collects them. (The reconcile.run job itself
// lives with the OA sync jobs.)
import type { JobDefinition, LoopDefinition } from "@/lib/jobs/types";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [];
export const loops: LoopDefinition[] = [
  {
    name: "reconcile.invitees",
    idleMs: 60_000,
    tick: async ({ db }) => (await import("./invitees")).pullDueInvitees(db),
  },
];
