// Approval items in the vendors' own surfaces, kept in step with the item (issue 15 item 4). One idempotent
// reconciliation, called in the transaction of every act that changes who is asked (submit, a decision, a
// withdrawal, an OA push, an OA write-back answer): who must be asked now (the active step's members who have
// not decided; for the OA's items, its current approvers) is compared with the approval_surfaces rows —
//   · asked now, no row → a row, and the messages go out through the one notification outbox: on WeCom the
//     template card; on DingTalk the work notice and a 待办;
//   · a row no longer asked → closed once: the card is updated to show the result, the 待办 is marked done
//     (deleted when the application was withdrawn or the OA cancelled it);
//   · the application has ended → its applicant is told the result, once; an approved leave / 补卡 is written
//     into the vendors' attendance (lib/approvals/vendor-write).
// So a later step is reached only when it becomes active, and nobody is asked or told twice (the outbox's dedupe
// keys and the row's primary key both hold it).
import "server-only";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalDecisions, approvalItems, approvalItemSteps, approvalStepDecisions, approvalSurfaces, employees, SURFACE_CLOSE_REASONS } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { enqueueNotifications, type ChatNotification } from "@/lib/notifications/outbox";
import { enqueueAttendanceWrites } from "../vendor-write/enqueue";
import { chatChannel, vendorAccountsOf } from "./accounts";
import { approverPayload, CLOSED_LABEL, type ItemSummary, resultPayload, SURFACE_KINDS, wecomApprovalCard } from "./messages";

type CloseReason = (typeof SURFACE_CLOSE_REASONS)[number];
const key = (step: number, employeeId: number) => `${step}:${employeeId}`;

export interface SurfaceSync {
  asked: number;
  closed: number;
  resultQueued: boolean;
}

export async function syncApprovalSurfaces(tx: Db, itemId: number): Promise<SurfaceSync> {
  const out: SurfaceSync = { asked: 0, closed: 0, resultQueued: false };
  const [item] = await tx
    .select({ id: approvalItems.id, source: approvalItems.source, status: approvalItems.status, title: approvalItems.title, fields: approvalItems.fields, applicantId: approvalItems.applicantId, approverIds: approvalItems.approverIds, applicantName: employees.name })
    .from(approvalItems)
    .leftJoin(employees, eq(employees.id, approvalItems.applicantId))
    .where(eq(approvalItems.id, itemId));
  if (!item) return out;
  const applicantId = Number(item.applicantId);

  // Who is asked now, and what each person already did on each step.
  const due = new Map<string, { step: number; employeeId: number }>();
  const acted = new Map<string, "agree" | "refuse" | "return">();
  let stepCount = 0;
  if (item.source === "app") {
    const steps = await tx.select().from(approvalItemSteps).where(eq(approvalItemSteps.itemId, itemId)).orderBy(asc(approvalItemSteps.stepIndex));
    const decisions = await tx.select({ step: approvalStepDecisions.stepIndex, by: approvalStepDecisions.deciderId, outcome: approvalStepDecisions.outcome }).from(approvalStepDecisions).where(eq(approvalStepDecisions.itemId, itemId));
    for (const d of decisions) acted.set(key(d.step, Number(d.by)), d.outcome);
    stepCount = steps.length;
    for (const s of steps) {
      if (s.status !== "active" || item.status !== "open") continue;
      for (const id of s.approverIds.map(Number)) if (!acted.has(key(s.stepIndex, id))) due.set(key(s.stepIndex, id), { step: s.stepIndex, employeeId: id });
    }
  } else {
    const [d] = await tx.select({ by: approvalDecisions.deciderId, outcome: approvalDecisions.outcome }).from(approvalDecisions).where(eq(approvalDecisions.itemId, itemId));
    if (d) acted.set(key(0, Number(d.by)), d.outcome);
    if (item.status === "open") for (const id of item.approverIds.map(Number)) due.set(key(0, id), { step: 0, employeeId: id });
  }

  const held = await tx.select().from(approvalSurfaces).where(eq(approvalSurfaces.itemId, itemId));
  const heldKeys = new Set(held.map((h) => key(h.stepIndex, Number(h.employeeId))));
  const fresh = [...due.values()].filter((d) => !heldKeys.has(key(d.step, d.employeeId)));
  const stale = held.filter((h) => h.closedAt === null && !due.has(key(h.stepIndex, Number(h.employeeId))));

  const people = [...new Set([...fresh.map((f) => f.employeeId), applicantId])];
  const accounts = await vendorAccountsOf(tx, people);
  const base = appUrl();
  const summary = (step: number): ItemSummary => ({
    id: item.id,
    title: item.title,
    applicantName: item.applicantName ?? "",
    fields: item.fields,
    step: item.source === "app" ? { number: step + 1, of: stepCount } : null,
  });
  const list: ChatNotification[] = [];

  for (const f of fresh) {
    const a = accounts.get(f.employeeId);
    const channel = chatChannel(a);
    if (!channel) continue; // nobody to reach on a chat: the item waits in the app's 待办 list
    const [row] = await tx
      .insert(approvalSurfaces)
      .values({ itemId, stepIndex: f.step, employeeId: f.employeeId, channel, dingtalkUnionId: channel === "dingtalk" ? (a?.dingtalk?.unionId ?? null) : null })
      .onConflictDoNothing()
      .returning({ itemId: approvalSurfaces.itemId });
    if (!row) continue;
    out.asked++;
    const s = summary(f.step);
    const payload = approverPayload(base, s, f.step, f.employeeId);
    const k = `${itemId}:${f.step}:${f.employeeId}`;
    if (channel === "wecom") {
      list.push({ channel, recipientEmployeeId: f.employeeId, kind: SURFACE_KINDS.card, dedupeKey: `${SURFACE_KINDS.card}:${k}`, payload: { ...payload, templateCard: wecomApprovalCard(base, s, f.step, f.employeeId) } });
    } else {
      list.push({ channel, recipientEmployeeId: f.employeeId, kind: SURFACE_KINDS.notice, dedupeKey: `${SURFACE_KINDS.notice}:${k}`, payload });
      if (a?.dingtalk?.unionId) list.push({ channel, recipientEmployeeId: f.employeeId, kind: SURFACE_KINDS.todo, dedupeKey: `${SURFACE_KINDS.todo}:${k}`, payload });
    }
  }

  for (const h of stale) {
    const employeeId = Number(h.employeeId);
    const mine = acted.get(key(h.stepIndex, employeeId));
    const reason: CloseReason = mine ?? (item.status === "cancelled" ? (item.source === "app" ? "withdrawn" : "cancelled") : "others");
    const closed = await tx
      .update(approvalSurfaces)
      .set({ closedAt: new Date(), closeReason: reason })
      .where(and(eq(approvalSurfaces.itemId, itemId), eq(approvalSurfaces.stepIndex, h.stepIndex), eq(approvalSurfaces.employeeId, employeeId), isNull(approvalSurfaces.closedAt)))
      .returning({ itemId: approvalSurfaces.itemId });
    if (!closed.length) continue;
    out.closed++;
    const k = `${itemId}:${h.stepIndex}:${employeeId}`;
    const payload = { title: `${CLOSED_LABEL[reason]}：${item.title}`, description: CLOSED_LABEL[reason], itemId, step: h.stepIndex, employeeId, label: CLOSED_LABEL[reason], reason };
    if (h.channel === "wecom") list.push({ channel: "wecom", recipientEmployeeId: employeeId, kind: SURFACE_KINDS.cardUpdate, dedupeKey: `${SURFACE_KINDS.cardUpdate}:${k}`, payload });
    else list.push({ channel: "dingtalk", recipientEmployeeId: employeeId, kind: SURFACE_KINDS.todoClose, dedupeKey: `${SURFACE_KINDS.todoClose}:${k}`, payload: { ...payload, action: reason === "withdrawn" || reason === "cancelled" ? "delete" : "done" } });
  }

  // Our own application has ended with a decision: its applicant hears the result once; an approval takes effect
  // in the vendors' attendance too.
  if (item.source === "app" && item.status === "decided") {
    const [d] = await tx
      .select({ outcome: approvalDecisions.outcome, comment: approvalDecisions.comment, deciderName: employees.name })
      .from(approvalDecisions)
      .leftJoin(employees, eq(employees.id, approvalDecisions.deciderId))
      .where(eq(approvalDecisions.itemId, itemId));
    const channel = chatChannel(accounts.get(applicantId));
    if (d && channel) {
      list.push({ channel, recipientEmployeeId: applicantId, kind: SURFACE_KINDS.result, dedupeKey: `${SURFACE_KINDS.result}:${itemId}`, payload: resultPayload(base, summary(0), d.outcome, d.deciderName, d.comment) });
    }
    if (d?.outcome === "agree") await enqueueAttendanceWrites(tx, itemId);
  }

  if (list.length) {
    const added = await enqueueNotifications(tx, list);
    out.resultQueued = added > 0 && list.some((n) => n.kind === SURFACE_KINDS.result);
  }
  return out;
}
