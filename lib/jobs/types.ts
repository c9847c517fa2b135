import type { z } from "zod";
import type { Db } from "@/db/client";

export interface JobContext {
  db: Db;
}

/** A pg-boss job: zod payload, idempotent handler (pg-boss retries), optional cron schedule (org time zone). */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  handler: (ctx: JobContext, data: z.infer<S>) => Promise<void>;
  cron?: string;
  retryLimit?: number;
}

/**
 * A polling loop over a table that is its own queue (inbox, outboxes): `tick` claims and processes a batch
 * and returns how many it took; the runner calls it again at once while there is work, else after `idleMs`.
 */
export interface LoopDefinition {
  name: string;
  idleMs: number;
  tick: (ctx: JobContext) => Promise<number>;
  /**
   * Batching under a steady trickle: when a tick took some rows but fewer than `size`, wait `gatherMs` (wake-ups
   * ignored) before the next tick so that rows arriving meanwhile share one claim/commit. A full batch runs the
   * next tick at once; an empty one sleeps `idleMs` (or until woken). Without this a loop fed at a few hundred
   * rows/s runs a whole transaction per one or two rows and competes with the web process for the CPU.
   */
  batch?: { size: number; gatherMs: number };
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
