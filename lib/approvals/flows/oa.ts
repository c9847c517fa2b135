// Our own applications in the OA (issue 15 item 7): after every act on one — submit, decide, 转交, withdraw, 撤销 —
// its whole state goes through the one OA outbox (aggregate "approval", docs/oa/schema.sql qiandao_approvals), in the
// act's transaction. The version is the number of acts logged on the item so far (approval_events other than views,
// append-only, taken under the item's row lock), so it only grows: the OA keeps the latest, a replay changes nothing.
import "server-only";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalApplications, approvalDecisions, approvalEvents, approvalItems, approvalItemSteps, approvalStepDecisions, employees } from "@/db/schema";
import { enqueueOaChange, type OaApprovalPayload } from "@/lib/oa-sync/outbox";
import { flowStatusOf } from "./state";

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

export async function enqueueApprovalSnapshot(tx: Db, itemId: number): Promise<void> {
  const [row] = await tx
    .select({ item: approvalItems, app: approvalApplications })
    .from(approvalItems)
    .innerJoin(approvalApplications, eq(approvalApplications.itemId, approvalItems.id))
    .where(and(eq(approvalItems.id, itemId), eq(approvalItems.source, "app")));
  if (!row) return;
  const { item, app } = row;
  // One after another: `tx` is one connection, where parallel queries only queue (and pg 8 warns that pg 9 refuses them).
  const steps = await tx.select().from(approvalItemSteps).where(eq(approvalItemSteps.itemId, itemId)).orderBy(asc(approvalItemSteps.stepIndex));
  const decisions = await tx.select().from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, itemId));
  const [final] = await tx.select({ outcome: approvalDecisions.outcome, decidedAt: approvalDecisions.decidedAt }).from(approvalDecisions).where(eq(approvalDecisions.itemId, itemId));
  const [{ acts }] = await tx.select({ acts: sql<number>`count(*)::int` }).from(approvalEvents).where(and(eq(approvalEvents.itemId, itemId), ne(approvalEvents.kind, "view")));
  const ids = [...new Set([Number(item.applicantId), ...steps.flatMap((s) => s.approverIds.map(Number)), ...item.approverIds.map(Number)])];
  const people = new Map((await tx.select({ id: employees.id, no: employees.employeeNo, name: employees.name }).from(employees).where(inArray(employees.id, ids))).map((p) => [Number(p.id), p]));
  const person = (id: number) => people.get(id) ?? { no: "", name: "" };
  const applicant = person(Number(item.applicantId));
  const status = app.revokedAt ? "revoked" : flowStatusOf(item.status, final?.outcome ?? null);
  const payload: OaApprovalPayload = {
    record_id: item.id,
    kind: app.kind,
    title: item.title,
    applicant_employee_no: applicant.no,
    applicant_name: applicant.name,
    status,
    form: app.form,
    steps: steps.map((s) => ({
      index: s.stepIndex,
      mode: s.mode,
      status: s.status,
      approvers: s.approverIds.map(Number).map((id) => {
        const d = decisions.find((x) => x.stepIndex === s.stepIndex && Number(x.deciderId) === id);
        return { employee_no: person(id).no, name: person(id).name, outcome: d?.outcome ?? null, comment: d?.comment ?? "", decided_at: iso(d?.decidedAt) };
      }),
    })),
    current_approver_employee_nos: item.approverIds.map((id) => person(Number(id)).no),
    submitted_at: iso(item.submittedAt)!,
    decided_at: iso(final?.decidedAt),
    revoked_at: iso(app.revokedAt),
    revoke_reason: app.revokeReason,
    version: Math.max(1, acts),
    updated_at: iso(item.updatedAt)!,
  };
  await enqueueOaChange(tx, { aggregateType: "approval", aggregateId: item.id, version: payload.version, payload });
}
