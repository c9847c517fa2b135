// An approver decides an OA approval todo from the phone: agree / refuse / return with a comment. Under the item's
// row lock: the rules (rules.ts) → the decision row (UNIQUE per item: a racing second decision cannot stand) →
// the item's status → the audit event → the OA outbox row (same transaction, delivered exactly once by lib/oa-sync).
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalDecisions, approvalEvents, approvalItems, approvalItemSteps, employees } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, notFound } from "@/lib/errors";
import { enqueueOaChange, oaApprovalDecisionPayload } from "@/lib/oa-sync/outbox";
import { decideFlowStep } from "./flows/decide";
import { principalsFor } from "./flows/delegates";
import { decideNativeApproval, isNativeSource } from "./native/decide";
import { syncApprovalSurfaces } from "./notify/surfaces";
import { checkDecision, type DecisionRefusal } from "./rules";
import type { DecisionRequest } from "./schemas";

export interface DecisionResult {
  itemId: number;
  outcome: DecisionRequest["outcome"];
  decidedAt: string;
  /** Our own applications only: where the flow stands after this decision (open: a later step or member is asked). */
  flow?: { status: "open" | "agreed" | "refused" | "returned" | "withdrawn"; step: number; nextApproverIds: number[] };
}

function refusalError(r: DecisionRefusal): AppError {
  switch (r.code) {
    case "not_found":
      return notFound("no such approval item");
    case "not_approver":
      return new AppError("forbidden", 403, "only a current approver of this item may decide it");
    case "cancelled":
      return new AppError("conflict", 409, "the OA has withdrawn this item; there is nothing to decide", { reason: "cancelled" });
    case "decided_in_oa":
      return new AppError("conflict", 409, "this item was already decided in the OA", { reason: "decided_in_oa" });
    case "already_decided":
      return new AppError(
        "conflict",
        409,
        r.by ? `already decided by ${r.by}${r.at ? ` at ${r.at.toISOString()}` : ""}; only one decision stands` : "already decided; only one decision stands",
        { reason: "already_decided", decidedBy: r.by, decidedAt: r.at?.toISOString() ?? null },
      );
  }
}

async function standingDecision(db: Db, itemId: number) {
  const [d] = await db
    .select({ deciderName: employees.name, decidedAt: approvalDecisions.decidedAt })
    .from(approvalDecisions)
    .leftJoin(employees, eq(employees.id, approvalDecisions.deciderId))
    .where(eq(approvalDecisions.itemId, itemId));
  return d ?? null;
}

/**
 * Decide `itemId` as `viewer`. 404 when the viewer may not see the item (not an approver, not the applicant, not
 * HR/admin), 403 when they see it but are not a current approver, 409 when it is not open (with who decided).
 */
export async function decideApproval(db: Db, viewer: Viewer, itemId: number, input: DecisionRequest, client: string): Promise<DecisionResult> {
  // A mirrored WeCom / DingTalk approval is decided at its vendor (native/decide.ts), not here.
  const [src] = await db.select({ source: approvalItems.source }).from(approvalItems).where(eq(approvalItems.id, itemId));
  if (src && isNativeSource(src.source)) return decideNativeApproval(db, viewer, itemId, input, client);
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: approvalItems.id, source: approvalItems.source, externalId: approvalItems.externalId, version: approvalItems.version, status: approvalItems.status, approverIds: approvalItems.approverIds, applicantId: approvalItems.applicantId })
      .from(approvalItems)
      .where(eq(approvalItems.id, itemId))
      .for("update");
    if (item?.source === "app") {
      // Our own application: step by step (flows/decide.ts); seen by everyone on its path, the applicant, HR/admin.
      const onPath = await tx.select({ n: sql<number>`1` }).from(approvalItemSteps).where(and(eq(approvalItemSteps.itemId, itemId), sql`${approvalItemSteps.approverIds} @> ARRAY[${viewer.employeeId}]::bigint[]`)).limit(1);
      const delegateOf = onPath.length ? [] : await principalsFor(tx, viewer.employeeId, item.approverIds.map(Number), new Date());
      if (!onPath.length && !delegateOf.length && Number(item.applicantId) !== viewer.employeeId && !viewer.roles.has("hr") && !viewer.roles.has("admin")) throw notFound("no such approval item");
      const r = await decideFlowStep(tx, viewer, item, input, client);
      return { itemId, outcome: input.outcome, decidedAt: r.at, flow: { status: r.status, step: r.stepIndex, nextApproverIds: r.nextApproverIds } };
    }
    const mayView = item && (item.approverIds.map(Number).includes(viewer.employeeId) || Number(item.applicantId) === viewer.employeeId || viewer.roles.has("hr") || viewer.roles.has("admin"));
    const refusal = checkDecision(
      mayView ? { status: item.status, approverIds: item.approverIds.map(Number), applicantId: Number(item.applicantId) } : null,
      viewer.employeeId,
      mayView ? await standingDecision(tx, itemId) : null,
    );
    if (refusal) throw refusalError(refusal);

    const comment = input.comment.trim();
    const [decision] = await tx
      .insert(approvalDecisions)
      .values({ itemId, outcome: input.outcome, comment, deciderId: viewer.employeeId, client })
      .onConflictDoNothing({ target: approvalDecisions.itemId })
      .returning({ id: approvalDecisions.id, decidedAt: approvalDecisions.decidedAt });
    // The row lock serialises deciders; the unique index is the backstop should anything bypass it.
    if (!decision) {
      const d = await standingDecision(tx, itemId);
      throw refusalError({ code: "already_decided", by: d?.deciderName ?? null, at: d?.decidedAt ?? null });
    }

    await tx.update(approvalItems).set({ status: "decided", updatedAt: sql`now()` }).where(and(eq(approvalItems.id, itemId), eq(approvalItems.status, "open")));
    await tx.insert(approvalEvents).values({ itemId, kind: "decide", actorId: viewer.employeeId, client, comment: comment || null, details: { outcome: input.outcome, version: item.version } });
    const payload = oaApprovalDecisionPayload.parse({
      record_id: itemId,
      approval_id: item.externalId,
      approval_version: item.version,
      outcome: input.outcome,
      comment,
      decider_employee_no: viewer.employeeNo,
      decider_name: viewer.name,
      decided_at: new Date(decision.decidedAt).toISOString(),
      client,
      version: 1,
    });
    await enqueueOaChange(tx, { aggregateType: "approval_decision", aggregateId: itemId, version: 1, payload });
    await syncApprovalSurfaces(tx, itemId);
    return { itemId, outcome: input.outcome, decidedAt: payload.decided_at };
  });
}

/** "WeCom iOS", "DingTalk Android", "Browser": which client a decision came from (kept in the audit, no identifiers). */
export function clientOf(userAgent: string | null): string {
  const ua = userAgent ?? "";
  const app = /wxwork/i.test(ua) ? "WeCom" : /DingTalk/i.test(ua) ? "DingTalk" : "Browser";
  const os = /iPhone|iPad|iOS/i.test(ua) ? "iOS" : /Android/i.test(ua) ? "Android" : /Windows/i.test(ua) ? "Windows" : /Mac OS/i.test(ua) ? "macOS" : "other";
  return `${app} ${os}`;
}
