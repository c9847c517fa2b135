// The OA's answer to a decision written back through the OA outbox (lib/oa-sync calls this from the dispatcher,
// in the statement round that marks the outbox rows delivered or dead). "already_decided": the OA had decided the
// todo in its own workflow — our decision no longer stands, the item ends as decided_in_oa, nothing is resent.
import "server-only";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalDecisions, approvalEvents, approvalItems } from "@/db/schema";
import { syncApprovalSurfaces } from "./notify/surfaces";

export interface WriteBackAnswer {
  /** Our approval item id (the outbox row's aggregate id). */
  itemId: number;
  answer: "accepted" | "already_decided" | "failed" | "skipped";
  statusCode?: number | null;
  detail?: string | null;
}

export async function recordApprovalWriteBacks(db: Db, answers: WriteBackAnswer[]): Promise<void> {
  const list = answers.filter((a) => Number.isSafeInteger(a.itemId) && a.itemId > 0);
  if (!list.length) return;
  // Only a pending write-back changes: a redelivered answer records nothing twice.
  const changed = await db
    .update(approvalDecisions)
    .set({
      writeBack: sql`a.answer`,
      writeBackAt: sql`now()`,
      writeBackDetail: sql`a.detail`,
    })
    .from(sql`jsonb_to_recordset(${JSON.stringify(list.map((a) => ({ item_id: a.itemId, answer: a.answer, detail: a.detail ?? null })))}::jsonb) AS a(item_id bigint, answer text, detail text)`)
    .where(sql`${approvalDecisions.itemId} = a.item_id AND ${approvalDecisions.writeBack} = 'pending'`)
    .returning({ itemId: approvalDecisions.itemId, answer: approvalDecisions.writeBack });
  if (!changed.length) return;
  const elsewhere = changed.filter((c) => c.answer === "already_decided").map((c) => c.itemId);
  if (elsewhere.length) {
    await db.update(approvalItems).set({ status: "decided_in_oa", updatedAt: sql`now()` }).where(inArray(approvalItems.id, elsewhere));
    for (const id of elsewhere) await syncApprovalSurfaces(db, id);
  }
  const decidedSet = new Set(elsewhere);
  await db.update(approvalItems).set({ updatedAt: sql`now()` }).where(inArray(approvalItems.id, changed.map((c) => c.itemId).filter((id) => !decidedSet.has(id))));
  const byItem = new Map(list.map((a) => [a.itemId, a]));
  await db.insert(approvalEvents).values(
    changed.map((c) => ({
      itemId: c.itemId,
      kind: "write_back" as const,
      actorId: null,
      client: "OA",
      details: { answer: c.answer, statusCode: byItem.get(c.itemId)?.statusCode ?? null, ...(byItem.get(c.itemId)?.detail ? { detail: byItem.get(c.itemId)!.detail } : {}) },
    })),
  );
}
