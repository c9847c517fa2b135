// Approvers resolved at submit time: which flow applies to an application, and the people each step asks —
// the applicant's leader (负责人 of the nearest department above them that has one other than them), the leader
// N levels up, everyone holding a role (HR, granted to a person or a department subtree), named people, and for a
// 会议请假 the organiser of the meeting it names.
import "server-only";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalFlows, departmentLeaders, departments, employees, roleGrants, type APPLICATION_KINDS, type ApproverRule } from "@/db/schema";
import { employeeInDepartmentSubtree } from "@/lib/auth/scope";
import { AppError } from "@/lib/errors";
import { conditionHolds, shapeChain, type ConditionFacts, type PathStep } from "./path";

type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export interface ResolvedPath {
  flow: { id: number; code: string; name: string };
  steps: PathStep[];
}

/** Leader groups above the applicant, nearest first: each is the active leaders (not the applicant) of one department. */
async function leaderLevels(db: Db, applicantId: number): Promise<number[][]> {
  const [me] = await db.select({ path: departments.path }).from(employees).innerJoin(departments, eq(departments.id, employees.departmentId)).where(eq(employees.id, applicantId));
  if (!me) return [];
  const ancestors = me.path.split("/").filter(Boolean).map(Number).reverse();
  if (!ancestors.length) return [];
  const rows = await db
    .select({ departmentId: departmentLeaders.departmentId, employeeId: departmentLeaders.employeeId })
    .from(departmentLeaders)
    .innerJoin(employees, eq(employees.id, departmentLeaders.employeeId))
    .innerJoin(departments, eq(departments.id, departmentLeaders.departmentId))
    .where(and(inArray(departmentLeaders.departmentId, ancestors), eq(employees.status, "active"), eq(departments.status, "active")))
    .orderBy(asc(departmentLeaders.employeeId));
  return ancestors
    .map((d) => rows.filter((r) => r.departmentId === d && r.employeeId !== applicantId).map((r) => r.employeeId))
    .filter((ids) => ids.length > 0);
}

async function roleHolders(db: Db, role: "hr"): Promise<number[]> {
  const rows = await db
    .select({ id: employees.id })
    .from(employees)
    .where(
      and(
        eq(employees.status, "active"),
        sql`exists (select 1 from ${roleGrants} g where g.role = ${role} and (g.employee_id = ${employees.id}
          or (g.department_id is not null and ${employeeInDepartmentSubtree(employees.id, sql`g.department_id`)})))`,
      ),
    )
    .orderBy(asc(employees.id));
  return rows.map((r) => r.id);
}

async function activePeople(db: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.select({ id: employees.id }).from(employees).where(and(inArray(employees.id, ids), eq(employees.status, "active")));
  const active = new Set(rows.map((r) => r.id));
  return ids.filter((id) => active.has(id));
}

async function peopleOf(db: Db, applicantId: number, rules: ApproverRule[], levels: () => Promise<number[][]>, facts: ConditionFacts): Promise<number[]> {
  const out: number[] = [];
  for (const r of rules) {
    if (r.type === "leader") out.push(...((await levels())[0] ?? []));
    else if (r.type === "leader_up") out.push(...((await levels())[Math.max(1, r.levels) - 1] ?? []));
    else if (r.type === "role") out.push(...(await roleHolders(db, r.role)));
    else if (r.type === "meeting_organizer") out.push(...(facts.meetingOrganizerId ? await activePeople(db, [facts.meetingOrganizerId]) : []));
    else out.push(...(await activePeople(db, r.employeeIds)));
  }
  return [...new Set(out)];
}

/**
 * The path an application of `kind` by `applicantId` takes: the first active flow (lowest priority) whose
 * conditions hold, its steps whose conditions hold, people resolved and the chain shaped (path.ts). 422 when no
 * flow applies or nobody can be asked (HR must fix the flow or the org data; nothing is written).
 */
export async function resolvePath(db: Db, applicantId: number, kind: ApplicationKind, formFacts: ConditionFacts): Promise<ResolvedPath> {
  const [me] = await db.select({ path: departments.path }).from(employees).innerJoin(departments, eq(departments.id, employees.departmentId)).where(eq(employees.id, applicantId));
  const facts: ConditionFacts = { ...formFacts, departmentPath: me?.path ?? null };
  const flows = await db.select().from(approvalFlows).where(and(eq(approvalFlows.kind, kind), eq(approvalFlows.active, true))).orderBy(asc(approvalFlows.priority), asc(approvalFlows.id));
  const flow = flows.find((f) => conditionHolds(f.conditions, facts));
  if (!flow) throw new AppError("bad_request", 422, `no approval flow applies to this ${kind} application`, { reason: "no_flow" });
  let cached: Promise<number[][]> | null = null;
  const levels = () => (cached ??= leaderLevels(db, applicantId));
  const resolved: PathStep[] = [];
  for (const step of flow.steps) {
    if (!conditionHolds(step.when, facts)) continue;
    const approverIds = await peopleOf(db, applicantId, step.approvers, levels, facts);
    resolved.push(step.timeout ? { mode: step.mode, approverIds, timeout: step.timeout } : { mode: step.mode, approverIds });
  }
  const steps = shapeChain(applicantId, resolved);
  if (!steps.length) throw new AppError("bad_request", 422, "nobody can approve this application: no leader or approver is set up for you", { reason: "no_approver" });
  return { flow: { id: flow.id, code: flow.code, name: flow.name }, steps };
}
