// HR edits approval flows in the console, without code (/console/approval-rules/flows/…): a flow's name, kind,
// priority, conditions (days ≥ N, leave types), and up to MAX_STEPS steps — whom each asks (the leader, the leader
// N levels up, HR, named people by 工号, for 会议请假 the meeting's organiser), how they decide (one after another / 会签 / 或签), when the step applies
// (days ≥ N) and its 审批超时. The form posts flat strings (step0_type, step0_people, …); this turns them into a
// FlowStepDef list or a 400/422 naming the field. Paths are fixed at submit time: a change affects new applications
// only. Natural key of a flow HR creates: its kind and name (code "hr.<kind>.<name>"). Departments are named by
// their codes (the applicant in one of them or below).
import "server-only";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { APPLICATION_KINDS, approvalFlows, departments, employees, type ApproverRule, type FlowCondition, type FlowStepDef, type StepTimeout } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, notFound } from "@/lib/errors";
import { MAX_REMINDERS, MAX_TIMEOUT_HOURS } from "./escalation/schedule";
import { LEAVE_TYPES } from "./flows/schemas";
import { assertCanEditApprovalRules } from "./rules-settings";

export const MAX_STEPS = 5;
const RULE_TYPES = ["", "leader", "leader_up", "hr", "people", "meeting_organizer"] as const;

const stepFields = (i: number) => ({
  [`step${i}_type`]: z.enum(RULE_TYPES).default(""),
  [`step${i}_levels`]: z.string().trim().default(""),
  [`step${i}_people`]: z.string().trim().max(500).default(""),
  [`step${i}_mode`]: z.enum(["single", "all", "any"]).default("single"),
  [`step${i}_minDays`]: z.string().trim().default(""),
  [`step${i}_minHours`]: z.string().trim().default(""),
  [`step${i}_hours`]: z.string().trim().default(""),
  [`step${i}_remindMax`]: z.string().trim().default(""),
  [`step${i}_escalate_leader`]: z.literal("on").optional(),
  [`step${i}_escalate_hr`]: z.literal("on").optional(),
  [`step${i}_auto`]: z.enum(["", "agree", "refuse"]).default(""),
});

const flowBase = z.object({
  name: z.string().trim().min(1, "a name is required").max(40),
  kind: z.enum(APPLICATION_KINDS),
  priority: z.string().trim().regex(/^\d{1,3}$/, "priority must be a whole number from 1 to 999").transform(Number).pipe(z.number().int().min(1).max(999)),
  active: z.literal("on").optional(),
  minDays: z.string().trim().default(""),
  minHours: z.string().trim().default(""),
  departments: z.string().trim().max(300).default(""),
});
/** The posted form: the flow's fields, the leave-type boxes and MAX_STEPS step rows (read by name, see `field`). */
export const flowForm = flowBase.extend({
  ...Object.fromEntries(LEAVE_TYPES.map((t) => [`leaveType_${t}`, z.literal("on").optional()])),
  ...Object.assign({}, ...Array.from({ length: MAX_STEPS }, (_, i) => stepFields(i))),
}) as unknown as z.ZodType<z.infer<typeof flowBase>>;
export type FlowForm = z.infer<typeof flowForm>;
/** A per-step or per-type field of the parsed form, by its posted name. */
const field = (form: FlowForm, name: string): string => String((form as unknown as Record<string, unknown>)[name] ?? "");

export interface FlowDefinition {
  name: string;
  kind: (typeof APPLICATION_KINDS)[number];
  priority: number;
  active: boolean;
  conditions: FlowCondition;
  steps: FlowStepDef[];
}

const bad = (field: string, message: string) => new AppError("bad_request", 422, `${field}: ${message}`, { reason: "invalid_flow", field });

/** An optional positive number field ("" → undefined), or a 422 naming the field and the range. */
function num(form: FlowForm, name: string, max: number, integer = true): number | undefined {
  const raw = field(form, name).trim();
  if (raw === "") return undefined;
  const n = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!(n > 0 && n <= max && (!integer || Number.isInteger(n)))) throw bad(name, `must be ${integer ? "a whole number" : "a number"} from 1 to ${max}`);
  return n;
}

/** The form → a definition, with named people resolved to ids (unknown or departed 工号 → 422 naming them). */
export async function definitionOf(db: Db, form: FlowForm): Promise<FlowDefinition> {
  const conditions: FlowCondition = {};
  const minDays = num(form, "minDays", 365, false);
  if (minDays !== undefined) conditions.minDays = minDays;
  const minHours = num(form, "minHours", 24, false);
  if (minHours !== undefined) {
    if (form.kind !== "overtime") throw bad("minHours", "hours apply to overtime flows only");
    conditions.minHours = minHours;
  }
  const leaveTypes = LEAVE_TYPES.filter((t) => field(form, `leaveType_${t}`) === "on");
  if (leaveTypes.length) {
    if (form.kind !== "leave") throw bad("leaveTypes", "leave types apply to leave flows only");
    conditions.leaveTypes = [...leaveTypes];
  }
  const codes = [...new Set(field(form, "departments").split(/[\s,，、;；]+/).filter(Boolean))];
  if (codes.length) {
    if (codes.length > 20) throw bad("departments", "at most 20 departments");
    const found = await db.select({ id: departments.id, code: departments.code }).from(departments).where(and(inArray(departments.code, codes), eq(departments.status, "active")));
    const missing = codes.filter((c) => !found.some((f) => f.code === c));
    if (missing.length) throw bad("departments", `no active department with code ${missing.join(", ")}`);
    conditions.departmentIds = codes.map((c) => found.find((f) => f.code === c)!.id);
  }
  const steps: FlowStepDef[] = [];
  for (let i = 0; i < MAX_STEPS; i++) {
    const type = field(form, `step${i}_type`);
    if (!type) continue;
    let rule: ApproverRule;
    if (type === "leader") rule = { type: "leader" };
    else if (type === "hr") rule = { type: "role", role: "hr" };
    else if (type === "meeting_organizer") {
      // Only a 会议请假 names a meeting whose organiser can be asked.
      if (form.kind !== "meeting_excuse") throw bad(`step${i}_type`, "the meeting organiser can decide meeting excuses only");
      rule = { type: "meeting_organizer" };
    }
    else if (type === "leader_up") {
      const levels = num(form, `step${i}_levels`, 10);
      if (!levels) throw bad(`step${i}_levels`, "how many levels up is required");
      rule = { type: "leader_up", levels };
    } else {
      const nos = [...new Set(field(form, `step${i}_people`).split(/[\s,，、;；]+/).filter(Boolean))];
      if (!nos.length) throw bad(`step${i}_people`, "name at least one person by employee number");
      if (nos.length > 20) throw bad(`step${i}_people`, "at most 20 people in one step");
      const found = await db.select({ id: employees.id, no: employees.employeeNo, status: employees.status }).from(employees).where(inArray(employees.employeeNo, nos));
      const missing = nos.filter((n) => !found.some((f) => f.no === n && f.status === "active"));
      if (missing.length) throw bad(`step${i}_people`, `no active employee with number ${missing.join(", ")}`);
      rule = { type: "people", employeeIds: nos.map((n) => found.find((f) => f.no === n)!.id) };
    }
    const step: FlowStepDef = { mode: (field(form, `step${i}_mode`) || "single") as FlowStepDef["mode"], approvers: [rule] };
    const when = num(form, `step${i}_minDays`, 365, false);
    if (when !== undefined) step.when = { minDays: when };
    const whenHours = num(form, `step${i}_minHours`, 24, false);
    if (whenHours !== undefined) {
      if (form.kind !== "overtime") throw bad(`step${i}_minHours`, "hours apply to overtime flows only");
      step.when = { ...step.when, minHours: whenHours };
    }
    const hours = num(form, `step${i}_hours`, MAX_TIMEOUT_HOURS, false);
    if (hours !== undefined) {
      const remindRaw = field(form, `step${i}_remindMax`).trim();
      const remindMax = remindRaw === "" ? 0 : Number(remindRaw);
      if (!Number.isInteger(remindMax) || remindMax < 0 || remindMax > MAX_REMINDERS) throw bad(`step${i}_remindMax`, `must be a whole number from 0 to ${MAX_REMINDERS}`);
      const timeout: StepTimeout = { hours, remindMax, escalateTo: (["leader", "hr"] as const).filter((w) => field(form, `step${i}_escalate_${w}`) === "on") };
      const auto = field(form, `step${i}_auto`);
      if (auto === "agree" || auto === "refuse") timeout.autoAction = auto;
      step.timeout = timeout;
    }
    steps.push(step);
  }
  if (!steps.length) throw bad("steps", "a flow needs at least one step");
  return { name: form.name, kind: form.kind, priority: form.priority, active: form.active === "on", conditions, steps };
}

/** Create (id null) or change a flow. Another flow of the same kind with the same name → 409. Audited. */
export async function saveFlow(db: Db, viewer: Viewer, id: number | null, form: FlowForm): Promise<{ id: number; created: boolean }> {
  assertCanEditApprovalRules(viewer);
  const def = await definitionOf(db, form);
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ id: approvalFlows.id })
      .from(approvalFlows)
      .where(and(eq(approvalFlows.kind, def.kind), eq(approvalFlows.name, def.name), id ? ne(approvalFlows.id, id) : undefined));
    if (clash) throw new AppError("conflict", 409, `a ${def.kind} flow named ${def.name} exists already`, { reason: "name_taken" });
    const values = { name: def.name, kind: def.kind, priority: def.priority, active: def.active, conditions: def.conditions, steps: def.steps };
    if (id === null) {
      const [row] = await tx
        .insert(approvalFlows)
        .values({ code: `hr.${def.kind}.${def.name}`, ...values })
        .onConflictDoNothing({ target: approvalFlows.code })
        .returning({ id: approvalFlows.id });
      if (!row) throw new AppError("conflict", 409, `a ${def.kind} flow named ${def.name} exists already`, { reason: "name_taken" });
      await writeAudit(tx, viewer, "approvals.flow.create", { type: "approval_flow", id: row.id }, { name: def.name, kind: def.kind });
      return { id: row.id, created: true };
    }
    const [before] = await tx.select().from(approvalFlows).where(eq(approvalFlows.id, id)).for("update");
    if (!before) throw notFound("no such approval flow");
    await tx.update(approvalFlows).set({ ...values, updatedAt: sql`now()` }).where(eq(approvalFlows.id, id));
    await writeAudit(tx, viewer, "approvals.flow.update", { type: "approval_flow", id }, { name: def.name, from: { priority: before.priority, active: before.active, steps: before.steps.length }, to: { priority: def.priority, active: def.active, steps: def.steps.length } });
    return { id, created: false };
  });
}

export async function flowById(db: Db, viewer: Viewer, id: number) {
  assertCanEditApprovalRules(viewer);
  const [row] = await db.select().from(approvalFlows).where(eq(approvalFlows.id, id));
  return row ?? null;
}

/** The employee numbers behind a flow's "people" rules, for the form (ids → 工号). */
export async function employeeNosOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  return new Map((await db.select({ id: employees.id, no: employees.employeeNo }).from(employees).where(inArray(employees.id, ids))).map((r) => [r.id, r.no]));
}

/** Department codes and names by id (the editor shows codes, the list names). */
export async function departmentsByIds(db: Db, ids: number[]): Promise<Map<number, { code: string; name: string }>> {
  if (!ids.length) return new Map();
  return new Map((await db.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments).where(inArray(departments.id, ids))).map((r) => [r.id, { code: r.code, name: r.name }]));
}
