// Simulated DingTalk 待办 and attendance approval writes, reached through handleDingtalkApi / handleDingtalkOapi
// (token, faults, rate limits applied there):
//   · POST   /v1.0/todo/users/{unionId}/tasks                       create (detailUrl required; → {id, …})
//   · PUT    /v1.0/todo/users/{unionId}/tasks/{taskId}/executorStatus  {executorStatusList:[{id, isDone}]}
//   · DELETE /v1.0/todo/users/{unionId}/tasks/{taskId}
//     (attendance-approvals.md §3.6; https://open.dingtalk.com/document/development/add-dingtalk-to-do-task)
//   · POST   /v1.0/attendance/approvals/finish?userId=  — kept by approveId: a second call with the same approveId
//     updates the record, never adds one (§3.4, …/api-processapprovefinish); every call is counted;
//   · oapi POST /topapi/attendance/approve/check (补卡) and /topapi/attendance/approve/cancel {userid, approve_id}.
// What the simulated vendor holds is listed by GET /api/sim/dingtalk/todos. Per process, on the simulator's state.
import { randomBytes } from "node:crypto";
import { json, readJson } from "./common";
import { simNow, simState } from "./state";

export interface SimTodo {
  id: string;
  unionId: string;
  sourceId: string;
  subject: string;
  description: string;
  executorIds: string[];
  detailUrl: { appUrl: string; pcUrl: string };
  done: boolean;
  deleted: boolean;
  createdTime: number;
  modifiedTime: number;
}
export interface SimAttendanceApproval {
  approveId: string;
  userId: string;
  kind: "finish" | "check";
  body: Record<string, unknown>;
  calls: number;
  cancelled: boolean;
  firstAt: string;
  lastAt: string;
}

interface DingtalkTodoState {
  todos: Map<string, SimTodo>;
  approvals: Map<string, SimAttendanceApproval>;
}

function store(): DingtalkTodoState {
  const s = simState() as unknown as { dingtalkTodoSim?: DingtalkTodoState };
  return (s.dingtalkTodoSim ??= { todos: new Map(), approvals: new Map() });
}

const requestid = () => randomBytes(12).toString("hex");
const v1Err = (status: number, code: string, message: string) => json({ code, message, requestid: requestid() }, status);
const str = (v: unknown) => (typeof v === "string" ? v : "");

const TASKS = /^\/v1\.0\/todo\/users\/([^/]+)\/tasks$/;
const TASK = /^\/v1\.0\/todo\/users\/([^/]+)\/tasks\/([^/]+)$/;
const STATUS = /^\/v1\.0\/todo\/users\/([^/]+)\/tasks\/([^/]+)\/executorStatus$/;

function upsertApproval(approveId: string, userId: string, kind: SimAttendanceApproval["kind"], body: Record<string, unknown>) {
  const at = new Date(simNow()).toISOString();
  const held = store().approvals.get(approveId);
  if (held) Object.assign(held, { body, calls: held.calls + 1, lastAt: at, cancelled: false });
  else store().approvals.set(approveId, { approveId, userId, kind, body, calls: 1, cancelled: false, firstAt: at, lastAt: at });
}

/** v1.0 endpoints of this file, or null when the path is not one of them. `unionExists`: a member of the org. */
export async function handleDingtalkTodoApi(req: Request, api: string, unionExists: (unionId: string) => boolean, userExists: (userId: string) => boolean): Promise<Response | null> {
  const m = req.method;
  let hit: RegExpExecArray | null;
  if (api === "/v1.0/attendance/approvals/finish" && m === "POST") {
    const userId = new URL(req.url).searchParams.get("userId") ?? "";
    if (!userExists(userId)) return v1Err(400, "invalidParameter.userId", "userId 不存在");
    const body = await readJson(req);
    const approveId = str(body.approveId);
    if (!approveId || approveId.length > 100) return v1Err(400, "invalidParameter.approveId", "approveId 必填，最长 100");
    const p = (body.topCalculateApproveDurationParam ?? {}) as Record<string, unknown>;
    if (![1, 2, 3].includes(Number(p.bizType)) || !str(p.fromTime) || !str(p.toTime) || !["day", "halfDay", "hour"].includes(str(p.durationUnit))) {
      return v1Err(400, "invalidParameter.topCalculateApproveDurationParam", "bizType、fromTime、toTime、durationUnit 必填");
    }
    if (str(p.toTime) < str(p.fromTime)) return v1Err(400, "invalidParameter.toTime", "toTime 早于 fromTime");
    // 加班 (bizType 1): a positive overtimeDuration in hours, overTimeToMore 1 调休 / 2 加班费, at most one day
    if (Number(p.bizType) === 1) {
      const hours = Number(body.overtimeDuration);
      if (!(hours > 0 && hours <= 24)) return v1Err(400, "invalidParameter.overtimeDuration", "overtimeDuration 必填（小时，不超过 24）");
      if (![1, 2].includes(Number(body.overTimeToMore))) return v1Err(400, "invalidParameter.overTimeToMore", "overTimeToMore 须为 1（调休）或 2（加班费）");
    }
    upsertApproval(approveId, userId, "finish", body);
    return json({ result: { durationInDay: null, durationInHour: null }, success: true });
  }
  if ((hit = TASKS.exec(api)) && m === "POST") {
    const unionId = decodeURIComponent(hit[1]);
    if (!unionExists(unionId)) return v1Err(400, "invalidParameter.unionId", "unionId 不存在");
    const body = await readJson(req);
    const subject = str(body.subject);
    const detail = (body.detailUrl ?? {}) as Record<string, unknown>;
    if (!subject || subject.length > 1024) return v1Err(400, "invalidParameter.subject", "subject 必填，最长 1024");
    if (!str(detail.appUrl) || !str(detail.pcUrl)) return v1Err(400, "invalidParameter.detailUrl", "detailUrl 必填（工作待办）");
    const executorIds = Array.isArray(body.executorIds) ? (body.executorIds as unknown[]).map(String) : [];
    if (executorIds.some((x) => !unionExists(x))) return v1Err(400, "invalidParameter.executorIds", "executorIds 含不存在的 unionId");
    const now = simNow();
    const todo: SimTodo = {
      id: `todo${randomBytes(10).toString("hex")}`,
      unionId,
      sourceId: str(body.sourceId),
      subject,
      description: str(body.description),
      executorIds,
      detailUrl: { appUrl: str(detail.appUrl), pcUrl: str(detail.pcUrl) },
      done: false,
      deleted: false,
      createdTime: now,
      modifiedTime: now,
    };
    store().todos.set(todo.id, todo);
    return json({ id: todo.id, subject, sourceId: todo.sourceId, creatorId: str(body.creatorId), executorIds, detailUrl: todo.detailUrl, done: false, createdTime: now, modifiedTime: now, requestId: requestid() });
  }
  if ((hit = STATUS.exec(api)) && m === "PUT") {
    const todo = store().todos.get(decodeURIComponent(hit[2]));
    if (!todo || todo.deleted || todo.unionId !== decodeURIComponent(hit[1])) return v1Err(404, "todoNotFound", "待办不存在");
    const list = (await readJson(req)).executorStatusList;
    if (!Array.isArray(list) || list.length === 0) return v1Err(400, "invalidParameter.executorStatusList", "executorStatusList 必填");
    for (const x of list as Record<string, unknown>[]) if (todo.executorIds.includes(str(x.id)) && x.isDone === true) todo.done = true;
    todo.modifiedTime = simNow();
    return json({ result: true });
  }
  if ((hit = TASK.exec(api)) && m === "DELETE") {
    const todo = store().todos.get(decodeURIComponent(hit[2]));
    if (!todo || todo.unionId !== decodeURIComponent(hit[1])) return v1Err(404, "todoNotFound", "待办不存在");
    todo.deleted = true; // deleting twice answers the same
    todo.modifiedTime = simNow();
    return json({ result: true });
  }
  return null;
}

/** oapi endpoints of this file (old-style JSON answers), or null. */
export function handleDingtalkAttendanceOapi(api: string, body: Record<string, unknown>, userExists: (userId: string) => boolean): Record<string, unknown> | null {
  if (api === "/topapi/attendance/approve/check") {
    const userid = str(body.userid);
    const approveId = str(body.approve_id);
    if (!userExists(userid)) return { errcode: 33012, errmsg: "无效的userid" };
    if (!approveId || !str(body.work_date) || !str(body.user_check_time)) return { errcode: 40035, errmsg: "approve_id、work_date、user_check_time 必填" };
    upsertApproval(approveId, userid, "check", body);
    return { errcode: 0, errmsg: "ok", result: true };
  }
  if (api === "/topapi/attendance/approve/cancel") {
    const held = store().approvals.get(str(body.approve_id));
    if (!held || held.userId !== str(body.userid)) return { errcode: 40035, errmsg: "审批单不存在" };
    held.cancelled = true;
    return { errcode: 0, errmsg: "ok", result: true };
  }
  return null;
}

export function simTodos(unionId?: string): SimTodo[] {
  return [...store().todos.values()].filter((t) => !unionId || t.unionId === unionId || t.executorIds.includes(unionId));
}

export function simAttendanceApprovals(): SimAttendanceApproval[] {
  return [...store().approvals.values()];
}
