// Deciding a mirrored native approval from our app.
// - DingTalk: POST /v1.0/workflow/processInstances/execute (dingtalk.md §6.2) for the viewer's RUNNING task, with the
//   comment as remark; logged as decide + write_back (accepted), the instance then re-read and mirrored. When DingTalk
//   refuses because the task is no longer running (decided in DingTalk, by a 或签 peer, or the instance revoked), the
//   instance is re-read and mirrored, the refusal logged as write_back (already_decided), and the viewer told so
//   (409 decided_elsewhere); nothing of ours is decided.
// - WeCom: its API cannot agree or refuse an approval (attendance-approvals.md §3.2): 409 decide_in_wecom; the item's
//   link opens it in WeCom.
import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalEvents, approvalItems, approvalNativeInstances, identities } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, notFound } from "@/lib/errors";
import { log } from "@/lib/observability/log";
import { dingtalkConfig } from "@/lib/vendors/config";
import { dingtalkClient } from "@/lib/vendors/dingtalk/client";
import { executeProcessTask } from "@/lib/vendors/dingtalk/workflow";
import { VendorError } from "@/lib/vendors/http";
import { readNativeInstance } from "./events";
import { mirrorNativeSnapshot } from "./mirror";

export const NATIVE_SOURCES = ["wecom", "dingtalk"] as const;
export const isNativeSource = (s: string): s is (typeof NATIVE_SOURCES)[number] => (NATIVE_SOURCES as readonly string[]).includes(s);

export interface NativeDecisionResult {
  itemId: number;
  outcome: "agree" | "refuse";
  decidedAt: string;
}

const decidedElsewhere = () =>
  new AppError("conflict", 409, "已在钉钉中处理（或已撤销），本次操作未生效 / already decided in DingTalk (or withdrawn there); nothing was changed", { reason: "decided_elsewhere" });

async function dingtalkUserIdOf(db: Db, employeeId: number): Promise<string | null> {
  const [r] = await db
    .select({ userId: identities.externalId })
    .from(identities)
    .where(and(eq(identities.employeeId, employeeId), eq(identities.provider, "dingtalk"), eq(identities.corpId, dingtalkConfig().corpId)));
  return r?.userId ?? null;
}

export async function decideNativeApproval(db: Db, viewer: Viewer, itemId: number, input: { outcome: "agree" | "refuse" | "return"; comment: string }, client: string): Promise<NativeDecisionResult> {
  const r = await db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: approvalItems.id, source: approvalItems.source, externalId: approvalItems.externalId, status: approvalItems.status, approverIds: approvalItems.approverIds, applicantId: approvalItems.applicantId })
      .from(approvalItems)
      .where(eq(approvalItems.id, itemId))
      .for("update");
    const approvers = item?.approverIds.map(Number) ?? [];
    const mayView = item && (approvers.includes(viewer.employeeId) || Number(item.applicantId) === viewer.employeeId || viewer.roles.has("hr") || viewer.roles.has("admin"));
    if (!mayView) throw notFound("no such approval item");
    if (item.source === "wecom") {
      throw new AppError("conflict", 409, "企业微信审批只能在企业微信中处理 / WeCom approvals are decided in WeCom itself; open the item there", { reason: "decide_in_wecom" });
    }
    if (item.status !== "open") throw decidedElsewhere();
    if (!approvers.includes(viewer.employeeId)) throw new AppError("forbidden", 403, "only a current approver of this item may decide it");
    if (input.outcome === "return") throw new AppError("bad_request", 400, "钉钉审批只能同意或拒绝 / a DingTalk approval can be agreed or refused only", { reason: "outcome_not_supported" });

    const [mirror] = await tx.select().from(approvalNativeInstances).where(and(eq(approvalNativeInstances.vendor, "dingtalk"), eq(approvalNativeInstances.instanceId, item.externalId))).for("update");
    const userId = await dingtalkUserIdOf(tx, viewer.employeeId);
    const task = mirror?.tasks.find((t) => t.userId === userId && t.status === "RUNNING" && t.taskId);
    const comment = input.comment.trim();
    const outcome = input.outcome;
    const refresh = async () => {
      const snap = await readNativeInstance(tx, "dingtalk", item.externalId, mirror?.processCode ?? "");
      await mirrorNativeSnapshot(tx, snap);
      return snap;
    };
    if (!mirror || !userId || !task) {
      await refresh();
      return { kind: "elsewhere" as const };
    }
    try {
      await executeProcessTask(dingtalkClient(tx), { processInstanceId: item.externalId, taskId: Number(task.taskId), actionerUserId: userId, result: outcome, remark: comment });
    } catch (e) {
      if (!(e instanceof VendorError) || e.kind !== "api") throw e;
      // Refused by DingTalk: is it because the task was decided elsewhere? The instance says.
      const snap = await refresh();
      const still = snap.tasks.some((t) => t.taskId === task.taskId && t.status === "RUNNING");
      log.info({ itemId, taskId: task.taskId, code: e.code, still }, "DingTalk refused processInstances/execute");
      if (still) throw new AppError("unavailable", 502, `钉钉拒绝了本次处理：${String(e.code ?? "")} / DingTalk refused the decision`, { reason: "vendor_refused", code: String(e.code ?? "") });
      await tx.insert(approvalEvents).values({ itemId, kind: "write_back", actorId: viewer.employeeId, client, comment: comment || null, details: { answer: "already_decided", to: "dingtalk", outcome, taskId: task.taskId, code: String(e.code ?? "") } });
      return { kind: "elsewhere" as const };
    }
    const at = new Date();
    // Our act, logged once: the task marked done on the mirror first, so the re-read below does not log it again as
    // a decision taken in DingTalk.
    await tx
      .update(approvalNativeInstances)
      .set({ tasks: mirror.tasks.map((t) => (t.taskId === task.taskId ? { ...t, status: "COMPLETED", result: outcome === "agree" ? "AGREE" : "REFUSE" } : t)) })
      .where(eq(approvalNativeInstances.id, mirror.id));
    await tx.insert(approvalEvents).values([
      { itemId, kind: "decide", actorId: viewer.employeeId, client, comment: comment || null, details: { outcome, taskId: task.taskId, to: "dingtalk" } },
      { itemId, kind: "write_back", actorId: null, client: "DingTalk 审批", details: { answer: "accepted", to: "dingtalk", api: "/v1.0/workflow/processInstances/execute", taskId: task.taskId } },
    ]);
    await tx.update(approvalItems).set({ approverIds: sql`array_remove(${approvalItems.approverIds}, ${viewer.employeeId}::bigint)`, updatedAt: sql`now()` }).where(eq(approvalItems.id, itemId));
    try {
      await refresh();
    } catch (e) {
      // the decision stands; the events DingTalk pushes (or reconciliation) bring the new state
      log.warn({ itemId, err: String(e) }, "re-reading the DingTalk instance after execute failed");
    }
    return { kind: "done" as const, at };
  });
  if (r.kind === "elsewhere") throw decidedElsewhere();
  if (input.outcome === "return") throw new Error("unreachable");
  return { itemId, outcome: input.outcome, decidedAt: r.at.toISOString() };
}
