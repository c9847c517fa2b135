// 批量同意 from the 待办 list: each chosen item goes through the one decision path (decide.ts, its own transaction
// and row lock), one after another, and each gets its own result — one refusal never stops the others. Only simple
// items are taken (open, the viewer a current approver, decided in this app, nothing attached to read first); the
// rest answer "not_simple" and are left for the item page.
import "server-only";
import { and, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalItems } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { decideApproval } from "./decide";
import { askedNow } from "./queries";

/** ok: agreed · not_simple: open it to decide · otherwise the decision path's refusal (already_decided, cancelled, …). */
export type BatchResult = { itemId: number; result: string };

/** A refusal as one word: the 409's reason (already_decided, decided_in_oa, cancelled, not_yet, …) or the error's code. */
function resultOf(e: unknown): string {
  if (e instanceof AppError && e.status < 500) return typeof e.details.reason === "string" ? e.details.reason : e.code;
  throw e;
}

export async function batchAgree(db: Db, viewer: Viewer, itemIds: number[], client: string): Promise<BatchResult[]> {
  const ids = [...new Set(itemIds)];
  const simple = new Map(
    (
      await db
        .select({ id: approvalItems.id, simple: sql<boolean>`${approvalItems.source}::text IN ('oa', 'app') AND jsonb_array_length(${approvalItems.attachments}) = 0` })
        .from(approvalItems)
        // Only items the viewer is asked to decide now (as approver or delegate): any other id answers like one that does not exist.
        .where(and(inArray(approvalItems.id, ids), askedNow(viewer.employeeId)))
    ).map((r) => [r.id, Boolean(r.simple)]),
  );
  const out: BatchResult[] = [];
  for (const itemId of ids) {
    // Not there, or not the viewer's to decide: one answer (no probing of ids); decide.ts would say 403/404.
    if (!simple.has(itemId)) {
      out.push({ itemId, result: "not_found" });
      continue;
    }
    if (!simple.get(itemId)) {
      out.push({ itemId, result: "not_simple" });
      continue;
    }
    try {
      await decideApproval(db, viewer, itemId, { outcome: "agree", comment: "" }, client);
      out.push({ itemId, result: "ok" });
    } catch (e) {
      out.push({ itemId, result: resultOf(e) });
    }
  }
  return out;
}
