// Shaping a resolved approval path, pure: which flow applies, and the chain of steps once the rules have named
// people (resolve.ts does the database part). Used by submit and by the preview, so both show the same path.
import type { FlowCondition, StepTimeout } from "@/db/schema/approval-flows";
import type { StepMode } from "./transition";

export interface PathStep {
  mode: StepMode;
  approverIds: number[];
  /** The flow step's 审批超时 (kept on every step it expands to). */
  timeout?: StepTimeout;
}

/** The form facts conditions look at (and the applicant's department path, "/1/5/9/", filled in by resolvePath). */
export interface ConditionFacts {
  days: number | null;
  leaveType: string | null;
  departmentPath?: string | null;
  /** An overtime application's hours (null or absent for other kinds). */
  hours?: number | null;
  /** 会议请假: the organiser of the meeting the application names (the "meeting_organizer" approver). */
  meetingOrganizerId?: number | null;
}

/** Every given condition holds (an empty condition always holds). */
export function conditionHolds(cond: FlowCondition | undefined, facts: ConditionFacts): boolean {
  if (!cond) return true;
  if (cond.minDays !== undefined && !(facts.days !== null && facts.days >= cond.minDays)) return false;
  if (cond.minHours !== undefined && !(facts.hours != null && facts.hours >= cond.minHours)) return false;
  if (cond.leaveTypes?.length && !(facts.leaveType !== null && cond.leaveTypes.includes(facts.leaveType))) return false;
  if (cond.departmentIds?.length && !cond.departmentIds.some((id) => facts.departmentPath?.includes(`/${id}/`))) return false;
  return true;
}

/**
 * The chain as asked: the applicant never approves their own application; a "single" step naming several people
 * asks them one after another; a person named twice is asked once, at their later step (the later say is the one
 * that counts); steps left with nobody are dropped.
 */
export function shapeChain(applicantId: number, steps: readonly PathStep[]): PathStep[] {
  const expanded: PathStep[] = [];
  const withTimeout = (step: PathStep, t: PathStep["timeout"]): PathStep => (t ? { ...step, timeout: t } : step);
  for (const s of steps) {
    const people = [...new Set(s.approverIds)].filter((id) => id !== applicantId);
    if (s.mode === "single") for (const id of people) expanded.push(withTimeout({ mode: "single", approverIds: [id] }, s.timeout));
    else expanded.push(withTimeout({ mode: s.mode, approverIds: people }, s.timeout));
  }
  const lastStepOf = new Map<number, number>();
  expanded.forEach((s, i) => s.approverIds.forEach((id) => lastStepOf.set(id, i)));
  return expanded
    .map((s, i) => withTimeout({ mode: s.mode, approverIds: s.approverIds.filter((id) => lastStepOf.get(id) === i) }, s.timeout))
    .filter((s) => s.approverIds.length > 0)
    .map((s) => (s.approverIds.length === 1 && s.mode !== "single" ? withTimeout({ mode: "single" as const, approverIds: s.approverIds }, s.timeout) : s));
}
