// 外出代理 (out-of-office delegates): while an approver is away, the colleague they named decides the approvals
// waiting for them. The decision counts as the approver's (the step's rule is about the people the path asked),
// and the log says who acted "as agent of" whom (approval_step_decisions.agent_id, the event's details).
import "server-only";
import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalDelegations, employees, type ApprovalDelegation } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, notFound } from "@/lib/errors";
import { addDays, zonedTimeToUtc } from "@/lib/time";
import type { DelegationRequest } from "./schemas";

export interface DelegationView {
  id: number;
  principal: { id: number; name: string; employeeNo: string };
  delegate: { id: number; name: string; employeeNo: string };
  startsAt: string;
  endsAt: string;
  reason: string;
  /** active: in force now · upcoming · ended (its time passed or it was ended early). */
  state: "active" | "upcoming" | "ended";
}

/** An active colleague by 工号, or a 422 naming what is wrong (never a 5xx for a typo). */
export async function colleagueByNo(db: Db, employeeNo: string, field: string): Promise<{ id: number; name: string; employeeNo: string }> {
  const [e] = await db.select({ id: employees.id, name: employees.name, employeeNo: employees.employeeNo, status: employees.status }).from(employees).where(eq(employees.employeeNo, employeeNo));
  if (!e) throw new AppError("bad_request", 422, `${field}: no employee with number ${employeeNo}`, { reason: "unknown_employee" });
  if (e.status !== "active") throw new AppError("bad_request", 422, `${field}: ${e.name} has left the company`, { reason: "departed" });
  return { id: e.id, name: e.name, employeeNo: e.employeeNo };
}

/** Set a delegation for the viewer. Same start again → the stored one (200); an overlapping one → 409 naming it. */
export async function setDelegation(db: Db, viewer: Viewer, input: DelegationRequest): Promise<{ delegation: DelegationView; created: boolean }> {
  return db.transaction(async (tx) => {
    const delegate = await colleagueByNo(tx, input.delegate_employee_no, "delegate_employee_no");
    if (delegate.id === viewer.employeeId) throw new AppError("bad_request", 422, "delegate_employee_no: you cannot be your own delegate", { reason: "self" });
    const startsAt = zonedTimeToUtc(input.start_date, "00:00");
    const endsAt = zonedTimeToUtc(addDays(input.end_date, 1), "00:00");
    // Serialise the principal's delegations (the row lock on their employee row), then look for an overlap.
    await tx.select({ id: employees.id }).from(employees).where(eq(employees.id, viewer.employeeId)).for("update");
    const [same] = await tx.select().from(approvalDelegations).where(and(eq(approvalDelegations.principalId, viewer.employeeId), eq(approvalDelegations.startsAt, startsAt), isNull(approvalDelegations.revokedAt)));
    if (same && Number(same.delegateId) === delegate.id && same.endsAt.getTime() === endsAt.getTime()) return { delegation: (await viewsOf(tx, [same]))[0], created: false };
    const [overlap] = await tx
      .select()
      .from(approvalDelegations)
      .where(and(eq(approvalDelegations.principalId, viewer.employeeId), isNull(approvalDelegations.revokedAt), sql`${approvalDelegations.startsAt} < ${endsAt.toISOString()}::timestamptz`, gt(approvalDelegations.endsAt, startsAt)))
      .limit(1);
    if (overlap) {
      const [v] = await viewsOf(tx, [overlap]);
      throw new AppError("conflict", 409, `you already have a delegate for part of this period: ${v.delegate.name}; end that one first`, { reason: "overlap", delegationId: v.id, delegateName: v.delegate.name });
    }
    const [row] = await tx
      .insert(approvalDelegations)
      .values({ principalId: viewer.employeeId, delegateId: delegate.id, startsAt, endsAt, reason: input.reason })
      .onConflictDoUpdate({ target: [approvalDelegations.principalId, approvalDelegations.startsAt], set: { delegateId: delegate.id, endsAt, reason: input.reason, revokedAt: null, createdAt: sql`now()` } })
      .returning();
    return { delegation: (await viewsOf(tx, [row]))[0], created: true };
  });
}

/** End a delegation now (or cancel one not begun). Only its principal; ending an ended one changes nothing. */
export async function endDelegation(db: Db, viewer: Viewer, id: number): Promise<DelegationView> {
  const [row] = await db.select().from(approvalDelegations).where(and(eq(approvalDelegations.id, id), eq(approvalDelegations.principalId, viewer.employeeId)));
  if (!row) throw notFound("no such delegation of yours");
  if (row.revokedAt) return (await viewsOf(db, [row]))[0];
  const [ended] = await db.update(approvalDelegations).set({ revokedAt: sql`now()` }).where(and(eq(approvalDelegations.id, id), isNull(approvalDelegations.revokedAt))).returning();
  return (await viewsOf(db, [ended ?? row]))[0];
}

/** The viewer's delegations: the ones they set (as principal) and the ones naming them (as delegate), newest first. */
export async function myDelegations(db: Db, viewer: Viewer, now = new Date()): Promise<{ mine: DelegationView[]; forMe: DelegationView[] }> {
  const rows = await db
    .select()
    .from(approvalDelegations)
    .where(or(eq(approvalDelegations.principalId, viewer.employeeId), and(eq(approvalDelegations.delegateId, viewer.employeeId), isNull(approvalDelegations.revokedAt), gt(approvalDelegations.endsAt, now))))
    .orderBy(asc(approvalDelegations.startsAt));
  const views = await viewsOf(db, rows, now);
  return { mine: views.filter((v) => v.principal.id === viewer.employeeId).reverse().slice(0, 20), forMe: views.filter((v) => v.delegate.id === viewer.employeeId) };
}

/** Whom `delegateId` stands in for at `now`, among `candidates` (a step's approvers): their ids. */
export async function principalsFor(db: Db, delegateId: number, candidates: number[], now: Date): Promise<number[]> {
  if (!candidates.length) return [];
  const rows = await db
    .select({ principalId: approvalDelegations.principalId })
    .from(approvalDelegations)
    .where(and(eq(approvalDelegations.delegateId, delegateId), inArray(approvalDelegations.principalId, candidates), lte(approvalDelegations.startsAt, now), gt(approvalDelegations.endsAt, now), isNull(approvalDelegations.revokedAt)))
    .orderBy(asc(approvalDelegations.startsAt));
  return rows.map((r) => Number(r.principalId));
}

async function viewsOf(db: Db, rows: ApprovalDelegation[], now = new Date()): Promise<DelegationView[]> {
  if (!rows.length) return [];
  const ids = [...new Set(rows.flatMap((r) => [Number(r.principalId), Number(r.delegateId)]))];
  const people = new Map((await db.select({ id: employees.id, name: employees.name, employeeNo: employees.employeeNo }).from(employees).where(inArray(employees.id, ids))).map((p) => [p.id, p]));
  const who = (id: number) => people.get(id) ?? { id, name: "?", employeeNo: "" };
  return rows.map((r) => {
    const end = r.revokedAt && r.revokedAt < r.endsAt ? r.revokedAt : r.endsAt;
    return {
      id: r.id,
      principal: who(Number(r.principalId)),
      delegate: who(Number(r.delegateId)),
      startsAt: r.startsAt.toISOString(),
      endsAt: end.toISOString(),
      reason: r.reason,
      state: end <= now || (r.revokedAt && r.revokedAt <= r.startsAt) ? "ended" : r.startsAt > now ? "upcoming" : "active",
    };
  });
}
