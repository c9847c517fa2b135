// Reading approval items: the viewer's 待办 (what I must decide), one item with its decision and audit trail,
// and the OA's pull feed (GET /api/v1/approvals). Scoped to the viewer: an item is seen by its current approvers,
// its applicant, and HR/admin.
import "server-only";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalApplications, approvalDecisions, approvalEvents, approvalItems, approvalItemSteps, approvalStepDecisions, employees, type ApprovalAttachment, type ApprovalField } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { page, type Page, type PageArgs } from "@/lib/oa-sync/api/queries";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { TIMEOUT_EVENT_KINDS, wasEscalatedTo } from "./escalation/access";
import { principalsFor } from "./flows/delegates";
import { checkDecision, todoOrder, type ItemStatus } from "./rules";
import type { ApprovalResource } from "./schemas";

export interface ApprovalTodo {
  id: number;
  source: "oa" | "app" | "wecom" | "dingtalk";
  title: string;
  applicantName: string;
  submittedAt: Date;
  dueAt: Date | null;
  overdue: boolean;
  href: string;
}

/** Open items the viewer must decide: overdue first, then newest (at most `limit`). */
export async function myApprovalTodos(db: Db, viewer: Viewer, { now = new Date(), limit = 200 } = {}): Promise<ApprovalTodo[]> {
  const rows = await db
    .select({ id: approvalItems.id, source: approvalItems.source, title: approvalItems.title, applicantName: employees.name, submittedAt: approvalItems.submittedAt, dueAt: approvalItems.dueAt })
    .from(approvalItems)
    .innerJoin(employees, eq(employees.id, approvalItems.applicantId))
    .where(and(eq(approvalItems.status, "open"), sql`${approvalItems.approverIds} @> ARRAY[${viewer.employeeId}]::bigint[]`))
    .orderBy(sql`(${approvalItems.dueAt} < ${now.toISOString()}::timestamptz) DESC NULLS LAST`, desc(approvalItems.submittedAt), desc(approvalItems.id))
    .limit(limit);
  return rows
    .map((r) => ({ ...r, overdue: r.dueAt !== null && r.dueAt.getTime() < now.getTime(), href: `/todos/approvals/${r.id}` }))
    .sort((a, b) => todoOrder(a, b, now));
}

export interface ApprovalItemView {
  id: number;
  /** oa · app · wecom / dingtalk (a native approval mirrored from the vendor; `link` opens it there). */
  source: "oa" | "app" | "wecom" | "dingtalk";
  externalId: string;
  version: number;
  title: string;
  status: ItemStatus;
  applicant: { name: string; employeeNo: string; department: string | null };
  approvers: { id: number; name: string }[];
  fields: ApprovalField[];
  attachments: ApprovalAttachment[];
  link: string;
  dueAt: Date | null;
  submittedAt: Date;
  decision: { outcome: "agree" | "refuse" | "return"; comment: string; deciderName: string; decidedAt: Date; client: string; writeBack: string; writeBackAt: Date | null } | null;
  events: { id: number; kind: string; actorName: string | null; client: string; comment: string | null; details: Record<string, unknown>; at: Date }[];
  canDecide: boolean;
  /** Our own applications: the path with who decided what when (null for OA items, whose path lives in the OA). */
  steps: ItemStepView[] | null;
  /** The applicant may still withdraw (our own applications, before the first decision). */
  canWithdraw: boolean;
  /** 转交: the viewer may hand their place on the active step to someone else (our own applications). */
  canTransfer: boolean;
  /** 撤销 after approval: when, by whom and why (null while it stands, and for items that are not ours). */
  revoked: { at: Date; byName: string; reason: string } | null;
  /** The viewer may revoke it: an approved application of ours, not revoked, and the viewer its applicant or HR. */
  canRevoke: boolean;
  /** 外出代理: the viewer decides as agent of this approver (null: as themselves). */
  actingFor: { id: number; name: string } | null;
}

export interface ItemStepView {
  index: number;
  mode: "single" | "all" | "any";
  status: "waiting" | "active" | "agreed" | "refused" | "returned" | "withdrawn";
  approvers: { id: number; name: string; decision: { outcome: "agree" | "refuse" | "return"; comment: string; decidedAt: Date; agentName: string | null } | null }[];
}

async function stepsOf(db: Db, itemId: number): Promise<ItemStepView[]> {
  const [steps, decisions] = await Promise.all([
    db.select().from(approvalItemSteps).where(eq(approvalItemSteps.itemId, itemId)).orderBy(asc(approvalItemSteps.stepIndex)),
    db.select().from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, itemId)),
  ]);
  const ids = [...new Set([...steps.flatMap((s) => s.approverIds.map(Number)), ...decisions.flatMap((d) => (d.agentId ? [Number(d.agentId)] : []))])];
  const names = ids.length ? new Map((await db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, ids))).map((r) => [Number(r.id), r.name])) : new Map<number, string>();
  return steps.map((s) => ({
    index: s.stepIndex,
    mode: s.mode,
    status: s.status,
    approvers: s.approverIds.map(Number).map((id) => {
      const d = decisions.find((x) => x.stepIndex === s.stepIndex && Number(x.deciderId) === id);
      return { id, name: names.get(id) ?? "?", decision: d ? { outcome: d.outcome, comment: d.comment, decidedAt: d.decidedAt, agentName: d.agentId ? (names.get(Number(d.agentId)) ?? "?") : null } : null };
    }),
  }));
}

async function actedOn(db: Db, itemId: number, employeeId: number, source: string): Promise<boolean> {
  const native = source === "wecom" || source === "dingtalk";
  const rows = await db
    .select({ id: approvalEvents.id })
    .from(approvalEvents)
    .where(and(eq(approvalEvents.itemId, itemId), eq(approvalEvents.actorId, employeeId), native ? undefined : inArray(approvalEvents.kind, ["transfer", "decide"])))
    .limit(1);
  return rows.length > 0;
}

/** One item as the viewer may see it, or null (not found or not theirs to see: the page answers 404 either way). */
export async function approvalItemForViewer(db: Db, viewer: Viewer, itemId: number): Promise<ApprovalItemView | null> {
  const [item] = await db.select().from(approvalItems).where(eq(approvalItems.id, itemId));
  if (!item) return null;
  const approverIds = item.approverIds.map(Number);
  const steps = item.source === "app" ? await stepsOf(db, itemId) : null;
  // Our own applications are seen by everyone on their path (earlier and later steps too).
  const onPath = steps?.some((s) => s.approvers.some((a) => a.id === viewer.employeeId)) ?? false;
  // 外出代理: a delegate in force for a current approver sees the item and decides as their agent.
  const delegateFor = steps && item.status === "open" && !approverIds.includes(viewer.employeeId) ? await principalsFor(db, viewer.employeeId, approverIds, new Date()) : [];
  const actingId = delegateFor[0] ?? viewer.employeeId;
  const mayView = onPath || delegateFor.length > 0 || approverIds.includes(viewer.employeeId) || Number(item.applicantId) === viewer.employeeId || viewer.roles.has("hr") || viewer.roles.has("admin");
  // 审批超时: an approver's leader alerted about it may open it too (read-only); so may whoever acted on it before
  // (transferred it away, decided it as a delegate; any act on a mirrored WeCom / DingTalk approval).
  if (!mayView && !(await wasEscalatedTo(db, itemId, viewer.employeeId)) && !(await actedOn(db, itemId, viewer.employeeId, item.source))) return null;
  const applicantOnly = Number(item.applicantId) === viewer.employeeId && !onPath && !viewer.roles.has("hr") && !viewer.roles.has("admin");
  const [people, [decision], events] = await Promise.all([
    db
      .select({ id: employees.id, name: employees.name, employeeNo: employees.employeeNo, department: sql<string | null>`(SELECT d.name FROM departments d WHERE d.id = ${employees.departmentId})` })
      .from(employees)
      .where(inArray(employees.id, [Number(item.applicantId), ...approverIds])),
    db
      .select({ outcome: approvalDecisions.outcome, comment: approvalDecisions.comment, deciderName: employees.name, decidedAt: approvalDecisions.decidedAt, client: approvalDecisions.client, writeBack: approvalDecisions.writeBack, writeBackAt: approvalDecisions.writeBackAt })
      .from(approvalDecisions)
      .innerJoin(employees, eq(employees.id, approvalDecisions.deciderId))
      .where(eq(approvalDecisions.itemId, itemId)),
    db
      .select({ id: approvalEvents.id, kind: approvalEvents.kind, actorName: employees.name, client: approvalEvents.client, comment: approvalEvents.comment, details: approvalEvents.details, at: approvalEvents.at })
      .from(approvalEvents)
      .leftJoin(employees, eq(employees.id, approvalEvents.actorId))
      .where(eq(approvalEvents.itemId, itemId))
      .orderBy(asc(approvalEvents.at), asc(approvalEvents.id)),
  ]);
  const byId = new Map(people.map((p) => [Number(p.id), p]));
  const applicant = byId.get(Number(item.applicantId));
  const revoked = steps ? await revocationOf(db, itemId) : null;
  const isHr = viewer.roles.has("hr") || viewer.roles.has("admin");
  return {
    id: item.id,
    source: item.source,
    externalId: item.externalId,
    version: item.version,
    title: item.title,
    status: item.status,
    applicant: { name: applicant?.name ?? "?", employeeNo: applicant?.employeeNo ?? "", department: applicant?.department ?? null },
    approvers: approverIds.map((id) => ({ id, name: byId.get(id)?.name ?? "?" })),
    fields: item.fields,
    attachments: item.attachments,
    link: item.link,
    dueAt: item.dueAt,
    submittedAt: item.submittedAt,
    decision: decision ?? null,
    // The applicant is not told about reminders and escalations.
    events: applicantOnly ? events.filter((e) => !TIMEOUT_EVENT_KINDS.includes(e.kind)) : events,
    // WeCom's API cannot decide its approvals: they are decided in WeCom (the link), never here
    canDecide: item.source !== "wecom" && checkDecision({ status: item.status, approverIds, applicantId: Number(item.applicantId) }, actingId, decision ?? null) === null,
    steps,
    canWithdraw: steps !== null && item.status === "open" && Number(item.applicantId) === viewer.employeeId && steps.every((s) => s.approvers.every((a) => a.decision === null)),
    canTransfer: steps !== null && item.status === "open" && approverIds.includes(actingId),
    revoked,
    canRevoke: steps !== null && item.status === "decided" && decision?.outcome === "agree" && revoked === null && (Number(item.applicantId) === viewer.employeeId || isHr),
    actingFor: delegateFor.length ? { id: actingId, name: steps?.flatMap((s) => s.approvers).find((a) => a.id === actingId)?.name ?? "?" } : null,
  };
}

async function revocationOf(db: Db, itemId: number): Promise<ApprovalItemView["revoked"]> {
  const [r] = await db
    .select({ at: approvalApplications.revokedAt, reason: approvalApplications.revokeReason, byName: employees.name })
    .from(approvalApplications)
    .leftJoin(employees, eq(employees.id, approvalApplications.revokedBy))
    .where(eq(approvalApplications.itemId, itemId));
  return r?.at ? { at: r.at, byName: r.byName ?? "?", reason: r.reason ?? "" } : null;
}

/** The approver opened the item: logged once per person (the audit's "view"), not on every reload. */
export async function recordView(db: Db, viewer: Viewer, itemId: number, client: string): Promise<void> {
  await db.execute(sql`
    INSERT INTO approval_events (item_id, kind, actor_id, client)
    SELECT ${itemId}, 'view', ${viewer.employeeId}, ${client}
     WHERE NOT EXISTS (SELECT 1 FROM approval_events WHERE item_id = ${itemId} AND kind = 'view' AND actor_id = ${viewer.employeeId})`);
}

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** GET /api/v1/approvals: items with their state and decision, paged on (updated_at, id) like the other feeds. */
export async function listApprovalsPage(db: Db, args: PageArgs & { status?: ItemStatus }): Promise<Page<ApprovalResource>> {
  return page(
    db,
    args,
    (bound, after) => sql`
      SELECT x.*, x.updated_at::text AS cursor_t, extract(epoch FROM (SELECT hi FROM b)) * 1000 AS complete_up_to FROM (
        SELECT i.id, i.source, i.external_id, i.version, i.title, a.employee_no AS applicant_employee_no,
               coalesce((SELECT ap.kind FROM approval_applications ap WHERE ap.item_id = i.id),
                        (SELECT n.kind FROM approval_native_instances n WHERE n.item_id = i.id LIMIT 1)) AS kind,
               (SELECT ap.revoked_at FROM approval_applications ap WHERE ap.item_id = i.id) AS revoked_at,
               (SELECT coalesce(jsonb_agg(e.employee_no ORDER BY u.ord), '[]'::jsonb)
                  FROM unnest(i.approver_ids) WITH ORDINALITY u(eid, ord) JOIN employees e ON e.id = u.eid) AS approver_employee_nos,
               i.status, i.due_at, i.submitted_at, i.updated_at,
               d.outcome, d.comment, de.employee_no AS decider_employee_no, d.decided_at, d.client, d.write_back
          FROM approval_items i
          JOIN employees a ON a.id = i.applicant_id
          LEFT JOIN approval_decisions d ON d.item_id = i.id
          LEFT JOIN employees de ON de.id = d.decider_id
         WHERE ${args.status ? sql`i.status = ${args.status}` : sql`true`}) x
       WHERE x.updated_at < ${bound} AND ${after}
       ORDER BY x.updated_at, x.id LIMIT ${args.limit + 1}`,
    (r) => ({
      id: Number(r.id),
      source: r.source === "app" || r.source === "wecom" || r.source === "dingtalk" ? r.source : ("oa" as const),
      external_id: String(r.external_id),
      version: Number(r.version),
      title: String(r.title),
      kind: r.kind === "leave" || r.kind === "correction" || r.kind === "overtime" || r.kind === "meeting_excuse" || r.kind === "other" ? r.kind : null,
      applicant_employee_no: String(r.applicant_employee_no),
      approver_employee_nos: (typeof r.approver_employee_nos === "string" ? JSON.parse(r.approver_employee_nos) : r.approver_employee_nos) as string[],
      status: r.status as ItemStatus,
      due_at: iso(r.due_at),
      submitted_at: iso(r.submitted_at)!,
      decision: r.outcome
        ? {
            outcome: r.outcome as "agree" | "refuse" | "return",
            comment: String(r.comment ?? ""),
            decider_employee_no: String(r.decider_employee_no),
            decided_at: iso(r.decided_at)!,
            client: String(r.client),
            write_back: r.write_back as "pending" | "accepted" | "already_decided" | "failed" | "skipped",
          }
        : null,
      revoked_at: iso(r.revoked_at),
      updated_at: iso(r.updated_at)!,
    }),
  );
}

/* ---------- 待办 list: the four segments (issue 15 item 5) ---------- */

/** 待我处理 · 我发起的 · 抄送我的 · 已处理. */
export const TODO_SEGMENTS = ["todo", "mine", "cc", "done"] as const;
export type TodoSegment = (typeof TODO_SEGMENTS)[number];
/** Where an item comes from: the OA's push, our own flows, and the vendors' native approvals (mirrored). */
export const TODO_SOURCES = ["oa", "app", "wecom", "dingtalk"] as const;
export type TodoSource = (typeof TODO_SOURCES)[number];
/** Sources whose items are decided in this app (WeCom's native approvals open in WeCom; DingTalk's through their own path). */
const DECIDED_HERE: readonly string[] = ["oa", "app"];
/** How many items a batch agree takes at most. */
export const MAX_BATCH_AGREE = 50;

export interface TodoListItem {
  id: number;
  source: string;
  title: string;
  status: ItemStatus;
  applicantName: string;
  submittedAt: Date;
  dueAt: Date | null;
  overdue: boolean;
  /** 待我处理 only: agreeing needs nothing more than a tap (decided here, no attachments to read first). */
  simple: boolean;
  /** An application of ours revoked (撤销) after it was approved. */
  revoked: boolean;
  href: string;
}

/**
 * The SQL condition of a segment on approval_items (alias-free, on the table's columns) for `me`:
 * todo — open, I am a current approver (or the delegate in force of one) · mine — I applied · done — I decided it (the item's decision or one of its
 * steps) · cc — an 审批超时 escalation alert was copied to me (a leader or HR person asked to follow it up), and I
 * am neither its current approver nor its applicant.
 */
/**
 * The items `me` is asked to decide (status aside): a current approver, or — 外出代理 — one of our applications
 * waiting for someone whose delegation names me and is in force now.
 */
export function askedNow(me: number) {
  return sql`(${approvalItems.approverIds} @> ARRAY[${me}]::bigint[]
    OR (${approvalItems.source} = 'app' AND ${approvalItems.approverIds} && ARRAY(SELECT principal_id FROM approval_delegations
      WHERE delegate_id = ${me} AND starts_at <= now() AND ends_at > now() AND revoked_at IS NULL)))`;
}

function segmentWhere(segment: TodoSegment, me: number) {
  switch (segment) {
    case "todo":
      return sql`${approvalItems.status} = 'open' AND ${askedNow(me)}`;
    case "mine":
      return sql`${approvalItems.applicantId} = ${me}`;
    case "done":
      return sql`${approvalItems.id} IN (SELECT item_id FROM approval_decisions WHERE decider_id = ${me}
        UNION SELECT item_id FROM approval_step_decisions WHERE decider_id = ${me} OR agent_id = ${me})`;
    case "cc":
      return sql`${approvalItems.id} IN (SELECT item_id FROM approval_timeout_stages WHERE kind = 'escalate' AND recipient_ids @> ARRAY[${me}]::bigint[])
        AND NOT (${approvalItems.approverIds} @> ARRAY[${me}]::bigint[]) AND ${approvalItems.applicantId} <> ${me}`;
  }
}

const sourceWhere = (source: TodoSource | undefined) => (source ? sql`${approvalItems.source}::text = ${source}` : sql`true`);

/**
 * One segment of the viewer's 待办, overdue first (soonest due first), then newest submitted; `limit` rows from
 * `offset`, and whether more follow. Only the viewer's own items: every segment is defined by who they are.
 */
export async function approvalTodoList(
  db: Db,
  viewer: Viewer,
  { segment, source, now = new Date(), limit = 50, offset = 0 }: { segment: TodoSegment; source?: TodoSource; now?: Date; limit?: number; offset?: number },
): Promise<{ items: TodoListItem[]; hasMore: boolean }> {
  const nowIso = now.toISOString();
  const overdue = sql`(${approvalItems.status} = 'open' AND ${approvalItems.dueAt} < ${nowIso}::timestamptz)`;
  const rows = await db
    .select({
      id: approvalItems.id,
      source: approvalItems.source,
      title: approvalItems.title,
      status: approvalItems.status,
      applicantName: employees.name,
      submittedAt: approvalItems.submittedAt,
      dueAt: approvalItems.dueAt,
      overdue: sql<boolean>`coalesce(${overdue}, false)`,
      attachments: sql<number>`jsonb_array_length(${approvalItems.attachments})`,
      revoked: sql<boolean>`EXISTS (SELECT 1 FROM approval_applications ap WHERE ap.item_id = ${approvalItems.id} AND ap.revoked_at IS NOT NULL)`,
    })
    .from(approvalItems)
    .innerJoin(employees, eq(employees.id, approvalItems.applicantId))
    .where(and(sql`${segmentWhere(segment, viewer.employeeId)}`, sourceWhere(source)))
    .orderBy(sql`coalesce(${overdue}, false) DESC`, sql`CASE WHEN coalesce(${overdue}, false) THEN ${approvalItems.dueAt} END ASC`, desc(approvalItems.submittedAt), desc(approvalItems.id))
    .limit(limit + 1)
    .offset(offset);
  return {
    hasMore: rows.length > limit,
    items: rows.slice(0, limit).map(({ attachments, ...r }) => ({
      ...r,
      source: String(r.source),
      overdue: Boolean(r.overdue),
      revoked: Boolean(r.revoked),
      simple: segment === "todo" && DECIDED_HERE.includes(String(r.source)) && Number(attachments) === 0,
      href: `/todos/approvals/${r.id}`,
    })),
  };
}

/** How many items each segment holds for the viewer (the segment tabs' numbers; 待我处理 counts open items only). */
export async function approvalSegmentCounts(db: Db, viewer: Viewer, { source }: { source?: TodoSource } = {}): Promise<Record<TodoSegment, number>> {
  const count = (s: TodoSegment) => sql`(SELECT count(*)::int FROM ${approvalItems} WHERE ${segmentWhere(s, viewer.employeeId)} AND ${sourceWhere(source)})`;
  const [r] = rowsOf<Record<TodoSegment, number | string>>(await db.execute(sql`SELECT ${count("todo")} AS todo, ${count("mine")} AS mine, ${count("cc")} AS cc, ${count("done")} AS done`));
  return { todo: Number(r.todo), mine: Number(r.mine), cc: Number(r.cc), done: Number(r.done) };
}

/** Titles of items the viewer acted on or may act on (a batch's result lines), by id; others are left out. */
export async function approvalTitlesForViewer(db: Db, viewer: Viewer, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const me = viewer.employeeId;
  const rows = await db
    .select({ id: approvalItems.id, title: approvalItems.title })
    .from(approvalItems)
    .where(and(inArray(approvalItems.id, ids), sql`(${segmentWhere("todo", me)} OR ${approvalItems.approverIds} @> ARRAY[${me}]::bigint[] OR ${segmentWhere("done", me)} OR ${segmentWhere("mine", me)})`));
  return new Map(rows.map((r) => [r.id, r.title]));
}
