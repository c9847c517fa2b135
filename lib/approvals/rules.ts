// The approval rules, pure (no I/O): what a pushed version does to the item we hold, and whether a decision may
// be taken. The database applies the same rules under a row lock (receive.ts, events.ts, decide.ts).

export type ItemStatus = "open" | "decided" | "cancelled" | "decided_in_oa";

export interface HeldItem {
  version: number;
  status: ItemStatus;
}

export type PushVerdict =
  | { result: "accepted"; status: ItemStatus; event: "submit" | "update" | "cancel"; note?: "after_decision" }
  | { result: "duplicate" }
  | { result: "stale"; held: number };

/**
 * A pushed version against the item we hold: new → created; older → stale (never overwrites); same → duplicate;
 * newer → its fields replace ours. Its status applies only while nobody has decided: once decided here (or in the
 * OA), the decision stands — a later "cancelled" is logged, not applied.
 */
export function applyPush(held: HeldItem | null, push: { version: number; status: "open" | "cancelled" }): PushVerdict {
  if (!held) return { result: "accepted", status: push.status, event: push.status === "cancelled" ? "cancel" : "submit" };
  if (push.version < held.version) return { result: "stale", held: held.version };
  if (push.version === held.version) return { result: "duplicate" };
  const event = push.status === "cancelled" ? "cancel" : "update";
  if (held.status === "decided" || held.status === "decided_in_oa") return { result: "accepted", status: held.status, event, note: "after_decision" };
  return { result: "accepted", status: push.status, event };
}

export type DecisionRefusal =
  | { code: "not_found" }
  | { code: "not_approver" }
  | { code: "cancelled" }
  | { code: "already_decided"; by: string | null; at: Date | null }
  | { code: "decided_in_oa" };

/**
 * May `viewerId` decide this item now? Only a current approver, only while it is open. `decision` is the one
 * standing (if any): a second decision is refused with who decided first.
 */
export function checkDecision(
  item: { status: ItemStatus; approverIds: readonly number[]; applicantId: number } | null,
  viewerId: number,
  decision: { deciderName: string | null; decidedAt: Date | null } | null,
): DecisionRefusal | null {
  if (!item) return { code: "not_found" };
  if (!item.approverIds.includes(viewerId)) return { code: "not_approver" };
  if (item.status === "cancelled") return { code: "cancelled" };
  if (item.status === "decided_in_oa") return { code: "decided_in_oa" };
  if (item.status === "decided" || decision) return { code: "already_decided", by: decision?.deciderName ?? null, at: decision?.decidedAt ?? null };
  return null;
}

/** Newest and overdue first: overdue (soonest due first), then everything else newest submitted first. */
export function todoOrder(a: { dueAt: Date | null; submittedAt: Date; id: number }, b: { dueAt: Date | null; submittedAt: Date; id: number }, now: Date): number {
  const ao = a.dueAt !== null && a.dueAt.getTime() < now.getTime();
  const bo = b.dueAt !== null && b.dueAt.getTime() < now.getTime();
  if (ao !== bo) return ao ? -1 : 1;
  if (ao && bo) return a.dueAt!.getTime() - b.dueAt!.getTime() || b.id - a.id;
  return b.submittedAt.getTime() - a.submittedAt.getTime() || b.id - a.id;
}
