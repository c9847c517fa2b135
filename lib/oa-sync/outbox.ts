// Writing to the OA outbox: called by domains in the same transaction as the change it describes.
import type { Db } from "@/db/client";
import { oaOutbox } from "@/db/schema";
import { env } from "@/lib/env";

export interface OaChange {
  aggregateType: "meeting_attendance";
  aggregateId: string | number;
  version: number;
  payload: Record<string, unknown>;
}

/** One row per (sink, aggregate, version); a replay of the same version inserts nothing. */
export async function enqueueOaChange(db: Db, change: OaChange): Promise<void> {
  const sink = env().OA_SINK;
  await db
    .insert(oaOutbox)
    .values({
      sink,
      aggregateType: change.aggregateType,
      aggregateId: String(change.aggregateId),
      version: change.version,
      idempotencyKey: `${change.aggregateType}:${change.aggregateId}:v${change.version}`,
      payload: change.payload,
    })
    .onConflictDoNothing();
}
