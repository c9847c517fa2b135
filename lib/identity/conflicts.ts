// The HR conflict queue: vendor accounts the ledger would not guess about. HR sees the evidence, then links
// the account to one employee or rejects it. Every decision is audited. HR and admins only.
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { departments, employees, identities, identityConflicts } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import { assertMayLinkSignInAccountTo } from "@/lib/auth/grants";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { linkIdentity } from "./ledger";

function assertHr(viewer: Viewer) {
  if (!canSeeEveryone(viewer)) throw forbidden("identity conflicts are for HR and admins");
}

export const conflictStatus = z.enum(["open", "linked", "rejected"]);

export interface ConflictCandidate {
  id: number;
  employeeNo: string;
  name: string;
  mobile: string | null;
  email: string | null;
  status: string;
  departmentName: string | null;
  identities: { provider: string; externalId: string }[];
}

export interface ConflictView {
  id: number;
  provider: string;
  corpId: string;
  externalId: string;
  reason: string;
  status: string;
  evidence: Record<string, unknown>;
  candidates: ConflictCandidate[];
  resolvedEmployeeId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

async function candidatesOf(db: Db, ids: number[]): Promise<ConflictCandidate[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: employees.id,
      employeeNo: employees.employeeNo,
      name: employees.name,
      mobile: employees.mobile,
      email: employees.email,
      status: employees.status,
      departmentName: departments.name,
    })
    .from(employees)
    .leftJoin(departments, eq(departments.id, employees.departmentId))
    .where(inArray(employees.id, ids));
  const links = await db
    .select({ employeeId: identities.employeeId, provider: identities.provider, externalId: identities.externalId })
    .from(identities)
    .where(inArray(identities.employeeId, ids));
  return rows.map((r) => ({ ...r, identities: links.filter((l) => l.employeeId === r.id).map(({ provider, externalId }) => ({ provider, externalId })) }));
}

export async function listConflicts(db: Db, viewer: Viewer, args: { status?: z.infer<typeof conflictStatus>; limit?: number } = {}): Promise<ConflictView[]> {
  assertHr(viewer);
  const rows = await db
    .select()
    .from(identityConflicts)
    .where(eq(identityConflicts.status, args.status ?? "open"))
    .orderBy(desc(identityConflicts.updatedAt), desc(identityConflicts.id))
    .limit(Math.min(args.limit ?? 100, 500));
  const all = await candidatesOf(db, [...new Set(rows.flatMap((r) => r.candidateEmployeeIds))]);
  return rows.map((r) => ({
    id: r.id,
    provider: r.provider,
    corpId: r.corpId,
    externalId: r.externalId,
    reason: r.reason,
    status: r.status,
    evidence: r.evidence,
    candidates: all.filter((c) => r.candidateEmployeeIds.includes(c.id)),
    resolvedEmployeeId: r.resolvedEmployeeId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }));
}

export const linkInput = z.object({
  conflictId: z.coerce.number().int().positive(),
  employeeId: z.coerce.number().int().positive().optional(),
  /** Instead of employeeId: the employee number HR typed. Resolved only after the role check (no number oracle). */
  employeeNo: z.string().trim().min(1).max(64).optional(),
});
export const rejectInput = z.object({ conflictId: z.coerce.number().int().positive(), note: z.string().max(500).optional() });

/** Link the vendor account to one employee (any active employee HR chooses, candidate or not). */
export async function linkConflict(db: Db, viewer: Viewer, input: z.infer<typeof linkInput>): Promise<{ identityId: number }> {
  assertHr(viewer); // first: nobody else learns whether a conflict or an employee number exists
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(identityConflicts).where(eq(identityConflicts.id, input.conflictId)).for("update");
    if (!c) throw notFound("conflict not found");
    if (c.status !== "open") throw new AppError("conflict", 409, `conflict already ${c.status}`);
    const byId = input.employeeId !== undefined ? eq(employees.id, input.employeeId) : input.employeeNo ? eq(employees.employeeNo, input.employeeNo) : null;
    if (!byId) throw notFound("choose an employee");
    const [emp] = await tx.select({ id: employees.id, status: employees.status }).from(employees).where(byId);
    if (!emp) throw notFound("employee not found");
    if (emp.status !== "active") throw new AppError("conflict", 409, "employee has departed");
    await assertMayLinkSignInAccountTo(tx as unknown as Db, viewer, emp.id);
    const [taken] = await tx
      .select({ employeeId: identities.employeeId })
      .from(identities)
      .where(and(eq(identities.provider, c.provider as "wecom"), eq(identities.corpId, c.corpId), eq(identities.externalId, c.externalId)));
    if (taken && taken.employeeId !== emp.id) throw new AppError("conflict", 409, "vendor account already linked to another employee");
    const ev = c.evidence as { unionId?: string | null };
    const identityId = await linkIdentity(
      tx as unknown as Db,
      { provider: c.provider as "wecom" | "dingtalk", corpId: c.corpId, externalId: c.externalId, unionId: ev.unionId ?? undefined },
      emp.id,
      "hr_manual",
    );
    await tx
      .update(identityConflicts)
      .set({ status: "linked", resolvedEmployeeId: emp.id, resolvedBy: viewer.employeeId, resolvedAt: new Date(), updatedAt: new Date() })
      .where(eq(identityConflicts.id, c.id));
    await writeAudit(tx as unknown as Db, viewer, "identity.link", { type: "identity_conflict", id: c.id }, {
      provider: c.provider,
      externalId: c.externalId,
      employeeId: emp.id,
      reason: c.reason,
    });
    return { identityId };
  });
}

export async function rejectConflict(db: Db, viewer: Viewer, input: z.infer<typeof rejectInput>): Promise<void> {
  assertHr(viewer);
  await db.transaction(async (tx) => {
    const [c] = await tx.select().from(identityConflicts).where(eq(identityConflicts.id, input.conflictId)).for("update");
    if (!c) throw notFound("conflict not found");
    if (c.status !== "open") throw new AppError("conflict", 409, `conflict already ${c.status}`);
    await tx
      .update(identityConflicts)
      .set({ status: "rejected", resolvedBy: viewer.employeeId, resolvedAt: new Date(), updatedAt: new Date() })
      .where(eq(identityConflicts.id, c.id));
    await writeAudit(tx as unknown as Db, viewer, "identity.reject", { type: "identity_conflict", id: c.id }, {
      provider: c.provider,
      externalId: c.externalId,
      reason: c.reason,
      note: input.note ?? null,
    });
  });
}
