// What an approval item looks like in the vendors' own surfaces. Pure: the payloads the notification outbox keeps
// (and the console's delivery page shows by title). Every link opens the item in this app; the proxy signs the
// person in silently inside WeCom/DingTalk (proxy.ts inClientSignIn), as the reminders' links do.
import type { ApprovalField } from "@/db/schema";

/** Outbox kinds of this module (the sender hands the non-message ones to ./dispatch.ts). */
export const SURFACE_KINDS = {
  /** WeCom 按钮交互型 template card to an approver (custom send: keeps the response_code). */
  card: "approval_card",
  /** WeCom update_template_card: the card shows the result and its buttons are gone. */
  cardUpdate: "approval_card_update",
  /** DingTalk work notice (action_card) to an approver: an ordinary message. */
  notice: "approval_notice",
  /** DingTalk 待办: create, mark done, delete. */
  todo: "approval_todo",
  todoClose: "approval_todo_close",
  /** The applicant is told the final result of their application: an ordinary message, once. */
  result: "approval_result",
} as const;

export const CARD_CLIENT = "wecom_card";

/** Close reasons → the words on a closed card (button.replace_name) and in the 待办. */
export const CLOSED_LABEL: Record<string, string> = {
  agree: "已同意",
  refuse: "已拒绝",
  return: "已退回",
  others: "已被他人处理",
  withdrawn: "申请人已撤回",
  cancelled: "已撤销",
};

export interface ItemSummary {
  id: number;
  title: string;
  applicantName: string;
  fields: ApprovalField[];
  /** 1-based step number and count for our flows; null for the OA's items. */
  step: { number: number; of: number } | null;
}

export const itemUrl = (base: string, itemId: number) => `${base}/todos/approvals/${itemId}`;
/** WeCom task_id: unique per app, [0-9a-zA-Z_-@], ≤128 bytes (wecom.md §5.4, doc path/90236). */
export const cardTaskId = (itemId: number, step: number, employeeId: number) => `qd-${itemId}-${step}-${employeeId}`;
export const cardAgreeKey = (itemId: number, step: number) => `agree:${itemId}:${step}`;

const cut = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n - 1).join("") + "…" : s);

function description(s: ItemSummary): string {
  const lines = s.fields.slice(0, 4).map((f) => `${f.label}：${f.value}`);
  return [`${s.applicantName} 提交${s.step ? `（第 ${s.step.number}/${s.step.of} 步）` : ""}`, ...lines].join("\n");
}

/**
 * The WeCom template card (card_type button_interaction; doc path/90236 模板卡片消息): 同意 calls back
 * (template_card_event with our key), 拒绝 opens the item — refusing needs a reason, which a button cannot carry.
 */
export function wecomApprovalCard(base: string, s: ItemSummary, step: number, employeeId: number) {
  const url = itemUrl(base, s.id);
  return {
    card_type: "button_interaction",
    source: { desc: "签到 · 审批" },
    main_title: { title: cut(s.title, 36), desc: cut(`${s.applicantName} 提交${s.step ? ` · 第 ${s.step.number}/${s.step.of} 步` : ""}`, 44) },
    horizontal_content_list: s.fields.slice(0, 6).map((f) => ({ keyname: cut(f.label, 5), value: cut(f.value, 30) })),
    card_action: { type: 1, url },
    task_id: cardTaskId(s.id, step, employeeId),
    button_list: [
      { text: "同意", style: 1, key: cardAgreeKey(s.id, step) },
      { text: "拒绝", style: 2, type: 1, url: `${url}?decide=refuse` },
    ],
  };
}

export function approverPayload(base: string, s: ItemSummary, step: number, employeeId: number) {
  return { title: `待你审批：${s.title}`, description: description(s), url: itemUrl(base, s.id), buttonText: "去审批", itemId: s.id, step, employeeId };
}

const RESULT_WORD: Record<"agree" | "refuse" | "return", string> = { agree: "审批通过", refuse: "审批未通过", return: "已退回修改" };

/** The applicant's one message about the end of their application. */
export function resultPayload(base: string, s: ItemSummary, outcome: "agree" | "refuse" | "return", deciderName: string | null, comment: string) {
  const by = deciderName ? `${deciderName} ${outcome === "agree" ? "同意" : outcome === "refuse" ? "拒绝" : "退回"}` : "";
  return {
    title: `${RESULT_WORD[outcome]}：${s.title}`,
    description: [by, comment ? `意见：${comment}` : ""].filter(Boolean).join("\n") || RESULT_WORD[outcome],
    url: itemUrl(base, s.id),
    buttonText: "查看",
    itemId: s.id,
    outcome,
  };
}
