// Where a step's 审批超时 clock starts: every place a step of our flows becomes active calls activateStep (or, at
// submit, sets activated_at and the deadline itself), so the item's due_at is the active step's deadline — the one
// field the 待办 list, the item page (已超时) and the timeout loop read for both sources.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalItems, approvalItemSteps } from "@/db/schema";
import type { StepTimeout } from "@/db/schema/approval-flows";
import { usableTimeout } from "./schedule";

/** The deadline of a step active since `activatedAt` (null: it never times out). */
export function deadlineOf(activatedAt: Date, timeout: StepTimeout | null | undefined): Date | null {
  const t = usableTimeout(timeout);
  return t ? new Date(activatedAt.getTime() + t.hours * 3_600_000) : null;
}

/** Make step `stepIndex` of app item `itemId` the active one (now, or `at`), and the item's due_at its deadline. */
export async function activateStep(tx: Db, itemId: number, stepIndex: number, at?: Date): Promise<void> {
  const [s] = await tx
    .update(approvalItemSteps)
    .set({ status: "active", activatedAt: at ?? sql`clock_timestamp()` })
    .where(and(eq(approvalItemSteps.itemId, itemId), eq(approvalItemSteps.stepIndex, stepIndex)))
    .returning({ activatedAt: approvalItemSteps.activatedAt, timeout: approvalItemSteps.timeout });
  if (!s) return;
  await tx.update(approvalItems).set({ dueAt: deadlineOf(new Date(s.activatedAt!), s.timeout) }).where(and(eq(approvalItems.id, itemId), eq(approvalItems.source, "app")));
}
