// Loading an application's flow state (transition.ts) from its step and step-decision rows.
import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalItemSteps, approvalStepDecisions, employees } from "@/db/schema";
import type { FlowState, FlowStatus } from "./transition";

export async function loadFlowState(db: Db, itemId: number, applicantId: number, status: FlowStatus): Promise<FlowState> {
  const steps = await db.select().from(approvalItemSteps).where(eq(approvalItemSteps.itemId, itemId)).orderBy(asc(approvalItemSteps.stepIndex));
  const decisions = await db.select().from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, itemId)).orderBy(asc(approvalStepDecisions.decidedAt), asc(approvalStepDecisions.id));
  return {
    applicantId,
    status,
    steps: steps.map((s) => ({
      mode: s.mode,
      approverIds: s.approverIds.map(Number),
      decisions: decisions.filter((d) => d.stepIndex === s.stepIndex).map((d) => ({ by: Number(d.deciderId), outcome: d.outcome })),
    })),
  };
}

/** The flow status an item row stands for (its final decision row says how a decided item ended). */
export function flowStatusOf(itemStatus: string, finalOutcome: "agree" | "refuse" | "return" | null): FlowStatus {
  if (itemStatus === "open") return "open";
  if (itemStatus === "cancelled") return "withdrawn";
  return finalOutcome === "refuse" ? "refused" : finalOutcome === "return" ? "returned" : "agreed";
}

export async function namesOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
