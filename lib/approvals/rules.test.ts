// The version/idempotency rules of the OA's push and the decision state machine, as named table cases.
import { describe, expect, it } from "vitest";
import { applyPush, checkDecision, todoOrder, type HeldItem, type PushVerdict } from "./rules";

describe("applyPush: one pushed version against the item we hold", () => {
  const cases: { name: string; held: HeldItem | null; push: { version: number; status: "open" | "cancelled" }; want: PushVerdict }[] = [
    { name: "new item → created open (submit)", held: null, push: { version: 1, status: "open" }, want: { result: "accepted", status: "open", event: "submit" } },
    { name: "new item pushed cancelled → created cancelled", held: null, push: { version: 3, status: "cancelled" }, want: { result: "accepted", status: "cancelled", event: "cancel" } },
    { name: "duplicate: the version we hold", held: { version: 2, status: "open" }, push: { version: 2, status: "open" }, want: { result: "duplicate" } },
    { name: "duplicate even when the status differs", held: { version: 2, status: "open" }, push: { version: 2, status: "cancelled" }, want: { result: "duplicate" } },
    { name: "stale version: older than held never overwrites", held: { version: 5, status: "open" }, push: { version: 4, status: "open" }, want: { result: "stale", held: 5 } },
    { name: "stale cancel: an old cancellation does not cancel", held: { version: 5, status: "open" }, push: { version: 1, status: "cancelled" }, want: { result: "stale", held: 5 } },
    { name: "newer version updates an open item", held: { version: 1, status: "open" }, push: { version: 2, status: "open" }, want: { result: "accepted", status: "open", event: "update" } },
    { name: "newer cancelled version cancels an open item", held: { version: 1, status: "open" }, push: { version: 2, status: "cancelled" }, want: { result: "accepted", status: "cancelled", event: "cancel" } },
    { name: "newer open version re-opens a cancelled item", held: { version: 2, status: "cancelled" }, push: { version: 3, status: "open" }, want: { result: "accepted", status: "open", event: "update" } },
    { name: "cancel after decision: logged, the decision stands", held: { version: 1, status: "decided" }, push: { version: 2, status: "cancelled" }, want: { result: "accepted", status: "decided", event: "cancel", note: "after_decision" } },
    { name: "update after decision: fields change, the decision stands", held: { version: 1, status: "decided" }, push: { version: 2, status: "open" }, want: { result: "accepted", status: "decided", event: "update", note: "after_decision" } },
    { name: "cancel after the OA decided it: stays decided_in_oa", held: { version: 1, status: "decided_in_oa" }, push: { version: 2, status: "cancelled" }, want: { result: "accepted", status: "decided_in_oa", event: "cancel", note: "after_decision" } },
  ];
  it.each(cases)("$name", ({ held, push, want }) => {
    expect(applyPush(held, push)).toEqual(want);
  });
});

describe("checkDecision: who may decide, and when", () => {
  const open = { status: "open" as const, approverIds: [10, 11], applicantId: 20 };
  const at = new Date("2026-12-05T02:00:00Z");
  const cases: { name: string; item: Parameters<typeof checkDecision>[0]; viewer: number; decision: Parameters<typeof checkDecision>[2]; want: ReturnType<typeof checkDecision> }[] = [
    { name: "a current approver decides an open item", item: open, viewer: 10, decision: null, want: null },
    { name: "any of several approvers may decide (或签)", item: open, viewer: 11, decision: null, want: null },
    { name: "the applicant is not an approver", item: open, viewer: 20, decision: null, want: { code: "not_approver" } },
    { name: "someone else is not an approver", item: open, viewer: 99, decision: null, want: { code: "not_approver" } },
    { name: "no such item", item: null, viewer: 10, decision: null, want: { code: "not_found" } },
    { name: "cancelled by the OA: nothing to decide", item: { ...open, status: "cancelled" }, viewer: 10, decision: null, want: { code: "cancelled" } },
    { name: "second decision: refused with who decided first", item: { ...open, status: "decided" }, viewer: 11, decision: { deciderName: "王芳", decidedAt: at }, want: { code: "already_decided", by: "王芳", at } },
    { name: "two racing decisions → one stands: the loser sees the winner's row even before the status changed", item: open, viewer: 11, decision: { deciderName: "王芳", decidedAt: at }, want: { code: "already_decided", by: "王芳", at } },
    { name: "decided in the OA", item: { ...open, status: "decided_in_oa" }, viewer: 10, decision: { deciderName: "王芳", decidedAt: at }, want: { code: "decided_in_oa" } },
    { name: "an approver removed by a newer version may no longer decide", item: { ...open, approverIds: [11] }, viewer: 10, decision: null, want: { code: "not_approver" } },
  ];
  it.each(cases)("$name", ({ item, viewer, decision, want }) => {
    expect(checkDecision(item, viewer, decision)).toEqual(want);
  });
});

describe("todoOrder: newest and overdue first", () => {
  it("puts overdue items first (soonest due first), then the rest newest first", () => {
    const now = new Date("2026-12-05T12:00:00Z");
    const items = [
      { id: 1, submittedAt: new Date("2026-12-05T08:00:00Z"), dueAt: null },
      { id: 2, submittedAt: new Date("2026-12-01T08:00:00Z"), dueAt: new Date("2026-12-04T00:00:00Z") }, // overdue
      { id: 3, submittedAt: new Date("2026-12-05T11:00:00Z"), dueAt: new Date("2026-12-09T00:00:00Z") }, // due later
      { id: 4, submittedAt: new Date("2026-12-02T08:00:00Z"), dueAt: new Date("2026-12-03T00:00:00Z") }, // overdue, earlier
    ];
    expect(items.sort((a, b) => todoOrder(a, b, now)).map((i) => i.id)).toEqual([4, 2, 3, 1]);
  });
});
