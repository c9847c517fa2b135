// The approvals console (issue 15 items 5 and 7): every item with filters, one item's path with per-step timings
// (who, when the step became theirs, when they decided, how long it took) and its audit trail, and the efficiency
// figures (median time to decide per flow and per department, overdue counts, a weekly trend). HR/admin read every
// item; a manager the items whose applicant is in a department they lead (subtrees included); no one else.
// Time to decide = the final decision's time − the submission (both sources write approval_decisions when an item
// ends); overdue = still open past its due_at (the active step's deadline for our flows, the OA's due_at).
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { APPROVAL_ITEM_STATUSES } from "@/db/schema";
import { departmentScope, employeeInDepartmentSubtree, employeeScope } from "@/lib/auth/scope";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { forbidden, notFound } from "@/lib/errors";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { addDays, businessDate } from "@/lib/time";
import { consoleScope } from "@/lib/ui/console-access";
import { isoDate } from "@/lib/validation";
import { TODO_SOURCES } from "../queries";
import type { ItemStatus } from "../rules";

export function assertCanReadApprovalConsole(viewer: Viewer): void {
  if (!consoleScope(viewer)) throw forbidden("the approvals console is for HR, admins and managers");
}

/** An optional filter: absent or empty (a form's blank field) both mean "no filter"; anything else must be valid. */
const opt = <S extends z.ZodType>(s: S) => z.preprocess((v) => (v === "" ? undefined : v), s.optional());
const id = (what: string) => z.string().regex(/^[1-9]\d{0,14}$/, `${what} must be an id`).transform(Number);

/** The filters of the list, the dashboard and the log export (the same address works on all three). */
export const approvalsConsoleQuery = z
  .object({
    status: opt(z.enum(APPROVAL_ITEM_STATUSES)),
    source: opt(z.enum(TODO_SOURCES)),
    flow: opt(id("flow")),
    department: opt(id("department")),
    from: opt(isoDate()),
    to: opt(isoDate()),
    overdue: opt(z.enum(["1"])),
    page: opt(z.coerce.number().int().min(1).max(10_000)),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "from must not be after to", path: ["from"] });
export type ApprovalsConsoleQuery = z.infer<typeof approvalsConsoleQuery>;

const tz = () => env().ORG_TIMEZONE;

/** Items the viewer may read in the console (on approval_items aliased i). */
function scopeWhere(viewer: Viewer): SQL {
  if (canSeeEveryone(viewer)) return sql`true`;
  return sql`i.applicant_id IN (SELECT employees.id FROM employees WHERE ${employeeScope(viewer)})`;
}

/** The department filter must be one the viewer may read: otherwise a 404 (no probing of ids), like the reports. */
async function checkDepartment(db: Db, viewer: Viewer, departmentId: number | undefined): Promise<{ id: number; name: string } | null> {
  if (departmentId === undefined) return null;
  const [d] = rowsOf<{ id: string; name: string }>(await db.execute(sql`SELECT departments.id::text, departments.name FROM departments WHERE departments.id = ${departmentId} AND ${departmentScope(viewer)}`));
  if (!d) throw notFound("no such department");
  return { id: Number(d.id), name: d.name };
}

/** Every filter as one condition on i (approval_items); the period is the submission's business date. */
function filterWhere(viewer: Viewer, q: ApprovalsConsoleQuery, now: Date): SQL {
  const parts: SQL[] = [scopeWhere(viewer)];
  if (q.status) parts.push(sql`i.status = ${q.status}`);
  if (q.source) parts.push(sql`i.source::text = ${q.source}`);
  if (q.flow) parts.push(sql`i.id IN (SELECT item_id FROM approval_applications WHERE flow_id = ${q.flow})`);
  if (q.department) parts.push(employeeInDepartmentSubtree(sql`i.applicant_id`, sql`${q.department}::bigint`));
  if (q.from) parts.push(sql`(i.submitted_at AT TIME ZONE ${tz()})::date >= ${q.from}::date`);
  if (q.to) parts.push(sql`(i.submitted_at AT TIME ZONE ${tz()})::date <= ${q.to}::date`);
  if (q.overdue) parts.push(sql`i.status = 'open' AND i.due_at < ${now.toISOString()}::timestamptz`);
  return sql.join(parts, sql` AND `);
}

/** The filters as one condition on i, after checking the department filter is the viewer's (404 otherwise). */
export async function checkedFilterWhere(db: Db, viewer: Viewer, q: ApprovalsConsoleQuery, now: Date): Promise<SQL> {
  await checkDepartment(db, viewer, q.department);
  return filterWhere(viewer, q, now);
}

/** The flows an item can be filtered by (our own; OA and native items are filtered by source). */
export async function consoleFlows(db: Db): Promise<{ id: number; name: string; kind: string }[]> {
  return rowsOf<{ id: string; name: string; kind: string }>(await db.execute(sql`SELECT id::text, name, kind FROM approval_flows ORDER BY kind, priority, id`)).map((f) => ({ ...f, id: Number(f.id) }));
}

export interface ConsoleItemRow {
  id: number;
  source: string;
  externalId: string;
  title: string;
  status: ItemStatus;
  applicantName: string;
  applicantNo: string;
  department: string | null;
  flowName: string | null;
  submittedAt: Date;
  dueAt: Date | null;
  decidedAt: Date | null;
  outcome: "agree" | "refuse" | "return" | null;
  overdue: boolean;
  /** Seconds from submission to the final decision (null while undecided). */
  decideSeconds: number | null;
  /** An application of ours revoked (撤销) after it was approved. */
  revoked: boolean;
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

export const CONSOLE_PAGE_SIZE = 50;

/** The list: newest submitted first, 50 a page, with the total. */
export async function consoleApprovals(db: Db, viewer: Viewer, q: ApprovalsConsoleQuery, now = new Date()): Promise<{ rows: ConsoleItemRow[]; total: number; page: number; department: { id: number; name: string } | null }> {
  assertCanReadApprovalConsole(viewer);
  const department = await checkDepartment(db, viewer, q.department);
  const page = q.page ?? 1;
  const where = filterWhere(viewer, q, now);
  const [rows, [count]] = await Promise.all([
    db.execute(sql`
      SELECT i.id, i.source, i.external_id, i.title, i.status, a.name AS applicant_name, a.employee_no AS applicant_no, dep.name AS department,
             f.name AS flow_name, i.submitted_at, i.due_at, d.decided_at, d.outcome, ap.revoked_at IS NOT NULL AS revoked,
             (i.status = 'open' AND i.due_at < ${now.toISOString()}::timestamptz) AS overdue,
             extract(epoch FROM d.decided_at - i.submitted_at) AS decide_seconds
        FROM approval_items i
        JOIN employees a ON a.id = i.applicant_id
        LEFT JOIN departments dep ON dep.id = a.department_id
        LEFT JOIN approval_decisions d ON d.item_id = i.id
        LEFT JOIN approval_applications ap ON ap.item_id = i.id
        LEFT JOIN approval_flows f ON f.id = ap.flow_id
       WHERE ${where}
       ORDER BY i.submitted_at DESC, i.id DESC
       LIMIT ${CONSOLE_PAGE_SIZE} OFFSET ${(page - 1) * CONSOLE_PAGE_SIZE}`),
    db.execute(sql`SELECT count(*)::int AS n FROM approval_items i WHERE ${where}`).then((r) => rowsOf<{ n: number }>(r)),
  ]);
  return {
    page,
    department,
    total: Number(count?.n ?? 0),
    rows: rowsOf<Record<string, unknown>>(rows).map((r) => ({
      id: Number(r.id),
      source: String(r.source),
      externalId: String(r.external_id),
      title: String(r.title),
      status: r.status as ItemStatus,
      applicantName: String(r.applicant_name),
      applicantNo: String(r.applicant_no),
      department: (r.department as string | null) ?? null,
      flowName: (r.flow_name as string | null) ?? null,
      submittedAt: date(r.submitted_at)!,
      dueAt: date(r.due_at),
      decidedAt: date(r.decided_at),
      outcome: (r.outcome as ConsoleItemRow["outcome"]) ?? null,
      overdue: r.overdue === true || r.overdue === "t",
      decideSeconds: r.decide_seconds === null || r.decide_seconds === undefined ? null : Number(r.decide_seconds),
      revoked: r.revoked === true || r.revoked === "t",
    })),
  };
}

/* ---------- one item: the path with per-step timings, and the audit trail ---------- */

export interface StepTiming {
  index: number;
  mode: "single" | "all" | "any";
  status: string;
  activatedAt: Date | null;
  endedAt: Date | null;
  approvers: {
    id: number;
    name: string;
    decidedAt: Date | null;
    outcome: "agree" | "refuse" | "return" | null;
    comment: string | null;
    client: string | null;
    /** Seconds from the step becoming theirs to their decision; while still waiting, until `now`. */
    seconds: number | null;
    waiting: boolean;
  }[];
}

export interface ConsoleItem {
  row: ConsoleItemRow;
  steps: StepTiming[];
  events: { id: number; kind: string; actorName: string | null; actorNo: string | null; client: string; comment: string | null; details: Record<string, unknown>; at: Date }[];
}

const secondsBetween = (a: Date | null, b: Date | null) => (a && b ? Math.max(0, Math.round((b.getTime() - a.getTime()) / 1000)) : null);

/** One item in the viewer's scope, or null (not found or out of scope: the page answers 404 either way). */
export async function consoleApprovalItem(db: Db, viewer: Viewer, itemId: number, now = new Date()): Promise<ConsoleItem | null> {
  assertCanReadApprovalConsole(viewer);
  const scoped = sql`i.id = ${itemId} AND ${scopeWhere(viewer)}`;
  const [r] = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT i.id, i.source, i.external_id, i.title, i.status, i.approver_ids, a.name AS applicant_name, a.employee_no AS applicant_no, dep.name AS department,
             f.name AS flow_name, i.submitted_at, i.due_at, d.decided_at, d.outcome, d.comment, d.client, d.decider_id, ap.revoked_at IS NOT NULL AS revoked,
             (i.status = 'open' AND i.due_at < ${now.toISOString()}::timestamptz) AS overdue
        FROM approval_items i
        JOIN employees a ON a.id = i.applicant_id
        LEFT JOIN departments dep ON dep.id = a.department_id
        LEFT JOIN approval_decisions d ON d.item_id = i.id
        LEFT JOIN approval_applications ap ON ap.item_id = i.id
        LEFT JOIN approval_flows f ON f.id = ap.flow_id
       WHERE ${scoped}`),
  );
  if (!r) return null;
  const submittedAt = date(r.submitted_at)!;
  const decidedAt = date(r.decided_at);
  const row: ConsoleItemRow = {
    id: Number(r.id),
    source: String(r.source),
    externalId: String(r.external_id),
    title: String(r.title),
    status: r.status as ItemStatus,
    applicantName: String(r.applicant_name),
    applicantNo: String(r.applicant_no),
    department: (r.department as string | null) ?? null,
    flowName: (r.flow_name as string | null) ?? null,
    submittedAt,
    dueAt: date(r.due_at),
    decidedAt,
    outcome: (r.outcome as ConsoleItemRow["outcome"]) ?? null,
    overdue: r.overdue === true || r.overdue === "t",
    decideSeconds: secondsBetween(submittedAt, decidedAt),
    revoked: r.revoked === true || r.revoked === "t",
  };

  const [stepRows, stepDecisions, events] = await Promise.all([
    db.execute(sql`SELECT step_index, mode, status, approver_ids, activated_at, ended_at FROM approval_item_steps WHERE item_id = ${itemId} ORDER BY step_index`).then((x) => rowsOf<Record<string, unknown>>(x)),
    db.execute(sql`SELECT step_index, decider_id, outcome, comment, client, decided_at FROM approval_step_decisions WHERE item_id = ${itemId}`).then((x) => rowsOf<Record<string, unknown>>(x)),
    db
      .execute(sql`
        SELECT ev.id, ev.kind, e.name AS actor_name, e.employee_no AS actor_no, ev.client, ev.comment, ev.details, ev.at
          FROM approval_events ev LEFT JOIN employees e ON e.id = ev.actor_id
         WHERE ev.item_id = ${itemId} ORDER BY ev.at, ev.id`)
      .then((x) => rowsOf<Record<string, unknown>>(x)),
  ]);
  const ids = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : String(v ?? "").replace(/[{}]/g, "").split(",").filter(Boolean).map(Number));
  const people = [...new Set([...stepRows.flatMap((s) => ids(s.approver_ids)), ...ids(r.approver_ids), ...(r.decider_id ? [Number(r.decider_id)] : [])])];
  const names = new Map(
    people.length ? rowsOf<{ id: string; name: string }>(await db.execute(sql`SELECT id::text, name FROM employees WHERE id IN (${sql.join(people.map((p) => sql`${p}`), sql`, `)})`)).map((p) => [Number(p.id), p.name]) : [],
  );

  let steps: StepTiming[];
  if (stepRows.length) {
    steps = stepRows.map((s) => {
      const activatedAt = date(s.activated_at);
      const index = Number(s.step_index);
      return {
        index,
        mode: s.mode as StepTiming["mode"],
        status: String(s.status),
        activatedAt,
        endedAt: date(s.ended_at),
        approvers: ids(s.approver_ids).map((pid) => {
          const d = stepDecisions.find((x) => Number(x.step_index) === index && Number(x.decider_id) === pid);
          const at = d ? date(d.decided_at) : null;
          const waiting = !d && s.status === "active";
          return {
            id: pid,
            name: names.get(pid) ?? "?",
            decidedAt: at,
            outcome: (d?.outcome as StepTiming["approvers"][number]["outcome"]) ?? null,
            comment: d ? String(d.comment ?? "") || null : null,
            client: d ? String(d.client) : null,
            seconds: d ? secondsBetween(activatedAt, at) : waiting ? secondsBetween(activatedAt, now) : null,
            waiting,
          };
        }),
      };
    });
  } else {
    // An OA or native item is one step here: its approvers, active from its submission, ended by the decision.
    const deciderId = r.decider_id ? Number(r.decider_id) : null;
    const approverIds = ids(r.approver_ids);
    const open = row.status === "open";
    steps = [
      {
        index: 0,
        mode: approverIds.length > 1 ? "any" : "single",
        status: open ? "active" : row.outcome === "agree" ? "agreed" : row.outcome === "refuse" ? "refused" : row.outcome === "return" ? "returned" : row.status,
        activatedAt: submittedAt,
        endedAt: decidedAt,
        approvers: [...new Set([...approverIds, ...(deciderId ? [deciderId] : [])])].map((pid) => {
          const mine = pid === deciderId;
          return {
            id: pid,
            name: names.get(pid) ?? "?",
            decidedAt: mine ? decidedAt : null,
            outcome: mine ? row.outcome : null,
            comment: mine ? String(r.comment ?? "") || null : null,
            client: mine ? String(r.client) : null,
            seconds: mine ? secondsBetween(submittedAt, decidedAt) : open ? secondsBetween(submittedAt, now) : null,
            waiting: open,
          };
        }),
      },
    ];
  }
  return {
    row,
    steps,
    events: events.map((e) => ({
      id: Number(e.id),
      kind: String(e.kind),
      actorName: (e.actor_name as string | null) ?? null,
      actorNo: (e.actor_no as string | null) ?? null,
      client: String(e.client),
      comment: (e.comment as string | null) ?? null,
      details: (typeof e.details === "string" ? JSON.parse(e.details) : (e.details ?? {})) as Record<string, unknown>,
      at: date(e.at)!,
    })),
  };
}

/* ---------- 审批效率: medians, overdue counts, weekly trend ---------- */

export interface EfficiencyFigures {
  /** Items submitted in the period. */
  submitted: number;
  decided: number;
  open: number;
  /** Open and past their due_at now. */
  overdueOpen: number;
  /** Decided after their due_at. */
  decidedLate: number;
  /** Median seconds from submission to decision over the decided items (null: none decided). */
  medianSeconds: number | null;
}
export interface EfficiencyGroup extends EfficiencyFigures {
  key: string;
  name: string | null;
}
export interface EfficiencyReport {
  from: string;
  to: string;
  department: { id: number; name: string } | null;
  total: EfficiencyFigures;
  byFlow: EfficiencyGroup[];
  byDepartment: EfficiencyGroup[];
  /** One row per ISO week (Monday, in ORG_TIMEZONE) of the period, empty weeks included. */
  byWeek: (EfficiencyFigures & { week: string })[];
}

/** The dashboard's default period: the last 8 weeks up to today (business dates). */
export const DEFAULT_PERIOD_DAYS = 56;

export async function approvalEfficiency(db: Db, viewer: Viewer, q: ApprovalsConsoleQuery, now = new Date()): Promise<EfficiencyReport> {
  assertCanReadApprovalConsole(viewer);
  const department = await checkDepartment(db, viewer, q.department);
  const to = q.to ?? businessDate(now);
  const from = q.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  const nowIso = now.toISOString();
  const base = sql`
    WITH base AS (
      SELECT i.id, i.source::text AS source, i.status, i.due_at, i.submitted_at, d.decided_at,
             extract(epoch FROM d.decided_at - i.submitted_at) AS secs,
             CASE WHEN ap.flow_id IS NOT NULL THEN 'flow:' || ap.flow_id ELSE 'source:' || i.source END AS flow_key, f.name AS flow_name,
             coalesce(a.department_id::text, 'none') AS dept_key, dep.name AS dept_name,
             date_trunc('week', i.submitted_at AT TIME ZONE ${tz()})::date AS week
        FROM approval_items i
        JOIN employees a ON a.id = i.applicant_id
        LEFT JOIN departments dep ON dep.id = a.department_id
        LEFT JOIN approval_decisions d ON d.item_id = i.id
        LEFT JOIN approval_applications ap ON ap.item_id = i.id
        LEFT JOIN approval_flows f ON f.id = ap.flow_id
       WHERE ${filterWhere(viewer, { ...q, from, to }, now)})`;
  const figures = sql`count(*)::int AS submitted, count(decided_at)::int AS decided, count(*) FILTER (WHERE status = 'open')::int AS open,
      count(*) FILTER (WHERE status = 'open' AND due_at < ${nowIso}::timestamptz)::int AS overdue_open,
      count(*) FILTER (WHERE decided_at > due_at)::int AS decided_late,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS median_seconds`;
  const [total, byFlow, byDept, byWeek] = await Promise.all([
    db.execute(sql`${base} SELECT ${figures} FROM base`),
    db.execute(sql`${base} SELECT flow_key AS key, max(flow_name) AS name, ${figures} FROM base GROUP BY flow_key ORDER BY count(*) DESC, flow_key`),
    db.execute(sql`${base} SELECT dept_key AS key, max(dept_name) AS name, ${figures} FROM base GROUP BY dept_key ORDER BY count(*) DESC, dept_key`),
    db.execute(sql`${base} SELECT week::text AS week, ${figures} FROM base GROUP BY week ORDER BY week`),
  ]);
  const fig = (r: Record<string, unknown> | undefined): EfficiencyFigures => ({
    submitted: Number(r?.submitted ?? 0),
    decided: Number(r?.decided ?? 0),
    open: Number(r?.open ?? 0),
    overdueOpen: Number(r?.overdue_open ?? 0),
    decidedLate: Number(r?.decided_late ?? 0),
    medianSeconds: r?.median_seconds === null || r?.median_seconds === undefined ? null : Number(r.median_seconds),
  });
  const group = (r: Record<string, unknown>): EfficiencyGroup => ({ key: String(r.key), name: (r.name as string | null) ?? null, ...fig(r) });
  const weeks = new Map(rowsOf<Record<string, unknown>>(byWeek).map((r) => [String(r.week).slice(0, 10), fig(r)]));
  return {
    from,
    to,
    department,
    total: fig(rowsOf<Record<string, unknown>>(total)[0]),
    byFlow: rowsOf<Record<string, unknown>>(byFlow).map(group),
    byDepartment: rowsOf<Record<string, unknown>>(byDept).map(group),
    byWeek: weeksOf(from, to).map((week) => ({ week, ...(weeks.get(week) ?? fig(undefined)) })),
  };
}

/** The Mondays of the weeks that touch [from, to] (business dates). */
export function weeksOf(from: string, to: string): string[] {
  const monday = (d: string) => {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay(); // 0 = Sunday
    return addDays(d, -((dow + 6) % 7));
  };
  const out: string[] = [];
  for (let w = monday(from); w <= to && out.length < 60; w = addDays(w, 7)) out.push(w);
  return out;
}
