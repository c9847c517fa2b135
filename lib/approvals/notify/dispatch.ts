// Sending an approval's vendor surfaces (the notification sender hands these outbox kinds over: lib/notifications/
// custom.ts). Each reads the approval_surfaces row it belongs to and records the vendor's ids there:
//   approval_card        WeCom message/send template_card → keeps the response_code (doc path/90236)
//   approval_card_update WeCom message/update_template_card with the click's ResponseCode, else the send's; the
//                        buttons become the result ("已同意", "已被他人处理"…). Each code works once, for 72 h
//                        (doc path/94945); an update whose card is still on its way waits for it.
//   approval_todo        DingTalk POST /v1.0/todo/users/{unionId}/tasks → keeps the task id (the path's unionId is
//                        the creator's; the approver creates their own 待办, so done/delete use the same one).
//                        https://open.dingtalk.com/document/development/add-dingtalk-to-do-task
//   approval_todo_close  DingTalk PUT …/tasks/{taskId}/executorStatus {isDone} or DELETE …/tasks/{taskId}
//                        https://open.dingtalk.com/document/development/update-dingtalk-to-do-status
import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { approvalSurfaces, notificationOutbox } from "@/db/schema";
import type { CustomKindSender, CustomResult } from "@/lib/notifications/custom";
import { dingtalkClient } from "@/lib/vendors/dingtalk/client";
import type { HttpPolicy } from "@/lib/vendors/http";
import { vendorShape } from "@/lib/vendors/http";
import { DUPLICATE_CHECK_INTERVAL_S, wecomClient } from "@/lib/vendors/wecom/client";
import { vendorAccountsOf } from "./accounts";
import { SURFACE_KINDS } from "./messages";

const surfaceRef = z.object({ itemId: z.number().int().positive(), step: z.number().int().min(0), employeeId: z.number().int().positive() });
const DEFER_MS = 30_000;

async function surfaceOf(db: Db, ref: z.infer<typeof surfaceRef>) {
  const [s] = await db
    .select()
    .from(approvalSurfaces)
    .where(and(eq(approvalSurfaces.itemId, ref.itemId), eq(approvalSurfaces.stepIndex, ref.step), eq(approvalSurfaces.employeeId, ref.employeeId)));
  return s ?? null;
}

/** Waiting for the row that creates the thing we must change: later while it may still go out, never once it cannot. */
async function waitFor(db: Db, createKind: string, ref: z.infer<typeof surfaceRef>, now: Date, what: string): Promise<CustomResult> {
  const [c] = await db.select({ status: notificationOutbox.status }).from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `${createKind}:${ref.itemId}:${ref.step}:${ref.employeeId}`));
  if (c && ["pending", "sending", "failed"].includes(c.status)) return { status: "defer", until: new Date(now.getTime() + DEFER_MS), note: `waiting for the ${what} to be sent first` };
  return { status: "dead", error: `nothing to update: the ${what} was never delivered` };
}

const wecom = (db: Db, http?: Partial<HttpPolicy>) => wecomClient(db, http ? { http } : {});
const dingtalk = (db: Db, http?: Partial<HttpPolicy>) => dingtalkClient(db, http ? { http } : {});

const card: CustomKindSender = {
  // WeCom's duplicate check drops a resend of the same JSON within 4 h, so a retried send reaches nobody twice.
  resendUnknown: true,
  async send({ db, row, http }) {
    const ref = surfaceRef.parse(row.payload);
    const userid = (await vendorAccountsOf(db, [row.recipientEmployeeId])).get(row.recipientEmployeeId)?.wecom;
    if (!userid) return { status: "dead", error: "recipient has no wecom account in the identity ledger" };
    const client = wecom(db, http);
    const api = "/cgi-bin/message/send";
    const body = JSON.stringify({
      touser: userid,
      msgtype: "template_card",
      agentid: Number(client.config.agentId),
      template_card: row.payload.templateCard,
      enable_duplicate_check: 1,
      duplicate_check_interval: DUPLICATE_CHECK_INTERVAL_S,
    });
    const r = vendorShape("wecom", api, z.looseObject({ msgid: z.string().optional(), invaliduser: z.string().optional(), response_code: z.string().optional() }), await client.call(api, {}, body));
    if ((r.invaliduser ?? "").split("|").includes(userid.toLowerCase())) return { status: "dead", error: "WeCom refused the recipient (invaliduser)" };
    await db
      .update(approvalSurfaces)
      .set({ wecomResponseCode: r.response_code ?? null })
      .where(and(eq(approvalSurfaces.itemId, ref.itemId), eq(approvalSurfaces.stepIndex, ref.step), eq(approvalSurfaces.employeeId, ref.employeeId)));
    return { status: "sent", vendorMessageId: r.msgid ?? null };
  },
};

const cardUpdate: CustomKindSender = {
  // A response_code is spent by its first successful use; a resend after no answer is refused, never applied twice.
  resendUnknown: true,
  async send({ db, row, now, http }) {
    const ref = surfaceRef.parse(row.payload);
    const label = z.string().min(1).parse(row.payload.label);
    const s = await surfaceOf(db, ref);
    const code = s?.wecomClickCode ?? s?.wecomResponseCode;
    if (!s || !code) return waitFor(db, SURFACE_KINDS.card, ref, now, "card");
    const userid = (await vendorAccountsOf(db, [ref.employeeId])).get(ref.employeeId)?.wecom;
    if (!userid) return { status: "dead", error: "recipient has no wecom account in the identity ledger" };
    const client = wecom(db, http);
    await client.call("/cgi-bin/message/update_template_card", {}, { userids: [userid], agentid: Number(client.config.agentId), response_code: code, button: { replace_name: label } });
    return { status: "sent", vendorMessageId: null };
  },
};

const todo: CustomKindSender = {
  // Creating twice would leave two 待办 (whether sourceId dedupes is not documented in what we read): never resent blindly.
  resendUnknown: false,
  async send({ db, row, http }) {
    const ref = surfaceRef.parse(row.payload);
    const s = await surfaceOf(db, ref);
    const unionId = s?.dingtalkUnionId;
    if (!unionId) return { status: "dead", error: "recipient has no DingTalk unionId in the identity ledger" };
    const p = z.object({ title: z.string(), description: z.string(), url: z.string() }).parse(row.payload);
    const api = "/v1.0/todo/users/{unionId}/tasks";
    const r = await dingtalk(db, http).v1(api, z.looseObject({ id: z.string().min(1) }), {
      path: `/v1.0/todo/users/${encodeURIComponent(unionId)}/tasks`,
      query: { operatorId: unionId },
      body: {
        sourceId: `qd-${ref.itemId}-${ref.step}-${ref.employeeId}`,
        subject: p.title.slice(0, 1024),
        description: p.description.slice(0, 4096),
        creatorId: unionId,
        executorIds: [unionId],
        // required for 工作待办 since 2024-02-01 (attendance-approvals.md §3.6)
        detailUrl: { appUrl: p.url, pcUrl: p.url },
        isOnlyShowExecutor: true,
        priority: 20,
        notifyConfigs: { dingNotify: "1" },
      },
      policy: { idempotent: false },
    });
    await db
      .update(approvalSurfaces)
      .set({ dingtalkTodoId: r.id })
      .where(and(eq(approvalSurfaces.itemId, ref.itemId), eq(approvalSurfaces.stepIndex, ref.step), eq(approvalSurfaces.employeeId, ref.employeeId)));
    return { status: "sent", vendorMessageId: r.id };
  },
};

const todoClose: CustomKindSender = {
  // Marking done and deleting are idempotent on the vendor: a resend changes nothing.
  resendUnknown: true,
  async send({ db, row, now, http }) {
    const ref = surfaceRef.parse(row.payload);
    const action = z.enum(["done", "delete"]).parse(row.payload.action);
    const s = await surfaceOf(db, ref);
    if (!s?.dingtalkTodoId || !s.dingtalkUnionId) return waitFor(db, SURFACE_KINDS.todo, ref, now, "待办");
    const u = encodeURIComponent(s.dingtalkUnionId);
    const t = encodeURIComponent(s.dingtalkTodoId);
    const ok = z.looseObject({ result: z.boolean() });
    if (action === "done") {
      await dingtalk(db, http).v1("/v1.0/todo/users/{unionId}/tasks/{taskId}/executorStatus", ok, {
        method: "PUT",
        path: `/v1.0/todo/users/${u}/tasks/${t}/executorStatus`,
        query: { operatorId: s.dingtalkUnionId },
        body: { executorStatusList: [{ id: s.dingtalkUnionId, isDone: true }] },
      });
    } else {
      await dingtalk(db, http).v1("/v1.0/todo/users/{unionId}/tasks/{taskId}", ok, { method: "DELETE", path: `/v1.0/todo/users/${u}/tasks/${t}`, query: { operatorId: s.dingtalkUnionId } });
    }
    return { status: "sent", vendorMessageId: s.dingtalkTodoId };
  },
};

export const approvalSurfaceSenders: Record<string, CustomKindSender> = {
  [SURFACE_KINDS.card]: card,
  [SURFACE_KINDS.cardUpdate]: cardUpdate,
  [SURFACE_KINDS.todo]: todo,
  [SURFACE_KINDS.todoClose]: todoClose,
};
