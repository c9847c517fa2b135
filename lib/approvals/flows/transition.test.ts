// The flow state machine, table-driven: each named case starts from a state, applies acts in order, and states the
// exact result of the last act and the status after it.
import { describe, expect, it } from "vitest";
import { shapeChain } from "./path";
import { currentApprovers, transition, type FlowAct, type FlowRefusal, type FlowState, type FlowStatus, type StepMode } from "./transition";

const APPLICANT = 1;
const A = 10, B = 11, C = 12, H = 20;
const state = (...steps: [StepMode, number[]][]): FlowState => ({ applicantId: APPLICANT, status: "open", steps: steps.map(([mode, approverIds]) => ({ mode, approverIds, decisions: [] })) });
const agree = (by: number): FlowAct => ({ kind: "decide", by, outcome: "agree" });
const refuse = (by: number): FlowAct => ({ kind: "decide", by, outcome: "refuse" });
const ret = (by: number): FlowAct => ({ kind: "decide", by, outcome: "return" });
const withdraw = (by: number): FlowAct => ({ kind: "withdraw", by });
const transfer = (by: number, to: number): FlowAct => ({ kind: "transfer", by, to });
const D = 30;

interface Case {
  name: string;
  start: FlowState;
  acts: FlowAct[];
  /** The last act: accepted, or refused with this refusal. Earlier acts must all be accepted. */
  last: "ok" | FlowRefusal;
  status: FlowStatus;
  /** Who may decide after the acts. */
  now: number[];
}

const cases: Case[] = [
  { name: "sequential two steps: the leader agrees, HR is asked only then", start: state(["single", [A]], ["single", [H]]), acts: [agree(A)], last: "ok", status: "open", now: [H] },
  { name: "sequential two steps: both agree → agreed", start: state(["single", [A]], ["single", [H]]), acts: [agree(A), agree(H)], last: "ok", status: "agreed", now: [] },
  { name: "sequential: HR cannot decide before the leader", start: state(["single", [A]], ["single", [H]]), acts: [agree(H)], last: { code: "not_yet" }, status: "open", now: [A] },
  { name: "sequential: the leader refuses → refused, HR never asked", start: state(["single", [A]], ["single", [H]]), acts: [refuse(A)], last: "ok", status: "refused", now: [] },
  { name: "会签: two of three agree → still open, the third is asked", start: state(["all", [A, B, C]]), acts: [agree(A), agree(C)], last: "ok", status: "open", now: [B] },
  { name: "会签: all three agree → agreed", start: state(["all", [A, B, C]]), acts: [agree(A), agree(B), agree(C)], last: "ok", status: "agreed", now: [] },
  { name: "会签 with one refusal: the item ends refused at once", start: state(["all", [A, B, C]], ["single", [H]]), acts: [agree(A), refuse(B)], last: "ok", status: "refused", now: [] },
  { name: "会签 with one refusal: the member who had not decided is told the item ended, refused by B", start: state(["all", [A, B, C]]), acts: [agree(A), refuse(B), agree(C)], last: { code: "ended", status: "refused", by: B }, status: "refused", now: [] },
  { name: "会签: one member cannot decide twice", start: state(["all", [A, B]]), acts: [agree(A), agree(A)], last: { code: "already_decided", by: A }, status: "open", now: [B] },
  { name: "或签 with two simultaneous agrees: the first decides the step, the second is told who", start: state(["any", [A, B]], ["single", [H]]), acts: [agree(A), agree(B)], last: { code: "already_decided", by: A }, status: "open", now: [H] },
  { name: "或签 as the last step: the second agree is told the item ended, agreed by A", start: state(["any", [A, B]]), acts: [agree(A), agree(B)], last: { code: "ended", status: "agreed", by: A }, status: "agreed", now: [] },
  { name: "或签: one refusal decides it", start: state(["any", [A, B]]), acts: [refuse(B)], last: "ok", status: "refused", now: [] },
  { name: "return ends the item, back to the applicant", start: state(["single", [A]], ["single", [H]]), acts: [ret(A)], last: "ok", status: "returned", now: [] },
  { name: "withdraw before any decision", start: state(["single", [A]]), acts: [withdraw(APPLICANT)], last: "ok", status: "withdrawn", now: [] },
  { name: "withdraw racing a decision: the decision came first → withdraw refused", start: state(["single", [A]], ["single", [H]]), acts: [agree(A), withdraw(APPLICANT)], last: { code: "has_decision", by: A }, status: "open", now: [H] },
  { name: "withdraw racing a decision: the withdrawal came first → the decision is told it was withdrawn", start: state(["single", [A]]), acts: [withdraw(APPLICANT), agree(A)], last: { code: "ended", status: "withdrawn", by: null }, status: "withdrawn", now: [] },
  { name: "only the applicant withdraws", start: state(["single", [A]]), acts: [withdraw(A)], last: { code: "not_applicant" }, status: "open", now: [A] },
  { name: "a stranger cannot decide", start: state(["single", [A]]), acts: [agree(C)], last: { code: "not_approver" }, status: "open", now: [A] },
  { name: "转交: the leader hands the step to D, who is asked instead", start: state(["single", [A]], ["single", [H]]), acts: [transfer(A, D)], last: "ok", status: "open", now: [D] },
  { name: "转交: after the transfer the old approver can no longer decide", start: state(["single", [A]], ["single", [H]]), acts: [transfer(A, D), agree(A)], last: { code: "not_approver" }, status: "open", now: [D] },
  { name: "转交: the newcomer's agree ends the step, HR is asked next", start: state(["single", [A]], ["single", [H]]), acts: [transfer(A, D), agree(D)], last: "ok", status: "open", now: [H] },
  { name: "转交 inside 会签: the rule still needs every member, D in A's place", start: state(["all", [A, B]]), acts: [agree(B), transfer(A, D), agree(D)], last: "ok", status: "agreed", now: [] },
  { name: "转交 after one's own 会签 agree is refused (already decided)", start: state(["all", [A, B]]), acts: [agree(A), transfer(A, D)], last: { code: "already_decided", by: A }, status: "open", now: [B] },
  { name: "转交 to the applicant is refused", start: state(["single", [A]]), acts: [transfer(A, APPLICANT)], last: { code: "bad_transferee", reason: "applicant" }, status: "open", now: [A] },
  { name: "转交 to a member of the same step is refused", start: state(["any", [A, B]]), acts: [transfer(A, B)], last: { code: "bad_transferee", reason: "on_step" }, status: "open", now: [A, B] },
  { name: "转交 by a later step's approver is not yet possible", start: state(["single", [A]], ["single", [H]]), acts: [transfer(H, D)], last: { code: "not_yet" }, status: "open", now: [A] },
  { name: "转交 after the item ended is refused", start: state(["single", [A]]), acts: [agree(A), transfer(A, D)], last: { code: "ended", status: "agreed", by: A }, status: "agreed", now: [] },
];

describe("transition", () => {
  it.each(cases)("$name", ({ start, acts, last, status, now }) => {
    let s = start;
    acts.forEach((act, i) => {
      const r = transition(s, act);
      if (i < acts.length - 1) {
        expect(r.ok, `act ${i + 1}`).toBe(true);
      } else if (last === "ok") {
        expect(r).toMatchObject({ ok: true });
      } else {
        expect(r).toEqual({ ok: false, refusal: last });
      }
      if (r.ok) s = r.state;
    });
    expect(s.status).toBe(status);
    expect(currentApprovers(s)).toEqual(now);
  });
});

describe("shapeChain", () => {
  it.each([
    { name: "the same person twice is asked once, at the later step", steps: [{ mode: "single" as const, approverIds: [A] }, { mode: "any" as const, approverIds: [A, H] }], want: [{ mode: "any", approverIds: [A, H] }] },
    { name: "the applicant never approves their own application", steps: [{ mode: "single" as const, approverIds: [APPLICANT] }, { mode: "single" as const, approverIds: [H] }], want: [{ mode: "single", approverIds: [H] }] },
    { name: "a single step naming two people asks them one after another", steps: [{ mode: "single" as const, approverIds: [A, B] }], want: [{ mode: "single", approverIds: [A] }, { mode: "single", approverIds: [B] }] },
    { name: "a 会签 left with one member becomes a single step", steps: [{ mode: "all" as const, approverIds: [A, B] }, { mode: "single" as const, approverIds: [B] }], want: [{ mode: "single", approverIds: [A] }, { mode: "single", approverIds: [B] }] },
    { name: "empty steps are dropped", steps: [{ mode: "any" as const, approverIds: [] }, { mode: "single" as const, approverIds: [A] }], want: [{ mode: "single", approverIds: [A] }] },
  ])("$name", ({ steps, want }) => {
    expect(shapeChain(APPLICANT, steps)).toEqual(want);
  });
});
