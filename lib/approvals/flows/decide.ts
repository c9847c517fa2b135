// A decision or a withdrawal on one of our own applications, under the item's row lock (taken by the caller for
// decisions: lib/approvals/decide.ts locks the row, sees source "app" and hands over). The pure state machine
// (transition.ts) says what happens; this writes it: the step decision (UNIQUE per item, step, decider), the steps'
// statuses, the item's current approvers and status, the final decision row when the item ends, the audit event.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalDecisions, approvalEvents, approvalItems, approvalItemSteps, approvalStepDecisions } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, notFound } from "@/lib/errors";
import { syncApprovalSurfaces } from "../notify/surfaces";
import type { DecisionRequest } from "../schemas";
import { activateStep } from "../escalation/deadline";
import { principalsFor } from "./delegates";
import { enqueueApprovalSnapshot } from "./oa";
import { applyApprovedEffects } from "./effects";
import { flowStatusOf, loadFlowState, namesOf } from "./state";
import { currentApprovers, transition, type FlowRefusal, type FlowState } from "./transition";

export interface FlowActResult {
  itemId: number;
  status: FlowState["status"];
  /** The step the act was taken on (-1 for a withdrawal). */
  stepIndex: number;
  /** Who is asked now (empty once the item has ended). */
  nextApproverIds: number[];
  at: string;
}

const TRANSFEREE_WORD = { applicant: "cannot transfer to the applicant", self: "cannot transfer to yourself", on_step: "that person is already asked on this step" } as const;

const ENDED_WORD: Record<string, string> = { agreed: "approved", refused: "refused", returned: "returned to the applicant", withdrawn: "withdrawn by the applicant" };

async function refusalError(db: Db, r: FlowRefusal): Promise<AppError> {
  const name = async (id: number | null) => (id === null ? null : ((await namesOf(db, [id])).get(id) ?? null));
  switch (r.code) {
    case "not_approver":
      return new AppError("forbidden", 403, "only a current approver of this item may decide it");
    case "not_yet":
      return new AppError("conflict", 409, "your step is not open yet: an earlier step is still waiting", { reason: "not_yet" });
    case "already_decided": {
      const by = await name(r.by);
      return new AppError("conflict", 409, `already decided by ${by ?? "another approver"}; only one decision stands`, { reason: "already_decided", decidedBy: by });
    }
    case "ended": {
      const by = await name(r.by);
      return new AppError("conflict", 409, `this application has ended: ${ENDED_WORD[r.status]}${by ? ` by ${by}` : ""}`, { reason: r.status, decidedBy: by });
    }
    case "not_applicant":
      return new AppError("forbidden", 403, "only the applicant may withdraw an application");
    case "has_decision": {
      const by = await name(r.by);
      return new AppError("conflict", 409, `${by ?? "an approver"} has already decided; it can no longer be withdrawn`, { reason: "has_decision", decidedBy: by });
    }
    case "bad_transferee":
      return new AppError("bad_request", 422, TRANSFEREE_WORD[r.reason], { reason: `transfer_to_${r.reason}` });
  }
}

interface LockedItem {
  id: number;
  status: string;
  applicantId: number;
}

async function finalOutcome(db: Db, itemId: number) {
  const [d] = await db.select({ outcome: approvalDecisions.outcome }).from(approvalDecisions).where(eq(approvalDecisions.itemId, itemId));
  return d?.outcome ?? null;
}

/** Decide the active step of an app item the caller has locked (FOR UPDATE) in `tx`. */
/**
 * Whom the viewer decides as: themselves when the path asks them now; else, 外出代理, the first current approver
 * whose delegation names them and is in force; null when neither (the state machine then says why).
 */
export async function actingAs(tx: Db, viewer: Viewer, state: FlowState, now = new Date()): Promise<{ as: number; agent: number | null }> {
  const current = currentApprovers(state);
  if (current.includes(viewer.employeeId)) return { as: viewer.employeeId, agent: null };
  const [principal] = await principalsFor(tx, viewer.employeeId, current, now);
  return principal === undefined ? { as: viewer.employeeId, agent: null } : { as: principal, agent: viewer.employeeId };
}

/** For the log: "as agent of" whom (id and name, kept with the event as it was then). */
async function agentDetails(tx: Db, actor: { as: number; agent: number | null }): Promise<Record<string, unknown>> {
  if (!actor.agent) return {};
  return { onBehalfOf: actor.as, onBehalfOfName: (await namesOf(tx, [actor.as])).get(actor.as) ?? null };
}

export async function decideFlowStep(tx: Db, viewer: Viewer, item: LockedItem, input: DecisionRequest, client: string): Promise<FlowActResult> {
  const state = await loadFlowState(tx, item.id, Number(item.applicantId), flowStatusOf(item.status, await finalOutcome(tx, item.id)));
  const actor = await actingAs(tx, viewer, state);
  const t = transition(state, { kind: "decide", by: actor.as, outcome: input.outcome });
  if (!t.ok) throw await refusalError(tx, t.refusal);
  const comment = input.comment.trim();
  const [row] = await tx
    .insert(approvalStepDecisions)
    .values({ itemId: item.id, stepIndex: t.stepIndex, deciderId: actor.as, agentId: actor.agent, outcome: input.outcome, comment, client })
    .onConflictDoNothing()
    .returning({ decidedAt: approvalStepDecisions.decidedAt });
  // The row lock serialises deciders; the unique index is the backstop should anything bypass it.
  if (!row) throw await refusalError(tx, { code: "already_decided", by: actor.as });

  const s = t.state;
  if (t.stepEnded) {
    const stepStatus = s.status === "refused" ? "refused" : s.status === "returned" ? "returned" : "agreed";
    await tx.update(approvalItemSteps).set({ status: stepStatus, endedAt: sql`clock_timestamp()` }).where(and(eq(approvalItemSteps.itemId, item.id), eq(approvalItemSteps.stepIndex, t.stepIndex)));
    // The next step's 审批超时 clock starts now (activated_at; the item's due_at becomes its deadline).
    if (!t.ended) await activateStep(tx, item.id, t.stepIndex + 1);
  }
  const next = currentApprovers(s);
  if (t.ended) {
    const outcome = s.status === "refused" ? "refuse" : s.status === "returned" ? "return" : "agree";
    // The item's one standing decision (what the list, the pull API and the item page read); no OA to write back to.
    await tx.insert(approvalDecisions).values({ itemId: item.id, outcome, comment, deciderId: actor.as, client, writeBack: "skipped" });
    await tx.update(approvalItems).set({ status: "decided", approverIds: [], updatedAt: sql`now()` }).where(and(eq(approvalItems.id, item.id), eq(approvalItems.status, "open")));
    if (s.status === "agreed") await applyApprovedEffects(tx, item.id);
  } else {
    await tx.update(approvalItems).set({ approverIds: next, updatedAt: sql`now()` }).where(eq(approvalItems.id, item.id));
  }
  await tx.insert(approvalEvents).values({
    itemId: item.id,
    kind: "decide",
    actorId: viewer.employeeId,
    client,
    comment: comment || null,
    details: { outcome: input.outcome, step: t.stepIndex, mode: state.steps[t.stepIndex].mode, stepEnded: t.stepEnded, result: s.status, next, ...(await agentDetails(tx, actor)) },
  });
  // Cards / 待办 follow: the decider's closes, a newly active step is asked, an ended item's applicant is told.
  await syncApprovalSurfaces(tx, item.id);
  await enqueueApprovalSnapshot(tx, item.id);
  return { itemId: item.id, status: s.status, stepIndex: t.stepIndex, nextApproverIds: next, at: new Date(row.decidedAt).toISOString() };
}

/** The applicant withdraws their application before anyone has decided any step. */
export async function withdrawApplication(db: Db, viewer: Viewer, itemId: number, client: string): Promise<FlowActResult> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: approvalItems.id, source: approvalItems.source, status: approvalItems.status, applicantId: approvalItems.applicantId, approverIds: approvalItems.approverIds })
      .from(approvalItems)
      .where(eq(approvalItems.id, itemId))
      .for("update");
    // Only our own applications can be withdrawn here (the OA withdraws its items itself); others see nothing.
    const mayView = item && (Number(item.applicantId) === viewer.employeeId || item.approverIds.map(Number).includes(viewer.employeeId) || viewer.roles.has("hr") || viewer.roles.has("admin"));
    if (!item || item.source !== "app" || !mayView) throw notFound("no such application");
    const state = await loadFlowState(tx, item.id, Number(item.applicantId), flowStatusOf(item.status, await finalOutcome(tx, item.id)));
    const t = transition(state, { kind: "withdraw", by: viewer.employeeId });
    if (!t.ok) throw await refusalError(tx, t.refusal);
    await tx.update(approvalItemSteps).set({ status: "withdrawn", endedAt: sql`clock_timestamp()` }).where(and(eq(approvalItemSteps.itemId, item.id), eq(approvalItemSteps.status, "active")));
    await tx.update(approvalItems).set({ status: "cancelled", approverIds: [], updatedAt: sql`now()` }).where(and(eq(approvalItems.id, item.id), eq(approvalItems.status, "open")));
    await tx.insert(approvalEvents).values({ itemId: item.id, kind: "withdraw", actorId: viewer.employeeId, client, details: {} });
    await syncApprovalSurfaces(tx, item.id);
    await enqueueApprovalSnapshot(tx, item.id);
    return { itemId: item.id, status: "withdrawn", stepIndex: -1, nextApproverIds: [], at: new Date().toISOString() };
  });
}

/**
 * 转交: an approver of the active step (or their delegate) hands that place to `toId`, with a note. The step's
 * members and the item's current approvers change; the clock of the step runs on (the deadline is the step's, not
 * the person's); the old approver's card/待办 closes and the newcomer is asked (syncApprovalSurfaces).
 */
export async function transferStep(db: Db, viewer: Viewer, itemId: number, toId: number, comment: string, client: string): Promise<FlowActResult> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: approvalItems.id, source: approvalItems.source, status: approvalItems.status, applicantId: approvalItems.applicantId })
      .from(approvalItems)
      .where(eq(approvalItems.id, itemId))
      .for("update");
    if (!item || item.source !== "app") throw notFound("no such application");
    const state = await loadFlowState(tx, item.id, Number(item.applicantId), flowStatusOf(item.status, await finalOutcome(tx, item.id)));
    const actor = await actingAs(tx, viewer, state);
    const onPath = state.steps.some((st) => st.approverIds.includes(actor.as));
    if (!onPath && !viewer.roles.has("hr") && !viewer.roles.has("admin")) throw notFound("no such application");
    const t = transition(state, { kind: "transfer", by: actor.as, to: toId });
    if (!t.ok) throw await refusalError(tx, t.refusal);
    await tx.update(approvalItemSteps).set({ approverIds: t.state.steps[t.stepIndex].approverIds as number[] }).where(and(eq(approvalItemSteps.itemId, item.id), eq(approvalItemSteps.stepIndex, t.stepIndex)));
    const next = currentApprovers(t.state);
    await tx.update(approvalItems).set({ approverIds: next, updatedAt: sql`now()` }).where(eq(approvalItems.id, item.id));
    await tx.insert(approvalEvents).values({
      itemId: item.id,
      kind: "transfer",
      actorId: viewer.employeeId,
      client,
      comment: comment.trim() || null,
      details: { step: t.stepIndex, from: actor.as, to: toId, toName: (await namesOf(tx, [toId])).get(toId) ?? null, next, ...(await agentDetails(tx, actor)) },
    });
    await syncApprovalSurfaces(tx, item.id);
    await enqueueApprovalSnapshot(tx, item.id);
    return { itemId: item.id, status: "open", stepIndex: t.stepIndex, nextApproverIds: next, at: new Date().toISOString() };
  });
}
