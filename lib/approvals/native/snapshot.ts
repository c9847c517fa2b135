// A native approval instance as the vendor's detail API states it, normalised (pure; the tests and the mirror share
// it). WeCom oa/getapprovaldetail (wecom.md §5.1; SpStatus 1 审批中 2 已通过 3 已驳回 4 已撤销 6 通过后撤销 7 已删除,
// §4.2) and DingTalk GET /v1.0/workflow/processInstances (dingtalk.md §6.2: status RUNNING|TERMINATED|COMPLETED +
// result agree|refuse; tasks with numeric taskId and status RUNNING|COMPLETED|CANCELED).
//
// Ordering: (version, rank). version = the newest vendor time in the instance (ms): apply/create time, every decided
// task or record, the finish time. rank breaks ties by how final the state is (running < agree/refuse < revoked <
// deleted), then by progress (records and decided tasks only grow): WeCom's 通过后撤销 carries no new time, yet must win
// over the approval it undoes, and the vendors' times are whole seconds, so two steps within one second still order.
import type { NativeTask } from "@/db/schema";
import type { DingtalkProcessInstance } from "@/lib/vendors/dingtalk/workflow";
import type { WecomApprovalDetail } from "@/lib/vendors/wecom/approval";

export type NativeVendor = "wecom" | "dingtalk";
export type NativeState = "running" | "agree" | "refuse" | "revoked" | "deleted";
export type NativeKind = "leave" | "overtime" | "correction" | "other";

/** The attendance-relevant form: leave by business dates; overtime and 补卡 as instants (ISO). */
export interface NativeForm {
  kind: NativeKind;
  leaveType?: string;
  startDate?: string;
  endDate?: string;
  startsAt?: string;
  endsAt?: string;
  at?: string;
  reason?: string;
}

export interface NativeSnapshot {
  vendor: NativeVendor;
  instanceId: string;
  processCode: string;
  title: string;
  state: NativeState;
  version: number;
  rank: number;
  applicantUserId: string;
  submittedAt: Date;
  tasks: NativeTask[];
  fields: { label: string; value: string }[];
  form: NativeForm;
  /** Where the approver opens it in the vendor's own app. */
  link: string;
}

export const STATE_RANK: Record<NativeState, number> = { running: 1, agree: 2, refuse: 2, revoked: 3, deleted: 4 };
/** The rank stored and compared: the state's rank, then how far the instance has progressed. */
const rankOf = (state: NativeState, progress: number) => STATE_RANK[state] * 100_000 + Math.min(progress, 99_999);

/** Is `next` newer than what we hold? "duplicate" when equal, "stale" when older. */
export function compareSnapshot(held: { version: number; rank: number } | null, next: { version: number; rank: number }): "newer" | "duplicate" | "stale" {
  if (!held) return "newer";
  if (next.version !== held.version) return next.version > held.version ? "newer" : "stale";
  if (next.rank !== held.rank) return next.rank > held.rank ? "newer" : "stale";
  return "duplicate";
}

/** "2026-12-07", "2026-12-07 09:00" or ISO → the business date / the instant (Asia/Shanghai when no offset is given). */
const localDate = (v: string) => (/^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : undefined);
function instant(v: string, tz = "+08:00"): string | undefined {
  if (!v) return undefined;
  if (/[zZ]|[+-]\d{2}:\d{2}$/.test(v)) return new Date(v).toISOString();
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})/.exec(v);
  if (!m) return undefined;
  return new Date(`${m[1]}T${m[2]}:00${tz}`).toISOString();
}
const secondsToDate = (s: number) => new Date(s * 1000 + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * WeCom 审批单 links. WeCom documents no deep link into an approval (an official answer in the developer community
 * says so: developers.weixin.qq.com/community/enterprisewechat/doc/000c264f324878078c5b5b74551400); a later answer
 * (…/doc/000602edc28148e9badb3faf65b400, 2023) reports this page, seen in WeCom's own approval message cards. UNCONFIRMED:
 * it opens in the WeCom client only, and may change without notice.
 */
export const wecomApprovalLink = (spNo: string) => `https://app.work.weixin.qq.com/wework_admin/shenpi_mobile_detail?sp_no=${encodeURIComponent(spNo)}&origin=app_msg_card`;

/** DingTalk's own approval page for an instance (the task's mobileUrl when it has one). */
export const dingtalkApprovalLink = (instanceId: string) => `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm#/approval?procInstId=${encodeURIComponent(instanceId)}`;

// ───────────────────────────── DingTalk ─────────────────────────────

function dingtalkState(d: DingtalkProcessInstance): NativeState {
  const s = d.status.toUpperCase();
  if (s === "COMPLETED") return d.result === "refuse" ? "refuse" : "agree";
  if (s === "TERMINATED" || s === "CANCELED") return "revoked";
  return "running";
}

function dingtalkForm(values: { name?: string | null; value?: string | null; bizAlias?: string | null }[]): NativeForm {
  const by = (...names: string[]) => values.find((v) => names.includes(v.name ?? "") || names.includes(v.bizAlias ?? ""))?.value ?? "";
  if (by("请假类型", "leaveType")) {
    const start = by("开始时间", "startTime");
    const end = by("结束时间", "finishTime") || start;
    return { kind: "leave", leaveType: by("请假类型", "leaveType"), startDate: localDate(start), endDate: localDate(end), reason: by("请假事由", "reason") };
  }
  if (by("加班开始时间")) return { kind: "overtime", startsAt: instant(by("加班开始时间")), endsAt: instant(by("加班结束时间")), reason: by("加班原因") };
  if (by("补卡时间")) return { kind: "correction", at: instant(by("补卡时间")), reason: by("补卡理由") };
  return { kind: "other" };
}

export function dingtalkSnapshot(instanceId: string, processCode: string, d: DingtalkProcessInstance): NativeSnapshot {
  const times = [d.createTime, d.finishTime, ...(d.operationRecords ?? []).map((o) => o.date), ...(d.tasks ?? []).flatMap((t) => [t.createTime, t.finishTime])]
    .filter((x): x is string => typeof x === "string" && x !== "")
    .map((x) => Date.parse(x))
    .filter((x) => Number.isFinite(x));
  const state = dingtalkState(d);
  const values = d.formComponentValues ?? [];
  return {
    vendor: "dingtalk",
    instanceId,
    processCode,
    title: d.title,
    state,
    version: Math.max(0, ...times),
    rank: rankOf(state, (d.operationRecords ?? []).length + (d.tasks ?? []).filter((t) => t.status.toUpperCase() !== "RUNNING").length),
    applicantUserId: d.originatorUserId,
    submittedAt: new Date(d.createTime),
    tasks: (d.tasks ?? []).map((t) => ({ taskId: String(t.taskId), userId: t.userId, status: t.status.toUpperCase(), result: t.result ?? null })),
    fields: values.filter((v) => v.name).map((v) => ({ label: v.name!, value: v.value ?? "" })),
    form: dingtalkForm(values),
    link: dingtalkApprovalLink(instanceId),
  };
}

// ───────────────────────────── WeCom ─────────────────────────────

function wecomState(spStatus: number): NativeState {
  switch (spStatus) {
    case 2:
    case 10: // 已支付
      return "agree";
    case 3:
      return "refuse";
    case 4:
    case 6:
      return "revoked";
    case 7:
      return "deleted";
    default:
      return "running";
  }
}

type Contents = NonNullable<WecomApprovalDetail["apply_data"]>["contents"];
const obj = (v: unknown) => (v && typeof v === "object" ? (v as Record<string, unknown>) : {});

function wecomForm(contents: Contents): NativeForm {
  for (const c of contents) {
    const v = obj(c.value);
    if (c.control === "Vacation") {
      const vac = obj(v.vacation);
      const range = obj(obj(vac.attendance).date_range);
      const option = (obj(vac.selector).options as unknown[] | undefined)?.[0];
      const leaveType = ((obj(option).value as unknown[] | undefined)?.map((x) => String(obj(x).text ?? "")) ?? [])[0] ?? "";
      const begin = Number(range.new_begin);
      const end = Number(range.new_end);
      if (Number.isFinite(begin) && Number.isFinite(end)) return { kind: "leave", leaveType, startDate: secondsToDate(begin), endDate: secondsToDate(end) };
    }
    if (c.control === "Attendance") {
      const att = obj(v.attendance);
      const range = obj(att.date_range);
      // Attendance control type 5 = 加班 (record_type 5, wecom.md §5.1); 3 出差 / 4 外出 are not mirrored as effects
      if (Number(att.type) === 5) return { kind: "overtime", startsAt: new Date(Number(range.new_begin) * 1000).toISOString(), endsAt: new Date(Number(range.new_end) * 1000).toISOString() };
    }
    if (c.control === "PunchCorrection") {
      const t = Number(obj(v.punch_correction).time);
      if (Number.isFinite(t) && t > 0) return { kind: "correction", at: new Date(t * 1000).toISOString() };
    }
  }
  return { kind: "other" };
}

function wecomFieldValue(c: Contents[number]): string {
  const v = obj(c.value);
  if (typeof v.text === "string") return v.text;
  const range = obj(obj(obj(v.vacation).attendance).date_range ?? obj(obj(v.attendance).date_range));
  if (range.new_begin) return `${secondsToDate(Number(range.new_begin))} – ${secondsToDate(Number(range.new_end))}`;
  const pc = obj(v.punch_correction);
  if (pc.time) return new Date(Number(pc.time) * 1000).toISOString();
  return "";
}

export function wecomSnapshot(d: WecomApprovalDetail): NativeSnapshot {
  const state = wecomState(d.sp_status);
  const times = [d.apply_time, ...d.sp_record.flatMap((r) => r.details.map((x) => x.sptime ?? 0))].filter((x) => Number.isFinite(x));
  // WeCom nodes have no task ids; nodes run one after another, so only the first node still 审批中 asks now.
  const current = state === "running" ? d.sp_record.findIndex((r) => r.sp_status === 1) : -1;
  const tasks: NativeTask[] = d.sp_record.flatMap((r, n) =>
    r.details.map((x) => ({
      taskId: null,
      userId: x.approver.userid,
      status: x.sp_status === 1 ? (n === current ? "RUNNING" : "NEW") : "COMPLETED",
      result: x.sp_status === 2 ? "AGREE" : x.sp_status === 3 ? "REFUSE" : x.sp_status === 4 ? "REDIRECTED" : null,
    })),
  );
  const contents = d.apply_data?.contents ?? [];
  return {
    vendor: "wecom",
    instanceId: d.sp_no,
    processCode: d.template_id ?? "",
    title: d.sp_name,
    state,
    version: Math.max(...times) * 1000,
    rank: rankOf(state, tasks.filter((x) => x.status === "COMPLETED").length + (d.comments?.length ?? 0)),
    applicantUserId: d.applyer.userid,
    submittedAt: new Date(d.apply_time * 1000),
    tasks,
    fields: contents.map((c) => ({ label: c.title[0]?.text ?? c.control, value: wecomFieldValue(c) })).filter((f) => f.value !== ""),
    form: wecomForm(contents),
    link: wecomApprovalLink(d.sp_no),
  };
}
