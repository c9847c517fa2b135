// DingTalk OA 审批 (workflow) over the v1.0 API (dingtalk.md §6.2): an instance's details, the instance ids of a
// process in a window, and acting on a task. Protocol only: lib/approvals/native maps these onto our items.
import "server-only";
import { z } from "zod";
import type { DingtalkClient } from "./client";

const task = z.looseObject({
  taskId: z.union([z.number(), z.string()]),
  userId: z.string(),
  status: z.string(),
  result: z.string().optional().nullable(),
  activityId: z.string().optional().nullable(),
  createTime: z.string().optional().nullable(),
  finishTime: z.string().optional().nullable(),
});
const operation = z.looseObject({
  userId: z.string().optional().nullable(),
  date: z.string().optional().nullable(),
  type: z.string().optional().nullable(),
  result: z.string().optional().nullable(),
  remark: z.string().optional().nullable(),
});
export const dingtalkProcessInstance = z.looseObject({
  title: z.string(),
  createTime: z.string(),
  finishTime: z.string().optional().nullable(),
  originatorUserId: z.string(),
  originatorDeptId: z.string().optional().nullable(),
  status: z.string(),
  result: z.string().optional().nullable(),
  businessId: z.string().optional().nullable(),
  bizAction: z.string().optional().nullable(),
  approverUserIds: z.array(z.string()).optional().nullable(),
  ccUserIds: z.array(z.string()).optional().nullable(),
  formComponentValues: z.array(z.looseObject({ id: z.string().optional().nullable(), name: z.string().optional().nullable(), value: z.string().optional().nullable(), extValue: z.string().optional().nullable(), componentType: z.string().optional().nullable(), bizAlias: z.string().optional().nullable() })).optional().nullable(),
  operationRecords: z.array(operation).optional().nullable(),
  tasks: z.array(task).optional().nullable(),
});
export type DingtalkProcessInstance = z.infer<typeof dingtalkProcessInstance>;

/** GET /v1.0/workflow/processInstances?processInstanceId= → result (times are ISO strings, taskId a number). */
export async function getProcessInstance(client: DingtalkClient, processInstanceId: string): Promise<DingtalkProcessInstance> {
  const r = await client.v1("/v1.0/workflow/processInstances", z.object({ result: dingtalkProcessInstance }), { method: "GET", query: { processInstanceId } });
  return r.result;
}

/** POST /v1.0/workflow/processes/instanceIds/query: one page (≤20) of ids; nextToken is a string, absent when done. */
export async function listProcessInstanceIds(
  client: DingtalkClient,
  args: { processCode: string; startTime: number; endTime: number; nextToken?: number; maxResults?: number },
): Promise<{ list: string[]; nextToken: number | null }> {
  const r = await client.v1("/v1.0/workflow/processes/instanceIds/query", z.object({ result: z.object({ list: z.array(z.string()), nextToken: z.union([z.string(), z.number()]).optional().nullable() }) }), {
    body: { processCode: args.processCode, startTime: args.startTime, endTime: args.endTime, nextToken: args.nextToken ?? 0, maxResults: args.maxResults ?? 20 },
  });
  const next = r.result.nextToken === undefined || r.result.nextToken === null || r.result.nextToken === "" ? null : Number(r.result.nextToken);
  return { list: r.result.list, nextToken: next };
}

/**
 * POST /v1.0/workflow/processInstances/execute {processInstanceId, taskId (number), actionerUserId, result, remark}
 * → {result: true}. Not retried after a timeout or 5xx: acting twice is not ours to risk; the caller re-reads the
 * instance to learn what happened.
 */
export async function executeProcessTask(
  client: DingtalkClient,
  args: { processInstanceId: string; taskId: number; actionerUserId: string; result: "agree" | "refuse"; remark: string },
): Promise<boolean> {
  const r = await client.v1("/v1.0/workflow/processInstances/execute", z.looseObject({ result: z.boolean() }), {
    body: { processInstanceId: args.processInstanceId, taskId: args.taskId, actionerUserId: args.actionerUserId, result: args.result, remark: args.remark, file: { photos: [], attachments: [] } },
    policy: { idempotent: false },
  });
  return r.result;
}
