// Simulated WeCom template cards and 打卡 corrections, reached through handleWecomApi (token, faults and rate limits
// applied there):
//   · message/send with msgtype template_card (doc path/90236): the card is kept; button/vote/multiple cards get a
//     response_code in the answer (a duplicate-checked resend gets the same one);
//   · POST /cgi-bin/message/update_template_card (doc path/94945): spends a response_code (once, 72 h) and
//     replaces the buttons' name (button.replace_name) or the whole card (template_card) for the given userids;
//   · POST /cgi-bin/checkin/punch_correction (doc path/95803): the corrected punch is kept (GET /api/sim/wecom/cards);
//   · a click (POST /api/sim/wecom/cards {op: "click"}): WeCom posts a template_card_event to the app's callback,
//     signed and encrypted like every WeCom callback, with a fresh single-use ResponseCode
//     (fields of doc path/90376 模板卡片事件推送: EventKey, TaskId, CardType, ResponseCode).
// Per process, on the simulator's state object (reset with it).
import { randomBytes } from "node:crypto";
import { simNow, simState } from "./state";

const CODE_TTL_MS = 72 * 3_600_000;
const CARD_TYPES = ["text_notice", "news_notice", "button_interaction", "vote_interaction", "multiple_interaction"];
const CALLBACK_CARDS = new Set(["button_interaction", "vote_interaction", "multiple_interaction"]);

export interface SimCardButton {
  text: string;
  key?: string;
  type?: number;
  url?: string;
}
export interface SimCard {
  taskId: string;
  msgid: string;
  cardType: string;
  touser: string[];
  title: string;
  desc: string;
  buttons: SimCardButton[];
  body: Record<string, unknown>;
  sentAt: string;
  /** After update_template_card: what replaced the buttons, per userid ("*" = everyone the card went to). */
  replaced: Record<string, string>;
  clicks: { userid: string; key: string; at: string; responseCode: string }[];
}
export interface SimPunchCorrection {
  userid: string;
  schedule_date_time: number;
  schedule_checkin_time?: number;
  checkin_time: number;
  remark: string;
  at: string;
}

interface WecomCardsState {
  cards: Map<string, SimCard>;
  codes: Map<string, { taskId: string; issuedAt: number; used: boolean }>;
  corrections: SimPunchCorrection[];
}

function store(): WecomCardsState {
  const s = simState() as unknown as { wecomCardsSim?: WecomCardsState };
  return (s.wecomCardsSim ??= { cards: new Map(), codes: new Map(), corrections: [] });
}

const newCode = (taskId: string) => {
  const code = randomBytes(18).toString("base64url");
  store().codes.set(code, { taskId, issuedAt: simNow(), used: false });
  return code;
};

const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Why a template_card body would be refused (errmsg), or null. `resendOf`: the msgid of a duplicate-checked resend. */
export function templateCardProblem(body: Record<string, unknown>, resendOf: string | null): string | null {
  const c = body.template_card as Record<string, unknown> | undefined;
  if (!c || typeof c !== "object") return "template_card is required";
  const type = str(c.card_type);
  if (!CARD_TYPES.includes(type)) return "invalid card_type";
  if (!CALLBACK_CARDS.has(type)) return null;
  const taskId = str(c.task_id);
  if (!/^[0-9A-Za-z_\-@]{1,128}$/.test(taskId)) return "task_id is required: digits, letters and _-@, at most 128 bytes";
  const held = store().cards.get(taskId);
  if (held && held.msgid !== resendOf) return "task_id already used by this app";
  if (type === "button_interaction") {
    const buttons = c.button_list;
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 6) return "button_list must have 1 to 6 buttons";
    for (const b of buttons as Record<string, unknown>[]) {
      if (!str(b.text)) return "button text is required";
      if (Number(b.type ?? 0) === 1 ? !/^https?:\/\//.test(str(b.url)) : !str(b.key)) return "a callback button needs a key, a link button an http(s) url";
    }
  }
  return null;
}

/** Keep a sent card; its response_code for the answer (only button/vote/multiple cards have one). */
export function templateCardSent(body: Record<string, unknown>, msgid: string, touser: string[]): { response_code?: string } {
  const c = body.template_card as Record<string, unknown>;
  const type = str(c.card_type);
  if (!CALLBACK_CARDS.has(type)) return {};
  const taskId = str(c.task_id);
  const s = store();
  const held = s.cards.get(taskId);
  if (held) return { response_code: [...s.codes].find(([, v]) => v.taskId === taskId)?.[0] ?? newCode(taskId) };
  const main = (c.main_title ?? {}) as Record<string, unknown>;
  s.cards.set(taskId, {
    taskId,
    msgid,
    cardType: type,
    touser,
    title: str(main.title),
    desc: str(main.desc),
    buttons: ((c.button_list as Record<string, unknown>[] | undefined) ?? []).map((b) => ({ text: str(b.text), key: str(b.key) || undefined, type: Number(b.type ?? 0), url: str(b.url) || undefined })),
    body: c,
    sentAt: new Date(simNow()).toISOString(),
    replaced: {},
    clicks: [],
  });
  return { response_code: newCode(taskId) };
}

export type SimApiAnswer = { errcode: number; errmsg: string; [k: string]: unknown };

export function updateTemplateCard(body: Record<string, unknown>): SimApiAnswer {
  const code = str(body.response_code);
  const c = store().codes.get(code);
  // The vendor's error code for a spent or unknown response_code is not in the notes: 40058 is the simulator's choice.
  if (!c || c.used || simNow() - c.issuedAt > CODE_TTL_MS) return { errcode: 40058, errmsg: "invalid response_code: unknown, already used or older than 72 hours" };
  const card = store().cards.get(c.taskId);
  if (!card) return { errcode: 40058, errmsg: "invalid response_code" };
  const button = body.button as Record<string, unknown> | undefined;
  const replacement = button && str(button.replace_name) ? str(button.replace_name) : body.template_card ? "（卡片已更新）" : "";
  if (!replacement) return { errcode: 40058, errmsg: "button.replace_name or template_card is required" };
  const userids = Array.isArray(body.userids) ? (body.userids as unknown[]).map(String) : [];
  const targets = body.atall === 1 || userids.length === 0 ? ["*"] : userids.filter((u) => card.touser.includes(u));
  c.used = true;
  for (const u of targets) card.replaced[u] = replacement;
  return { errcode: 0, errmsg: "ok", invaliduser: userids.filter((u) => !card.touser.includes(u)) };
}

export function punchCorrection(body: Record<string, unknown>, userExists: (id: string) => boolean): SimApiAnswer {
  const userid = str(body.userid);
  if (!userExists(userid)) return { errcode: 60111, errmsg: "userid not found" };
  const day = Number(body.schedule_date_time);
  const at = Number(body.checkin_time);
  if (!Number.isInteger(day) || !Number.isInteger(at) || at < day || at >= day + 2 * 86_400) return { errcode: 40058, errmsg: "schedule_date_time and checkin_time must be unix seconds, checkin_time on that day" };
  const remark = str(body.remark);
  if (Buffer.byteLength(remark) > 512) return { errcode: 40058, errmsg: "remark exceeds 512 bytes" };
  store().corrections.push({ userid, schedule_date_time: day, ...(body.schedule_checkin_time !== undefined ? { schedule_checkin_time: Number(body.schedule_checkin_time) } : {}), checkin_time: at, remark, at: new Date(simNow()).toISOString() });
  return { errcode: 0, errmsg: "ok" };
}

/** A member presses a callback button: the event's fields, or why WeCom would not let them. */
export function clickCard(taskId: string, userid: string, key: string, corpId: string, agentId: string): { fields: Record<string, string> } | { error: string } {
  const card = store().cards.get(taskId);
  if (!card) return { error: "no such card" };
  if (!card.touser.includes(userid)) return { error: "the card was not sent to this member" };
  if (card.replaced[userid] ?? card.replaced["*"]) return { error: "the card's buttons were already replaced" };
  const button = card.buttons.find((b) => b.key === key && (b.type ?? 0) === 0);
  if (!button) return { error: "no callback button with this key" };
  const responseCode = newCode(taskId);
  const at = simNow();
  card.clicks.push({ userid, key, at: new Date(at).toISOString(), responseCode });
  return {
    fields: {
      ToUserName: corpId,
      FromUserName: userid,
      CreateTime: String(Math.floor(at / 1000)),
      MsgType: "event",
      Event: "template_card_event",
      EventKey: key,
      TaskId: taskId,
      CardType: card.cardType,
      ResponseCode: responseCode,
      AgentID: agentId,
    },
  };
}

export function simCards(to?: string): (SimCard & { state: string | null })[] {
  return [...store().cards.values()]
    .filter((c) => !to || c.touser.includes(to))
    .map((c) => ({ ...c, state: (to ? c.replaced[to] : undefined) ?? c.replaced["*"] ?? Object.values(c.replaced)[0] ?? null }))
    .reverse();
}

export function simPunchCorrections(): SimPunchCorrection[] {
  return [...store().corrections];
}

/**
 * Press a card's button and deliver the template_card_event to the app's WeCom callback as WeCom does (signed,
 * encrypted, over HTTP). `deliveries` > 1 sends the very same request again (WeCom retries a slow answer).
 */
export async function deliverCardClick(
  input: { taskId: string; userid: string; key: string; deliveries?: number },
  target: { appUrl: string; token?: string; aesKey?: string; corpId: string; agentId: string },
): Promise<{ clicked: boolean; error?: string; statuses: number[] }> {
  const c = clickCard(input.taskId, input.userid, input.key, target.corpId, target.agentId);
  if ("error" in c) return { clicked: false, error: c.error, statuses: [] };
  if (!target.token || !target.aesKey) return { clicked: true, error: "no WeCom callback token configured", statuses: [] };
  const { wecomPlainXml, wecomSignedPost } = await import("@/lib/vendors/wecom/sender");
  const signed = wecomSignedPost({ token: target.token, aesKey: target.aesKey, corpId: target.corpId, agentId: target.agentId }, wecomPlainXml(c.fields));
  const statuses: number[] = [];
  for (let i = 0; i < Math.max(1, input.deliveries ?? 1); i++) {
    const res = await fetch(`${target.appUrl}${signed.pathAndQuery}`, { method: "POST", headers: signed.headers, body: signed.body }).catch(() => null);
    statuses.push(res?.status ?? 0);
  }
  return { clicked: true, statuses };
}
