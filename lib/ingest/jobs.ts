import type { JobDefinition, LoopDefinition } from "@/lib/jobs/types";

// Jobs and polling loops of this domain; lib/jobs/registry.ts collects them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [];
export const loops: LoopDefinition[] = [];
