// The state machine of our own approval flows, pure (no I/O). The database applies it under the item's row lock
// (flows/decide.ts, flows/withdraw.ts); the table-driven test (transition.test.ts) names the cases.
//
// Outcomes: a step ends when its rule is met — single: its one approver agrees; 或签 (any): the first agree;
// 会签 (all): every member agrees. A refusal by anyone on the active step — also inside 会签 — ends the whole
// item refused at once: the members of that step who had not decided yet are not asked (their step shows
// "refused by X"). A return sends the item back to the applicant and ends it too. The applicant may withdraw only
// before the first decision on any step. 转交 (transfer): an approver of the active step who has not decided hands
// their place on that step to someone else (not the applicant, not a member of that step already); the step's
// rule is unchanged, the newcomer is asked in their place.

export type StepMode = "single" | "all" | "any";
export type Outcome = "agree" | "refuse" | "return";
export type FlowStatus = "open" | "agreed" | "refused" | "returned" | "withdrawn";

export interface StepDecision {
  by: number;
  outcome: Outcome;
}
export interface FlowStep {
  mode: StepMode;
  approverIds: readonly number[];
  decisions: readonly StepDecision[];
}
export interface FlowState {
  applicantId: number;
  status: FlowStatus;
  steps: readonly FlowStep[];
}

export type FlowAct = { kind: "decide"; by: number; outcome: Outcome } | { kind: "withdraw"; by: number } | { kind: "transfer"; by: number; to: number };

export type FlowRefusal =
  /** Not an approver of the active step and never asked on this item. */
  | { code: "not_approver" }
  /** Asked on this item, but the step was already decided — by someone else first (或签), or by them. */
  | { code: "already_decided"; by: number }
  /** Asked on a later step that is not active yet. */
  | { code: "not_yet" }
  /** The item has ended (agreed, refused, returned, withdrawn); `by` decided it (null for a withdrawal). */
  | { code: "ended"; status: Exclude<FlowStatus, "open">; by: number | null }
  | { code: "not_applicant" }
  /** Withdraw after a decision was taken. */
  | { code: "has_decision"; by: number }
  /** Transfer to the applicant, to oneself, or to someone already on the active step. */
  | { code: "bad_transferee"; reason: "applicant" | "self" | "on_step" };

export type FlowTransition =
  | { ok: true; state: FlowState; stepIndex: number; stepEnded: boolean; ended: boolean }
  | { ok: false; refusal: FlowRefusal };

/** Has this step's rule been met by agreements alone? */
export function stepAgreed(step: FlowStep): boolean {
  const agreed = new Set(step.decisions.filter((d) => d.outcome === "agree").map((d) => d.by));
  if (step.mode === "all") return step.approverIds.every((id) => agreed.has(id));
  return agreed.size > 0;
}

/** Index of the step waiting for decisions, or -1 when the item is not open or every step is agreed. */
export function activeStep(state: FlowState): number {
  if (state.status !== "open") return -1;
  return state.steps.findIndex((s) => !stepAgreed(s));
}

/** The people who may decide now (what the 待办 list shows them): the active step's members who have not decided. */
export function currentApprovers(state: FlowState): number[] {
  const i = activeStep(state);
  if (i < 0) return [];
  const step = state.steps[i];
  return step.approverIds.filter((id) => !step.decisions.some((d) => d.by === id));
}

/** Who ended the item: the last decision taken (the refuser, the returner, or the last agree). */
export function lastDecider(state: FlowState): number | null {
  for (let i = state.steps.length - 1; i >= 0; i--) {
    const d = state.steps[i].decisions;
    if (d.length) return d[d.length - 1].by;
  }
  return null;
}

function stepDecider(step: FlowStep): number {
  return step.decisions.find((d) => d.outcome === "agree")?.by ?? step.decisions[0]?.by ?? -1;
}

export function transition(state: FlowState, act: FlowAct): FlowTransition {
  if (state.status !== "open") return { ok: false, refusal: { code: "ended", status: state.status, by: state.status === "withdrawn" ? null : lastDecider(state) } };

  if (act.kind === "withdraw") {
    if (act.by !== state.applicantId) return { ok: false, refusal: { code: "not_applicant" } };
    const first = state.steps.find((s) => s.decisions.length > 0);
    if (first) return { ok: false, refusal: { code: "has_decision", by: first.decisions[0].by } };
    return { ok: true, state: { ...state, status: "withdrawn" }, stepIndex: -1, stepEnded: false, ended: true };
  }

  const i = activeStep(state);
  const step = i >= 0 ? state.steps[i] : undefined;
  if (!step || !step.approverIds.includes(act.by) || step.decisions.some((d) => d.by === act.by)) {
    const asked = state.steps.findIndex((s) => s.approverIds.includes(act.by));
    if (asked < 0) return { ok: false, refusal: { code: "not_approver" } };
    if (i >= 0 && asked > i) return { ok: false, refusal: { code: "not_yet" } };
    const s = state.steps[asked];
    const mine = s.decisions.find((d) => d.by === act.by);
    return { ok: false, refusal: { code: "already_decided", by: mine ? mine.by : stepDecider(s) } };
  }

  if (act.kind === "transfer") {
    if (act.to === act.by) return { ok: false, refusal: { code: "bad_transferee", reason: "self" } };
    if (act.to === state.applicantId) return { ok: false, refusal: { code: "bad_transferee", reason: "applicant" } };
    if (step.approverIds.includes(act.to)) return { ok: false, refusal: { code: "bad_transferee", reason: "on_step" } };
    const moved = state.steps.map((s, j) => (j === i ? { ...s, approverIds: s.approverIds.map((id) => (id === act.by ? act.to : id)) } : s));
    return { ok: true, state: { ...state, steps: moved }, stepIndex: i, stepEnded: false, ended: false };
  }

  const steps = state.steps.map((s, j) => (j === i ? { ...s, decisions: [...s.decisions, { by: act.by, outcome: act.outcome }] } : s));
  if (act.outcome === "refuse") return { ok: true, state: { ...state, steps, status: "refused" }, stepIndex: i, stepEnded: true, ended: true };
  if (act.outcome === "return") return { ok: true, state: { ...state, steps, status: "returned" }, stepIndex: i, stepEnded: true, ended: true };
  const next: FlowState = { ...state, steps };
  const stepEnded = stepAgreed(next.steps[i]);
  const ended = stepEnded && activeStep(next) < 0;
  return { ok: true, state: ended ? { ...next, status: "agreed" } : next, stepIndex: i, stepEnded, ended };
}
