import type { JobDefinition, LoopDefinition } from "@/lib/jobs/types";
import { sendDue, vendorTransport } from "./sender";

// Jobs and polling loops of this domain; lib/jobs/registry.ts collects them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [];
export const loops: LoopDefinition[] = [
  {
    name: "notifications.send",
    idleMs: 2_000,
    tick: async ({ db }) => sendDue(db, await vendorTransport(db)),
  },
];
