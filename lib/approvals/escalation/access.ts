// Who may see an item because of its 审批超时: the leader or HR person an escalation alert went to (the alert links
// to the item, so the link must open for them), and what the applicant is not shown (the reminders about them).
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalTimeoutStages } from "@/db/schema";

/** Did an escalation alert about `itemId` go to `employeeId`? */
export async function wasEscalatedTo(db: Db, itemId: number, employeeId: number): Promise<boolean> {
  const rows = await db
    .select({ n: sql<number>`1` })
    .from(approvalTimeoutStages)
    .where(and(eq(approvalTimeoutStages.itemId, itemId), eq(approvalTimeoutStages.kind, "escalate"), sql`${approvalTimeoutStages.recipientIds} @> ARRAY[${employeeId}]::bigint[]`))
    .limit(1);
  return rows.length > 0;
}

/** Timeout events (催办, escalation) are for approvers, their leaders and HR — not the applicant. */
export const TIMEOUT_EVENT_KINDS: readonly string[] = ["remind", "escalate"];

/** The client recorded on automatic decisions and on the timeout events. */
export const TIMEOUT_CLIENT = "timeout";
