import { sql } from "drizzle-orm";
import { bigserial, bigint, check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/**
 * 外出代理: while `principal` is away (starts_at ≤ now < ends_at), `delegate` may decide the approvals waiting for
 * them; each such decision counts as the principal's and is logged "as agent of" the principal. One delegate at a
 * time per principal (overlaps are refused when set, under the principal's row lock); ending one early sets
 * revoked_at. Natural key: (principal, starts_at) — setting the same period again changes nothing.
 */
export const approvalDelegations = pgTable(
  "approval_delegations",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    principalId: bigint({ mode: "number" }).notNull(),
    delegateId: bigint({ mode: "number" }).notNull(),
    startsAt: ts().notNull(),
    endsAt: ts().notNull(),
    reason: text().notNull().default(""),
    createdAt: ts().notNull().defaultNow(),
    revokedAt: ts(),
  },
  (t) => [
    uniqueIndex("approval_delegations_uq").on(t.principalId, t.startsAt),
    index("approval_delegations_delegate_idx").on(t.delegateId, t.endsAt),
    check("approval_delegations_period", sql`${t.endsAt} > ${t.startsAt}`),
    check("approval_delegations_not_self", sql`${t.delegateId} <> ${t.principalId}`),
  ],
);
export type ApprovalDelegation = typeof approvalDelegations.$inferSelect;
