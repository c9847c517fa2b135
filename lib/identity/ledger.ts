// The identity ledger: a vendor account becomes an employee only through `identities`.
// First-seen matching order: employee number → an earlier link of the same vendor id → mobile → email.
// Never a fuzzy name. Ambiguity (two candidates, a key pointing at two people) goes to the HR queue.
import "server-only";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, identities, identityConflicts } from "@/db/schema";

export type Provider = "wecom" | "dingtalk";

export interface VendorAccount {
  provider: Provider;
  corpId: string;
  externalId: string;
  unionId?: string;
  name?: string;
  employeeNo?: string;
  mobile?: string;
  email?: string;
}

export type MatchKey = "employee_no" | "vendor_id" | "mobile" | "email";

export type LedgerResult =
  | { ok: true; employeeId: number; identityId: number; matchedBy: string; firstSeen: boolean }
  | { ok: false; reason: "unknown_user" | "departed" | "ambiguous" | "rejected"; conflictId: number | null; employeeId?: number };

const normMobile = (m?: string) => {
  if (!m) return undefined;
  const d = m.replace(/[\s-]/g, "").replace(/^\+?86/, "");
  return d.length >= 5 ? d : undefined;
};
const normEmail = (e?: string) => (e && e.includes("@") ? e.trim().toLowerCase() : undefined);

/** Evidence HR sees in the queue: what the vendor said, never secrets. */
function evidenceOf(a: VendorAccount, extra: Record<string, unknown> = {}) {
  return { name: a.name ?? null, employeeNo: a.employeeNo ?? null, mobile: a.mobile ?? null, email: a.email ?? null, unionId: a.unionId ?? null, ...extra };
}

/** Open (or refresh) the conflict for this vendor account; one open conflict per account. */
export async function openConflict(
  db: Db,
  a: VendorAccount,
  reason: "no_match" | "ambiguous" | "key_collision" | "departed",
  candidateEmployeeIds: number[],
  extra: Record<string, unknown> = {},
): Promise<number> {
  const evidence = evidenceOf(a, extra);
  const [row] = await db
    .insert(identityConflicts)
    .values({ provider: a.provider, corpId: a.corpId, externalId: a.externalId, reason, candidateEmployeeIds, evidence })
    .onConflictDoUpdate({
      target: [identityConflicts.provider, identityConflicts.corpId, identityConflicts.externalId],
      targetWhere: sql`status = 'open'`,
      set: { reason, candidateEmployeeIds, evidence, updatedAt: sql`now()` },
    })
    .returning({ id: identityConflicts.id });
  return row.id;
}

async function candidatesBy(db: Db, key: MatchKey, a: VendorAccount): Promise<{ id: number; status: string }[]> {
  switch (key) {
    case "employee_no": {
      const no = a.employeeNo?.trim();
      if (!no) return [];
      return db.select({ id: employees.id, status: employees.status }).from(employees).where(eq(employees.employeeNo, no));
    }
    case "vendor_id": {
      // An earlier link of the same vendor account: same external id under another corp id, or the same unionid.
      const conds = [and(eq(identities.provider, a.provider), eq(identities.externalId, a.externalId))];
      if (a.unionId) conds.push(and(eq(identities.provider, a.provider), eq(identities.unionId, a.unionId)));
      const links = await db.selectDistinct({ employeeId: identities.employeeId }).from(identities).where(or(...conds));
      if (links.length === 0) return [];
      return db
        .select({ id: employees.id, status: employees.status })
        .from(employees)
        .where(inArray(employees.id, links.map((l) => l.employeeId)));
    }
    case "mobile": {
      const m = normMobile(a.mobile);
      if (!m) return [];
      return db.select({ id: employees.id, status: employees.status }).from(employees).where(eq(employees.mobile, m));
    }
    case "email": {
      const e = normEmail(a.email);
      if (!e) return [];
      return db
        .select({ id: employees.id, status: employees.status })
        .from(employees)
        .where(sql`lower(${employees.email}) = ${e}`);
    }
  }
}

const ORDER: MatchKey[] = ["employee_no", "vendor_id", "mobile", "email"];

/**
 * Whether this vendor account is in the ledger already (linked to someone, active or not). resolveVendorAccount
 * then decides by the link alone, so a sign-in need not fetch the vendor profile (name, 工号, mobile, e-mail) that
 * only first-seen matching reads: one vendor API call less per returning user (issue 12).
 */
export async function isKnownVendorAccount(db: Db, a: Pick<VendorAccount, "provider" | "corpId" | "externalId">): Promise<boolean> {
  const [row] = await db
    .select({ id: identities.id })
    .from(identities)
    .where(and(eq(identities.provider, a.provider), eq(identities.corpId, a.corpId), eq(identities.externalId, a.externalId)))
    .limit(1);
  return row !== undefined;
}

/**
 * Resolve a vendor account to an active employee. Creates the identity link on a unique match;
 * never creates an employee. Departed employees are refused (their link is kept for the record).
 */
export async function resolveVendorAccount(db: Db, a: VendorAccount): Promise<LedgerResult> {
  const [existing] = await db
    .select({ id: identities.id, employeeId: identities.employeeId, matchedBy: identities.matchedBy, status: employees.status })
    .from(identities)
    .innerJoin(employees, eq(employees.id, identities.employeeId))
    .where(and(eq(identities.provider, a.provider), eq(identities.corpId, a.corpId), eq(identities.externalId, a.externalId)));
  if (existing) {
    if (existing.status !== "active") return { ok: false, reason: "departed", conflictId: null, employeeId: existing.employeeId };
    return { ok: true, employeeId: existing.employeeId, identityId: existing.id, matchedBy: existing.matchedBy, firstSeen: false };
  }

  // HR rejected this account before: stay refused until HR links it.
  const [rejected] = await db
    .select({ id: identityConflicts.id })
    .from(identityConflicts)
    .where(
      and(
        eq(identityConflicts.provider, a.provider),
        eq(identityConflicts.corpId, a.corpId),
        eq(identityConflicts.externalId, a.externalId),
        eq(identityConflicts.status, "rejected"),
      ),
    )
    .limit(1);
  if (rejected) return { ok: false, reason: "rejected", conflictId: rejected.id };

  for (const key of ORDER) {
    const found = await candidatesBy(db, key, a);
    if (found.length === 0) continue;
    if (found.length > 1) {
      const conflictId = await openConflict(db, a, key === "vendor_id" ? "key_collision" : "ambiguous", found.map((f) => f.id), { key });
      return { ok: false, reason: "ambiguous", conflictId };
    }
    const [emp] = found;
    if (emp.status !== "active") return { ok: false, reason: "departed", conflictId: null, employeeId: emp.id };
    const identityId = await linkIdentity(db, a, emp.id, key);
    return { ok: true, employeeId: emp.id, identityId, matchedBy: key, firstSeen: true };
  }

  const conflictId = await openConflict(db, a, "no_match", []);
  return { ok: false, reason: "unknown_user", conflictId };
}

/** Insert the link (idempotent on provider+corp+external id); returns the identity id. */
export async function linkIdentity(db: Db, a: VendorAccount, employeeId: number, matchedBy: MatchKey | "hr_manual"): Promise<number> {
  await db
    .insert(identities)
    .values({
      provider: a.provider,
      corpId: a.corpId,
      externalId: a.externalId,
      unionId: a.unionId ?? null,
      employeeId,
      matchedBy,
      verifiedAt: new Date(),
    })
    .onConflictDoNothing();
  const [row] = await db
    .select({ id: identities.id, employeeId: identities.employeeId })
    .from(identities)
    .where(and(eq(identities.provider, a.provider), eq(identities.corpId, a.corpId), eq(identities.externalId, a.externalId)));
  return row.id;
}

/**
 * A claim (lib/meetings claimUnmatched): someone vouched that this account is `employeeId`. Link it (matched_by
 * hr_manual) unless the account is already linked; "taken" when it is linked to someone else.
 */
export async function linkClaimedAccount(
  db: Db,
  a: { provider: (typeof identities.$inferInsert)["provider"]; corpId: string; externalId: string },
  employeeId: number,
): Promise<"linked" | "taken"> {
  const linked = await db
    .insert(identities)
    .values({ provider: a.provider, corpId: a.corpId, externalId: a.externalId, employeeId, matchedBy: "hr_manual", verifiedAt: new Date() })
    .onConflictDoNothing()
    .returning({ employeeId: identities.employeeId });
  if (linked.length > 0) return "linked";
  const [existing] = await db
    .select({ employeeId: identities.employeeId })
    .from(identities)
    .where(and(eq(identities.provider, a.provider), eq(identities.corpId, a.corpId), eq(identities.externalId, a.externalId)));
  return existing && existing.employeeId !== employeeId ? "taken" : "linked";
}

/** Has HR refused to link this account (a rejected conflict)? Such an account stays refused for organisers. */
export async function linkWasRefused(db: Db, provider: string, externalId: string): Promise<boolean> {
  const [refused] = await db
    .select({ id: identityConflicts.id })
    .from(identityConflicts)
    .where(and(eq(identityConflicts.provider, provider), eq(identityConflicts.externalId, externalId), eq(identityConflicts.status, "rejected")))
    .limit(1);
  return refused !== undefined;
}
