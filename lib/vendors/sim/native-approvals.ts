// Simulated native approvals: WeCom 审批 and DingTalk OA 审批 instances that a test (or the /api/sim/native-approvals
// control route) creates, approves, refuses and revokes as the vendor's own UI would, with the events the vendor then
// pushes (WeCom sys_approval_change, wecom.md §4.2; DingTalk bpms_instance_change / bpms_task_change, dingtalk.md §5)
// and the APIs our app reads and acts through (reached via handleWecomApi / handleDingtalkApi, tokens and faults
// applied there):
//   · WeCom  POST /cgi-bin/oa/getapprovalinfo (window ≤ 31 days, size ≤ 100, string cursor) and /cgi-bin/oa/getapprovaldetail
//   · DingTalk GET /v1.0/workflow/processInstances?processInstanceId=, POST /v1.0/workflow/processes/instanceIds/query,
//     POST /v1.0/workflow/processInstances/execute (the task must be RUNNING and the actioner's).
// Sequential single approvers (DingTalk actionType NONE per node, WeCom ApproverAttr 1 per node). Form shapes are the
// simulator's reading of the vendors' leave / overtime / 补卡 forms (names below); error codes the docs do not give
// are the simulator's choice and named so. Per process, on the simulator's state.
import { randomUUID } from "node:crypto";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { json, readJson } from "./common";
import { simNow, simState } from "./state";

export type NativeKind = "leave" | "overtime" | "correction" | "other";

export interface SimNativeForm {
  kind: NativeKind;
  /** leave: business dates (yyyy-MM-dd); overtime / correction: local date-times "yyyy-MM-dd HH:mm" (Asia/Shanghai). */
  start?: string;
  end?: string;
  leaveType?: string;
  at?: string;
  reason?: string;
}

interface DtTask {
  taskId: number;
  userId: string;
  status: "RUNNING" | "COMPLETED" | "CANCELED";
  result: "AGREE" | "REFUSE" | "NONE";
  activityId: string;
  createTime: number;
  finishTime: number | null;
}
interface DtOp {
  userId: string;
  date: number;
  type: string;
  result: string;
  remark: string;
}
export interface SimDingtalkInstance {
  id: string;
  processCode: string;
  title: string;
  originatorUserId: string;
  approvers: string[];
  status: "RUNNING" | "COMPLETED" | "TERMINATED";
  result: "" | "agree" | "refuse";
  createTime: number;
  finishTime: number | null;
  tasks: DtTask[];
  ops: DtOp[];
  form: SimNativeForm;
  /** how each task was decided: "vendor" (in DingTalk itself) or "api" (processInstances/execute) */
  decidedVia: { taskId: number; via: "vendor" | "api"; result: string; remark: string }[];
}
export interface SimWecomApproval {
  spNo: string;
  spName: string;
  templateId: string;
  applyer: string;
  approvers: string[];
  spStatus: number;
  applyTime: number; // unix s
  records: { approver: string; spStatus: number; speech: string; sptime: number }[];
  form: SimNativeForm;
}

interface NativeState {
  dingtalk: Map<string, SimDingtalkInstance>;
  wecom: Map<string, SimWecomApproval>;
  nextTaskId: number;
  seq: number;
}
function store(): NativeState {
  const s = simState() as unknown as { nativeApprovals?: NativeState };
  return (s.nativeApprovals ??= { dingtalk: new Map(), wecom: new Map(), nextTaskId: 61_000_000_001, seq: 1 });
}

/** A vendor event as the vendor would push it: DingTalk JSON, or the fields of WeCom's decrypted XML. */
export type NativeEvent = { vendor: "dingtalk"; event: Record<string, unknown> } | { vendor: "wecom"; xml: string };

const PROCESS_CODES: Record<NativeKind, string> = { leave: "PROC-SIM-LEAVE", overtime: "PROC-SIM-OVERTIME", correction: "PROC-SIM-BUKA", other: "PROC-SIM-GENERAL" };
const TITLES: Record<NativeKind, string> = { leave: "请假", overtime: "加班", correction: "补卡申请", other: "通用审批" };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));
/** "yyyy-MM-dd HH:mm" in Asia/Shanghai → unix seconds. */
const shanghaiSeconds = (local: string) => Math.floor(Date.parse(`${local.length === 10 ? `${local} 00:00` : local}`.replace(" ", "T") + ":00+08:00") / 1000);

// ───────────────────────────── DingTalk ─────────────────────────────

/** The form the way DingTalk's suites show it (formComponentValues names; values are strings). */
function dingtalkForm(f: SimNativeForm) {
  switch (f.kind) {
    case "leave":
      return [
        { id: "leaveType", name: "请假类型", value: f.leaveType ?? "年假", componentType: "DDSelectField" },
        { id: "start", name: "开始时间", value: f.start ?? "", componentType: "DDDateField" },
        { id: "end", name: "结束时间", value: f.end ?? f.start ?? "", componentType: "DDDateField" },
        { id: "reason", name: "请假事由", value: f.reason ?? "", componentType: "TextareaField" },
      ];
    case "overtime":
      return [
        { id: "start", name: "加班开始时间", value: f.start ?? "", componentType: "DDDateField" },
        { id: "end", name: "加班结束时间", value: f.end ?? "", componentType: "DDDateField" },
        { id: "reason", name: "加班原因", value: f.reason ?? "", componentType: "TextareaField" },
      ];
    case "correction":
      return [
        { id: "at", name: "补卡时间", value: f.at ?? "", componentType: "DDDateField" },
        { id: "reason", name: "补卡理由", value: f.reason ?? "", componentType: "TextareaField" },
      ];
    default:
      return [{ id: "content", name: "申请内容", value: f.reason ?? "", componentType: "TextareaField" }];
  }
}

function dtDetail(i: SimDingtalkInstance) {
  return {
    title: i.title,
    createTime: iso(i.createTime),
    finishTime: iso(i.finishTime),
    originatorUserId: i.originatorUserId,
    originatorDeptId: "1",
    status: i.status,
    result: i.result,
    businessId: i.id.slice(-12),
    bizAction: "NONE",
    approverUserIds: i.approvers,
    ccUserIds: [],
    formComponentValues: dingtalkForm(i.form),
    operationRecords: i.ops.map((o) => ({ userId: o.userId, date: iso(o.date), type: o.type, result: o.result, remark: o.remark })),
    tasks: i.tasks.map((t) => ({ taskId: t.taskId, userId: t.userId, status: t.status, result: t.result, activityId: t.activityId, createTime: iso(t.createTime), finishTime: iso(t.finishTime), processInstanceId: i.id, mobileUrl: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm#/approval?procInstId=${i.id}&taskId=${t.taskId}`, pcUrl: "" })),
  };
}

const dtEvent = (type: "bpms_instance_change" | "bpms_task_change", i: SimDingtalkInstance, extra: Record<string, unknown>): NativeEvent => ({
  vendor: "dingtalk",
  event: {
    EventType: type,
    eventId: randomUUID().replace(/-/g, ""),
    processInstanceId: i.id,
    processCode: i.processCode,
    corpId: dingtalkConfig().corpId,
    title: i.title,
    createTime: i.createTime,
    bizCategoryId: "",
    businessId: i.id.slice(-12),
    ...extra,
  },
});

function startTask(i: SimDingtalkInstance, userId: string, now: number): NativeEvent {
  const t: DtTask = { taskId: store().nextTaskId++, userId, status: "RUNNING", result: "NONE", activityId: `act-${i.tasks.length + 1}`, createTime: now, finishTime: null };
  i.tasks.push(t);
  return dtEvent("bpms_task_change", i, { type: "start", staffId: userId, taskId: t.taskId });
}

export function createDingtalkInstance(input: { originator: string; approvers: string[]; form: SimNativeForm; title?: string }): { instance: SimDingtalkInstance; events: NativeEvent[] } {
  const now = simNow();
  const id = `sim-${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const i: SimDingtalkInstance = {
    id,
    processCode: PROCESS_CODES[input.form.kind],
    title: input.title ?? `${TITLES[input.form.kind]}`,
    originatorUserId: input.originator,
    approvers: input.approvers,
    status: "RUNNING",
    result: "",
    createTime: now,
    finishTime: null,
    tasks: [],
    ops: [{ userId: input.originator, date: now, type: "START_PROCESS_INSTANCE", result: "NONE", remark: "" }],
    form: input.form,
    decidedVia: [],
  };
  store().dingtalk.set(id, i);
  const events = [dtEvent("bpms_instance_change", i, { type: "start", staffId: input.originator, url: "" })];
  events.push(startTask(i, input.approvers[0], now));
  return { instance: i, events };
}

/** A task decided: in DingTalk itself ("vendor") or through our execute call ("api"). Returns the events or an error. */
export function actOnDingtalkTask(
  id: string,
  input: { userId: string; result: "agree" | "refuse"; remark?: string; taskId?: number; via: "vendor" | "api" },
): { events: NativeEvent[] } | { error: "instance_not_found" | "task_not_found" | "not_actioner" | "task_not_running" } {
  const i = store().dingtalk.get(id);
  if (!i) return { error: "instance_not_found" };
  const task = input.taskId !== undefined ? i.tasks.find((t) => t.taskId === input.taskId) : i.tasks.find((t) => t.userId === input.userId && t.status === "RUNNING");
  if (!task) return { error: "task_not_found" };
  if (task.userId !== input.userId) return { error: "not_actioner" };
  if (task.status !== "RUNNING" || i.status !== "RUNNING") return { error: "task_not_running" };
  const now = Math.max(simNow(), i.createTime + 1);
  task.status = "COMPLETED";
  task.result = input.result === "agree" ? "AGREE" : "REFUSE";
  task.finishTime = now;
  i.ops.push({ userId: input.userId, date: now, type: "EXECUTE_TASK_NORMAL", result: input.result.toUpperCase(), remark: input.remark ?? "" });
  i.decidedVia.push({ taskId: task.taskId, via: input.via, result: input.result, remark: input.remark ?? "" });
  const events: NativeEvent[] = [dtEvent("bpms_task_change", i, { type: "finish", result: input.result, staffId: input.userId, taskId: task.taskId, remark: input.remark ?? "", finishTime: now })];
  const next = i.approvers[i.approvers.indexOf(task.userId) + 1];
  if (input.result === "agree" && next) events.push(startTask(i, next, now));
  else {
    i.status = "COMPLETED";
    i.result = input.result;
    i.finishTime = now;
    events.push(dtEvent("bpms_instance_change", i, { type: "finish", result: input.result, staffId: i.originatorUserId, finishTime: now }));
  }
  return { events };
}

/** 撤销 (terminate): running tasks are cancelled. The simulator also lets an approved instance be revoked, as a 撤销 of an approved leave does. */
export function revokeDingtalkInstance(id: string): { events: NativeEvent[] } | { error: "instance_not_found" | "already_terminated" } {
  const i = store().dingtalk.get(id);
  if (!i) return { error: "instance_not_found" };
  if (i.status === "TERMINATED") return { error: "already_terminated" };
  const now = Math.max(simNow(), (i.finishTime ?? i.createTime) + 1);
  const events: NativeEvent[] = [];
  for (const t of i.tasks.filter((x) => x.status === "RUNNING")) {
    t.status = "CANCELED";
    t.finishTime = now;
    events.push(dtEvent("bpms_task_change", i, { type: "cancel", staffId: t.userId, taskId: t.taskId, finishTime: now }));
  }
  i.status = "TERMINATED";
  i.finishTime = now;
  i.ops.push({ userId: i.originatorUserId, date: now, type: "TERMINATE_PROCESS_INSTANCE", result: "NONE", remark: "" });
  events.push(dtEvent("bpms_instance_change", i, { type: "terminate", staffId: i.originatorUserId, finishTime: now }));
  return { events };
}

const v1Err = (status: number, code: string, message: string) => json({ code, message, requestid: randomUUID().replace(/-/g, "").slice(0, 24) }, status);

/** v1.0 workflow endpoints, or null when `api` is not one of them. `userExists`: an active member. */
export async function handleDingtalkWorkflowApi(req: Request, api: string, userExists: (userId: string) => boolean): Promise<Response | null> {
  if (api === "/v1.0/workflow/processInstances" && req.method === "GET") {
    const id = new URL(req.url).searchParams.get("processInstanceId") ?? "";
    const i = store().dingtalk.get(id);
    // The code for an unknown id is not in the notes: "processInstanceNotExist" is the simulator's choice.
    if (!i) return v1Err(400, "processInstanceNotExist", "审批实例不存在");
    return json({ result: dtDetail(i), success: true });
  }
  if (api === "/v1.0/workflow/processes/instanceIds/query" && req.method === "POST") {
    const b = await readJson(req);
    const start = Number(b.startTime);
    const end = b.endTime === undefined ? simNow() : Number(b.endTime);
    const max = b.maxResults === undefined ? 20 : Number(b.maxResults);
    const next = Number(b.nextToken ?? 0);
    if (typeof b.processCode !== "string" || !b.processCode) return v1Err(400, "invalidParameter.processCode", "processCode 必填");
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start || end - start > 120 * 86_400_000) return v1Err(400, "invalidEndTime", "时间范围不合法（不超过 120 天）");
    if (!Number.isInteger(max) || max < 1 || max > 20) return v1Err(400, "invalidMaxResults", "maxResults 最大 20");
    const ids = [...store().dingtalk.values()].filter((i) => i.processCode === b.processCode && i.createTime >= start && i.createTime <= end).map((i) => i.id);
    const page = ids.slice(next, next + max);
    return json({ result: { list: page, ...(next + max < ids.length ? { nextToken: String(next + max) } : {}) }, success: true });
  }
  if (api === "/v1.0/workflow/processInstances/execute" && req.method === "POST") {
    const b = await readJson(req);
    const id = typeof b.processInstanceId === "string" ? b.processInstanceId : "";
    const actioner = typeof b.actionerUserId === "string" ? b.actionerUserId : "";
    if (!id || typeof b.taskId !== "number" || !actioner || (b.result !== "agree" && b.result !== "refuse")) {
      return v1Err(400, "invalidParameter", "processInstanceId、taskId(number)、actionerUserId、result(agree|refuse) 必填");
    }
    if (!userExists(actioner)) return v1Err(400, "invalidParameter.actionerUserId", "actionerUserId 不存在");
    const r = actOnDingtalkTask(id, { userId: actioner, result: b.result, remark: typeof b.remark === "string" ? b.remark : "", taskId: b.taskId, via: "api" });
    if ("error" in r) {
      // DingTalk's exact codes for these are not in the notes (dingtalk.md §6.2): the simulator's choice, named so.
      const msg = { instance_not_found: ["processInstanceNotExist", "审批实例不存在"], task_not_found: ["taskNotExist", "审批任务不存在"], not_actioner: ["taskActionerMismatch", "操作人不是该任务的审批人"], task_not_running: ["taskNotRunning", "审批任务已处理或已结束"] }[r.error];
      return v1Err(400, msg[0], msg[1]);
    }
    queueMicrotask(() => void deliverNativeEvents(r.events));
    return json({ result: true, success: true });
  }
  return null;
}

// ───────────────────────────── WeCom ─────────────────────────────

/** WeCom apply_data controls: Vacation (请假), Attendance (加班: type 5), PunchCorrection (补卡). Values per the SKIT samples; treat as approximate. */
function wecomContents(f: SimNativeForm) {
  const title = (text: string) => [{ text, lang: "zh_CN" }];
  switch (f.kind) {
    case "leave":
      return [{ control: "Vacation", id: "vacation-1", title: title("请假类型"), value: { vacation: { selector: { type: "single", options: [{ key: "1", value: [{ text: f.leaveType ?? "年假", lang: "zh_CN" }] }] }, attendance: { date_range: { type: "halfday", new_begin: shanghaiSeconds(f.start ?? ""), new_end: shanghaiSeconds(f.end ?? f.start ?? "") + 86_399, new_duration: 86_400 }, type: 1 } } } }, { control: "Textarea", id: "reason", title: title("请假事由"), value: { text: f.reason ?? "" } }];
    case "overtime":
      return [{ control: "Attendance", id: "ot-1", title: title("加班"), value: { attendance: { date_range: { type: "hour", new_begin: shanghaiSeconds(f.start ?? ""), new_end: shanghaiSeconds(f.end ?? ""), new_duration: shanghaiSeconds(f.end ?? "") - shanghaiSeconds(f.start ?? "") }, type: 5 } } }];
    case "correction":
      return [{ control: "PunchCorrection", id: "buka-1", title: title("补卡"), value: { punch_correction: { state: "上班补卡", time: shanghaiSeconds(f.at ?? "") } } }];
    default:
      return [{ control: "Textarea", id: "content", title: title("申请内容"), value: { text: f.reason ?? "" } }];
  }
}

function wcDetail(a: SimWecomApproval) {
  return {
    sp_no: a.spNo,
    sp_name: a.spName,
    sp_status: a.spStatus,
    template_id: a.templateId,
    apply_time: a.applyTime,
    applyer: { userid: a.applyer, partyid: "1" },
    sp_record: a.approvers.map((u) => {
      const r = a.records.find((x) => x.approver === u);
      return { sp_status: r?.spStatus ?? 1, approverattr: 1, details: [{ approver: { userid: u }, speech: r?.speech ?? "", sp_status: r?.spStatus ?? 1, sptime: r?.sptime ?? 0, media_id: [] }] };
    }),
    notifyer: [],
    apply_data: { contents: wecomContents(a.form) },
    comments: [],
  };
}

function wcEvent(a: SimWecomApproval, statuChangeEvent: number, at: number): NativeEvent {
  const cur = a.approvers.find((u) => !a.records.some((r) => r.approver === u));
  const xml =
    `<xml><ToUserName><![CDATA[${wecomConfig().corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${at}</CreateTime>` +
    `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[sys_approval_change]]></Event><AgentID>${wecomConfig().agentId}</AgentID>` +
    `<ApprovalInfo><SpNo>${a.spNo}</SpNo><SpName><![CDATA[${a.spName}]]></SpName><SpStatus>${a.spStatus}</SpStatus><TemplateId><![CDATA[${a.templateId}]]></TemplateId>` +
    `<ApplyTime>${a.applyTime}</ApplyTime><Applyer><UserId><![CDATA[${a.applyer}]]></UserId><Party><![CDATA[1]]></Party></Applyer>` +
    (cur ? `<SpRecord><SpStatus>1</SpStatus><ApproverAttr>1</ApproverAttr><Details><Approver><UserId><![CDATA[${cur}]]></UserId></Approver><Speech><![CDATA[]]></Speech><SpStatus>1</SpStatus><SpTime>0</SpTime></Details></SpRecord>` : "") +
    `<StatuChangeEvent>${statuChangeEvent}</StatuChangeEvent></ApprovalInfo></xml>`;
  return { vendor: "wecom", xml };
}

export function createWecomApproval(input: { applyer: string; approvers: string[]; form: SimNativeForm; title?: string }): { approval: SimWecomApproval; events: NativeEvent[] } {
  const now = Math.floor(simNow() / 1000);
  const day = new Date(simNow() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll("-", "");
  const spNo = `${day}${String(store().seq++).padStart(4, "0")}`;
  const a: SimWecomApproval = { spNo, spName: input.title ?? TITLES[input.form.kind], templateId: PROCESS_CODES[input.form.kind], applyer: input.applyer, approvers: input.approvers, spStatus: 1, applyTime: now, records: [], form: input.form };
  store().wecom.set(spNo, a);
  return { approval: a, events: [wcEvent(a, 1, now)] };
}

/** An approver agrees (2) or refuses (3) in WeCom; 撤销 (4 before approval, 6 after) by the applicant. */
export function actOnWecomApproval(spNo: string, input: { op: "agree" | "refuse" | "revoke"; userId?: string; speech?: string }): { events: NativeEvent[] } | { error: string } {
  const a = store().wecom.get(spNo);
  if (!a) return { error: "approval_not_found" };
  const now = Math.max(Math.floor(simNow() / 1000), a.applyTime + 1, ...a.records.map((r) => r.sptime + 1));
  if (input.op === "revoke") {
    if (a.spStatus === 4 || a.spStatus === 6) return { error: "already_revoked" };
    a.spStatus = a.spStatus === 2 ? 6 : 4;
    return { events: [wcEvent(a, a.spStatus === 6 ? 8 : 6, now)] };
  }
  if (a.spStatus !== 1) return { error: "not_running" };
  const cur = a.approvers.find((u) => !a.records.some((r) => r.approver === u));
  if (!cur || cur !== input.userId) return { error: "not_current_approver" };
  a.records.push({ approver: cur, spStatus: input.op === "agree" ? 2 : 3, speech: input.speech ?? "", sptime: now });
  if (input.op === "refuse") a.spStatus = 3;
  else if (a.approvers.every((u) => a.records.some((r) => r.approver === u))) a.spStatus = 2;
  return { events: [wcEvent(a, input.op === "agree" ? 2 : 3, now)] };
}

/** oa/getapprovalinfo and oa/getapprovaldetail (old-style answers), or null for other paths. */
export function handleWecomApprovalApi(api: string, body: Record<string, unknown>): Record<string, unknown> | null {
  if (api === "/cgi-bin/oa/getapprovaldetail") {
    const a = store().wecom.get(String(body.sp_no ?? ""));
    // 301025 is WeCom's "invalid parameter" family for the OA APIs (wecom.md §5.1); "no such sp_no" reuses it here.
    if (!a) return { errcode: 301025, errmsg: "sp_no not exist" };
    return { errcode: 0, errmsg: "ok", info: wcDetail(a) };
  }
  if (api === "/cgi-bin/oa/getapprovalinfo") {
    const start = Number(body.starttime);
    const end = Number(body.endtime);
    const size = body.size === undefined ? 100 : Number(body.size);
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start || end - start > 31 * 86_400) return { errcode: 301025, errmsg: "invalid time range (≤ 31 days)" };
    if (!Number.isInteger(size) || size < 1 || size > 100) return { errcode: 301025, errmsg: "invalid size" };
    const cursor = Number(body.new_cursor || 0);
    const all = [...store().wecom.values()].filter((a) => a.applyTime >= start && a.applyTime <= end).map((a) => a.spNo);
    const page = all.slice(cursor, cursor + size);
    return { errcode: 0, errmsg: "ok", sp_no_list: page, new_next_cursor: cursor + size < all.length ? String(cursor + size) : "" };
  }
  return null;
}

// ───────────────────────────── delivery ─────────────────────────────

type Sink = (events: NativeEvent[]) => Promise<number[]>;
let sink: Sink | null = null;
/** Tests route the vendor's pushes through the verify → inbox path themselves; null restores HTTP delivery. */
export function setNativeEventSink(s: Sink | null): void {
  sink = s;
}

/** Push events to the app's callback routes, signed and encrypted as each vendor does. Returns HTTP statuses. */
export async function deliverNativeEvents(events: NativeEvent[]): Promise<number[]> {
  if (sink) return sink(events);
  const { appUrl } = await import("@/lib/env");
  const { currentCallbackKeys } = await import("@/lib/ingest/testing/keys");
  const { dingtalkSignedPost } = await import("@/lib/vendors/dingtalk/sender");
  const { wecomSignedPost } = await import("@/lib/vendors/wecom/sender");
  const k = currentCallbackKeys();
  const statuses: number[] = [];
  for (const e of events) {
    const signed = e.vendor === "dingtalk" ? dingtalkSignedPost(k.dingtalk, e.event) : wecomSignedPost(k.wecom, e.xml);
    const res = await fetch(`${appUrl()}${signed.pathAndQuery}`, { method: "POST", headers: signed.headers, body: signed.body }).catch(() => null);
    statuses.push(res?.status ?? 0);
  }
  return statuses;
}

export function simNativeApprovals() {
  return { dingtalk: [...store().dingtalk.values()], wecom: [...store().wecom.values()] };
}
export function simDingtalkInstance(id: string): SimDingtalkInstance | undefined {
  return store().dingtalk.get(id);
}
