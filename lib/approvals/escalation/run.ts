// The "approvals.timeouts" loop (审批超时预警): open items whose deadline (due_at: the active step's activated_at +
// timeout.hours for our flows, the OA's own due_at for OA items) has passed get their stages (schedule.ts) — 催办
// to the approvers, then an alert to the approvers' leader and/or HR, then (our flows, only when autoAction is set)
// the step decided through the ordinary decide path with client "timeout".
//
// Exactly once: each item is handled in one transaction under its row lock (the same lock decisions take, so an
// item decided meanwhile is seen decided), and each stage is claimed by inserting its natural key (item × step ×
// deadline × stage) into approval_timeout_stages in the transaction that queues its messages (the one notification
// outbox, deduped by the same key) and appends its approval event. A second loop instance waits on the lock and
// then finds the stage claimed; a crash before commit leaves nothing claimed, so the next pass does it. The
// applicant is never messaged. `now` is a parameter: nothing below reads the clock.
import "server-only";
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalEvents, approvalItems, approvalItemSteps, approvalTimeoutStages, departmentLeaders, departments, employees } from "@/db/schema";
import type { StepTimeout } from "@/db/schema/approval-flows";
import { chatChannelsOf } from "@/lib/attendance/board";
import { employeesWithRole } from "@/lib/auth/grants";
import type { Viewer } from "@/lib/auth/viewer";
import { appUrl, env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { enqueueNotifications, type ChatNotification } from "@/lib/notifications/outbox";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { log } from "@/lib/observability/log";
import { decideApproval } from "../decide";
import { TIMEOUT_CLIENT } from "./access";
import { inQuietHours, planStages, usableTimeout, type Stage } from "./schedule";
import { approvalTimeoutSettings, type ApprovalTimeoutSettings } from "./settings";

export const REMIND_KIND = "approval_remind";
export const ESCALATE_KIND = "approval_escalate";
export { TIMEOUT_CLIENT };
const BATCH = 100;

interface Candidate {
  itemId: number;
  stepIndex: number;
  deadline: Date;
}

export interface TimeoutRunOptions {
  /** Tests: runs just before an item's transaction commits (throwing rolls it back, like a crash). */
  beforeCommit?: (itemId: number) => Promise<void>;
}

class AlreadyClaimed extends Error {}

/** How many stages a timeout has, in SQL (mirrors stagesOf for well-formed timeouts; a prefilter only). */
const stageCount = (t: ReturnType<typeof sql>) => sql`(
  CASE WHEN jsonb_typeof(${t}->'remindMax') = 'number' THEN least(greatest((${t}->>'remindMax')::numeric, 0), 10)::int ELSE 0 END
  + CASE WHEN jsonb_typeof(${t}->'escalateTo') = 'array' AND jsonb_array_length(${t}->'escalateTo') > 0 THEN 1 ELSE 0 END
  + CASE WHEN ${t}->>'autoAction' IN ('agree', 'refuse') THEN 1 ELSE 0 END)`;

/**
 * Items with a stage possibly due at `now`: open, past their deadline, series not complete, and the last claimed
 * stage at least one interval ago (stages are spaced at least `hours` apart, so nothing earlier can be due).
 */
async function candidates(db: Db, settings: ApprovalTimeoutSettings, now: Date): Promise<Candidate[]> {
  const oa = settings.oa ? JSON.stringify(settings.oa) : null;
  const t = sql`c.timeout`;
  // Stages keep the deadline as JavaScript read it (to the millisecond), hence date_trunc.
  const rows = rowsOf<{ id: string | number; step_index: number; due_at: string | Date }>(
    await db.execute(sql`
      WITH c AS (
        SELECT i.id, i.due_at, coalesce(s.step_index, 0) AS step_index,
               CASE WHEN i.source = 'app' THEN s.timeout ELSE ${oa}::jsonb END AS timeout
          FROM approval_items i
          LEFT JOIN approval_item_steps s ON i.source = 'app' AND s.item_id = i.id AND s.status = 'active'
         WHERE i.status = 'open' AND i.due_at IS NOT NULL AND i.due_at <= ${now.toISOString()}::timestamptz)
      SELECT c.id, c.step_index, c.due_at
        FROM c
        JOIN LATERAL (SELECT count(*)::int AS done, max(st.due_at) AS last_due FROM approval_timeout_stages st
                       WHERE st.item_id = c.id AND st.step_index = c.step_index AND st.deadline = date_trunc('milliseconds', c.due_at)) x ON true
       WHERE c.timeout IS NOT NULL AND jsonb_typeof(c.timeout->'hours') = 'number'
         AND x.done < ${stageCount(t)}
         AND (x.last_due IS NULL OR x.last_due + make_interval(secs => (c.timeout->>'hours')::float8 * 3600) <= ${now.toISOString()}::timestamptz)
       ORDER BY c.due_at, c.id
       LIMIT ${BATCH}`),
  );
  return rows.map((r) => ({ itemId: Number(r.id), stepIndex: Number(r.step_index), deadline: new Date(r.due_at) }));
}

/** Each approver's leader: the active leaders (not the approver) of the nearest department above them that has one. */
export async function leadersOf(db: Db, ids: number[]): Promise<Map<number, number[]>> {
  if (!ids.length) return new Map();
  const people = await db.select({ id: employees.id, path: departments.path }).from(employees).innerJoin(departments, eq(departments.id, employees.departmentId)).where(inArray(employees.id, ids));
  const chains = new Map(people.map((p) => [Number(p.id), p.path.split("/").filter(Boolean).map(Number).reverse()]));
  const all = [...new Set([...chains.values()].flat())];
  if (!all.length) return new Map();
  const rows = await db
    .select({ departmentId: departmentLeaders.departmentId, employeeId: departmentLeaders.employeeId })
    .from(departmentLeaders)
    .innerJoin(employees, eq(employees.id, departmentLeaders.employeeId))
    .innerJoin(departments, eq(departments.id, departmentLeaders.departmentId))
    .where(and(inArray(departmentLeaders.departmentId, all), eq(employees.status, "active"), eq(departments.status, "active")))
    .orderBy(asc(departmentLeaders.employeeId));
  const out = new Map<number, number[]>();
  for (const [id, chain] of chains) {
    for (const d of chain) {
      const leaders = rows.filter((r) => Number(r.departmentId) === d && Number(r.employeeId) !== id).map((r) => Number(r.employeeId));
      if (leaders.length) {
        out.set(id, leaders);
        break;
      }
    }
  }
  return out;
}

async function namesOf(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, ids));
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** "3 小时" / "2 天": how long past the deadline (whole hours, at least 1). */
function overdueText(deadline: Date, now: Date): string {
  const h = Math.max(1, Math.floor((now.getTime() - deadline.getTime()) / 3_600_000));
  return h < 48 ? `${h} 小时` : `${Math.floor(h / 24)} 天`;
}

interface LockedItem {
  id: number;
  source: "oa" | "app";
  title: string;
  applicantId: number;
  approverIds: number[];
  dueAt: Date;
}

async function messages(db: Db, recipients: number[], make: (id: number) => Omit<ChatNotification, "channel" | "recipientEmployeeId">): Promise<number> {
  const channels = await chatChannelsOf(db, recipients);
  const list = recipients.flatMap((id) => {
    const channel = channels.get(id);
    return channel ? [{ channel, recipientEmployeeId: id, ...make(id) }] : [];
  });
  return list.length ? enqueueNotifications(db, list) : 0;
}

async function claim(tx: Db, item: LockedItem, stepIndex: number, s: Stage, result: (typeof approvalTimeoutStages.$inferInsert)["result"], recipientIds: number[]): Promise<void> {
  const [row] = await tx
    .insert(approvalTimeoutStages)
    .values({ itemId: item.id, stepIndex, deadline: item.dueAt, stageNo: s.no, kind: s.kind, n: s.n, dueAt: s.dueAt, result, recipientIds })
    .onConflictDoNothing()
    .returning({ no: approvalTimeoutStages.stageNo });
  // The item lock serialises passes; the key is the backstop: roll the whole item back rather than act twice.
  if (!row) throw new AlreadyClaimed();
}

async function remind(tx: Db, item: LockedItem, stepIndex: number, s: Stage, t: StepTimeout, now: Date): Promise<void> {
  const to = item.approverIds.filter((id) => id !== item.applicantId);
  const names = await namesOf(tx, [item.applicantId, ...to]);
  const applicant = names.get(item.applicantId) ?? "";
  await messages(tx, to, (id) => ({
    kind: REMIND_KIND,
    dedupeKey: `${REMIND_KIND}:${item.id}:${stepIndex}:${item.dueAt.getTime()}:${s.n}:${id}`,
    payload: {
      title: `催办：${item.title}`,
      description: `${applicant}的「${item.title}」等你审批，已超时 ${overdueText(item.dueAt, now)}（第 ${s.n} 次催办），请尽快处理。`,
      url: `${appUrl()}/todos/approvals/${item.id}`,
      buttonText: "去审批",
      itemId: item.id,
    },
  }));
  await claim(tx, item, stepIndex, s, "sent", to);
  await tx.insert(approvalEvents).values({
    itemId: item.id,
    kind: "remind",
    actorId: null,
    client: TIMEOUT_CLIENT,
    details: { step: stepIndex, stage: s.no, n: s.n, of: t.remindMax, to, names: to.map((id) => names.get(id) ?? "?"), deadline: item.dueAt.toISOString(), dueAt: s.dueAt.toISOString() },
  });
}

async function escalate(tx: Db, item: LockedItem, stepIndex: number, s: Stage, t: StepTimeout, now: Date): Promise<void> {
  const waiting = item.approverIds;
  const to = new Set<number>();
  if (t.escalateTo.includes("leader")) for (const ids of (await leadersOf(tx, waiting)).values()) ids.forEach((id) => to.add(id));
  if (t.escalateTo.includes("hr")) (await employeesWithRole(tx, "hr")).forEach((id) => to.add(id));
  // Not the applicant (never told about reminders), not the people being chased (they got the 催办).
  const recipients = [...to].filter((id) => id !== item.applicantId && !waiting.includes(id)).sort((a, b) => a - b);
  const names = await namesOf(tx, [item.applicantId, ...waiting, ...recipients]);
  const approverNames = waiting.map((id) => names.get(id) ?? "?").join("、");
  await messages(tx, recipients, (id) => ({
    kind: ESCALATE_KIND,
    dedupeKey: `${ESCALATE_KIND}:${item.id}:${stepIndex}:${item.dueAt.getTime()}:${id}`,
    payload: {
      title: `审批超时未处理：${item.title}`,
      description: `${approverNames} 尚未处理${names.get(item.applicantId) ?? ""}的「${item.title}」，已超时 ${overdueText(item.dueAt, now)}${t.remindMax ? `，已催办 ${t.remindMax} 次` : ""}。请跟进。`,
      url: `${appUrl()}/todos/approvals/${item.id}`,
      buttonText: "查看审批",
      itemId: item.id,
    },
  }));
  await claim(tx, item, stepIndex, s, "sent", recipients);
  await tx.insert(approvalEvents).values({
    itemId: item.id,
    kind: "escalate",
    actorId: null,
    client: TIMEOUT_CLIENT,
    details: { step: stepIndex, stage: s.no, targets: t.escalateTo, to: recipients, names: recipients.map((id) => names.get(id) ?? "?"), approvers: waiting, approverNames: waiting.map((id) => names.get(id) ?? "?"), deadline: item.dueAt.toISOString(), dueAt: s.dueAt.toISOString() },
  });
}

/** The step decided for its silent approvers through the ordinary decide path (client "timeout"; it logs the decide event). */
async function autoDecide(tx: Db, item: LockedItem, stepIndex: number, s: Stage, t: StepTimeout, mode: string): Promise<void> {
  const outcome = t.autoAction!;
  const comment = outcome === "agree" ? "超时未处理，系统自动同意" : "超时未处理，系统自动拒绝";
  // One refusal ends the item; an agree ends a single or 或签 step at once, a 会签 step when every member has agreed.
  const deciders = outcome === "agree" && mode === "all" ? item.approverIds : item.approverIds.slice(0, 1);
  const people = await tx.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name, departmentId: employees.departmentId }).from(employees).where(inArray(employees.id, deciders));
  let decided = 0;
  for (const id of deciders) {
    const p = people.find((x) => Number(x.id) === id);
    if (!p) break;
    const viewer: Viewer = { employeeId: id, employeeNo: p.employeeNo, name: p.name, departmentId: p.departmentId, departmentName: null, roles: new Set(["employee"]), managedPaths: [], provider: null };
    try {
      await decideApproval(tx, viewer, item.id, { outcome, comment }, TIMEOUT_CLIENT);
      decided++;
    } catch (e) {
      // A refusal by the rules (e.g. nobody left to ask): recorded as not decided; anything else rolls back the pass.
      if (!(e instanceof AppError)) throw e;
      log.warn({ itemId: item.id, step: stepIndex, code: e.code }, "approval timeout: automatic decision refused");
      break;
    }
  }
  await claim(tx, item, stepIndex, s, decided > 0 ? "decided" : "not_decided", decided > 0 ? deciders.slice(0, decided) : []);
  log.info({ itemId: item.id, step: stepIndex, outcome, decided }, "approval timeout: step decided automatically");
}

/** One item, in its own transaction under its row lock. Returns how many stages were carried out. */
async function handleItem(db: Db, c: Candidate, settings: ApprovalTimeoutSettings, tz: string, now: Date, opts: TimeoutRunOptions): Promise<number> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .select({ id: approvalItems.id, source: approvalItems.source, status: approvalItems.status, title: approvalItems.title, applicantId: approvalItems.applicantId, approverIds: approvalItems.approverIds, dueAt: approvalItems.dueAt })
        .from(approvalItems)
        .where(eq(approvalItems.id, c.itemId))
        .for("update");
      // Decided, withdrawn, or its deadline moved since the candidate was read: nothing (the next pass re-reads).
      if (!row || row.status !== "open" || !row.dueAt || row.dueAt.getTime() !== c.deadline.getTime()) return 0;
      // WeCom / DingTalk native approvals remind and escalate in the vendor's own flow
      if (row.source === "wecom" || row.source === "dingtalk") return 0;
      const item: LockedItem = { id: row.id, source: row.source, title: row.title, applicantId: Number(row.applicantId), approverIds: row.approverIds.map(Number), dueAt: row.dueAt };
      let timeout: StepTimeout | null;
      let mode = "single";
      if (item.source === "app") {
        const [step] = await tx.select().from(approvalItemSteps).where(and(eq(approvalItemSteps.itemId, item.id), eq(approvalItemSteps.status, "active")));
        if (!step || step.stepIndex !== c.stepIndex) return 0;
        timeout = usableTimeout(step.timeout);
        mode = step.mode;
      } else {
        timeout = usableTimeout(settings.oa); // never an autoAction: the OA owns its items' decisions
      }
      if (!timeout) return 0;
      const [{ done }] = await tx
        .select({ done: count() })
        .from(approvalTimeoutStages)
        .where(and(eq(approvalTimeoutStages.itemId, item.id), eq(approvalTimeoutStages.stepIndex, c.stepIndex), eq(approvalTimeoutStages.deadline, item.dueAt)));
      const plan = planStages(item.dueAt, timeout, settings, tz, now, Number(done));
      for (const s of plan.skip) await claim(tx, item, c.stepIndex, s, "skipped", []);
      let fired = 0;
      for (const s of plan.fire) {
        if (s.kind === "remind") await remind(tx, item, c.stepIndex, s, timeout, now);
        else if (s.kind === "escalate") await escalate(tx, item, c.stepIndex, s, timeout, now);
        else await autoDecide(tx, item, c.stepIndex, s, timeout, mode);
        fired++;
      }
      if (fired || plan.skip.length) await opts.beforeCommit?.(item.id);
      return fired;
    });
  } catch (e) {
    if (e instanceof AlreadyClaimed) return 0;
    throw e;
  }
}

/**
 * One pass at `now`: carry out every 审批超时 stage due. Returns how many stages were carried out; a second pass at
 * the same `now`, or a second instance, returns 0.
 */
export async function runApprovalTimeouts(db: Db, now: Date, opts: TimeoutRunOptions = {}): Promise<number> {
  const settings = await approvalTimeoutSettings(db);
  const tz = env().ORG_TIMEZONE;
  if (inQuietHours(now, settings, tz)) return 0; // no chat in quiet hours: everything due waits for their end
  let fired = 0;
  for (const c of await candidates(db, settings, now)) fired += await handleItem(db, c, settings, tz, now, opts);
  if (fired > 0) void import("@/lib/jobs/runtime").then((r) => r.wakeLoop("notifications.send")); // lazy: runtime imports this module
  return fired;
}
