// Inbox handler "wecom:template_card_event": an approver pressed 同意 on the approval card we sent them
// (lib/approvals/notify). Verified, stored and acknowledged by the callback route like every WeCom event; here,
// in the inbox worker's transaction, the click decides the item as that person (client "wecom_card") through the
// one decision path (decide.ts → flows/decide.ts), and the card is then updated through the outbox with the
// click's ResponseCode: "已同意", or "已被他人处理" when someone else decided first.
// Fields (doc path/90376 模板卡片事件推送): FromUserName (the clicker's userid), EventKey (the button's key),
// TaskId (the card's task_id), CardType, ResponseCode (single use, for update_template_card), AgentID.
// Idempotent: a redelivery is deduped by the inbox; a replay finds the decision taken and decides nothing.
import "server-only";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { approvalSurfaces } from "@/db/schema";
import { buildViewer } from "@/lib/auth/build-viewer";
import { AppError } from "@/lib/errors";
import type { HandlerResult } from "@/lib/ingest/types";
import { decideApproval } from "../decide";
import { employeeOfWecomUser } from "./accounts";
import { CARD_CLIENT } from "./messages";
import { syncApprovalSurfaces } from "./surfaces";

const cardEvent = z.looseObject({
  FromUserName: z.string().min(1).max(64),
  EventKey: z.string().max(128),
  TaskId: z.string().max(128),
  ResponseCode: z.string().max(512).optional(),
});

export async function handleTemplateCardEvent(db: Db, payload: unknown): Promise<HandlerResult> {
  const parsed = cardEvent.safeParse(payload);
  if (!parsed.success) return { outcome: "ignored", reason: "not an approval card click (fields missing)" };
  const e = parsed.data;
  const task = /^qd-(\d+)-(\d+)-(\d+)$/.exec(e.TaskId);
  const key = /^(agree|refuse):(\d+):(\d+)$/.exec(e.EventKey);
  if (!task || !key) return { outcome: "ignored", reason: "not one of our approval cards" };
  const [itemId, step, recipient] = task.slice(1).map(Number);
  if (Number(key[2]) !== itemId || Number(key[3]) !== step) return { outcome: "ignored", reason: "button key does not belong to this card" };

  const clicker = await employeeOfWecomUser(db, e.FromUserName);
  // Cards are sent to one person each: a click by anyone else (a forwarded card) decides nothing.
  if (clicker === null || clicker !== recipient) return { outcome: "ignored", reason: "the clicker is not the card's recipient" };
  const where = and(eq(approvalSurfaces.itemId, itemId), eq(approvalSurfaces.stepIndex, step), eq(approvalSurfaces.employeeId, clicker), eq(approvalSurfaces.channel, "wecom"));
  const [surface] = await db.select().from(approvalSurfaces).where(where);
  if (!surface) return { outcome: "ignored", reason: "no such approval card was sent" };
  // The click's code updates this person's card; kept before deciding so the update the decision queues can use it.
  if (e.ResponseCode && !surface.wecomClickCode) await db.update(approvalSurfaces).set({ wecomClickCode: e.ResponseCode }).where(where);

  if (key[1] === "refuse") {
    // Refusing needs a reason (schemas.ts); the card's 拒绝 opens the item instead of calling back.
    await syncApprovalSurfaces(db, itemId);
    return { outcome: "ignored", reason: "refusing from a card needs a reason: the item page asks for it" };
  }
  const viewer = await buildViewer(db, clicker, "wecom");
  if (!viewer) return { outcome: "ignored", reason: "the clicker is no longer an active employee" };
  try {
    const r = await decideApproval(db, viewer, itemId, { outcome: "agree", comment: "" }, CARD_CLIENT);
    return { outcome: "handled", effects: { kind: "approval_card_decision", itemId, step, decided: true, flow: r.flow?.status ?? "decided" } };
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    // Decided before (by this click's earlier delivery, in the app, or by someone else): nothing is decided again;
    // the card is brought up to date (its row closes with who decided) through the same reconciliation.
    await syncApprovalSurfaces(db, itemId);
    return { outcome: "handled", effects: { kind: "approval_card_decision", itemId, step, decided: false, refusal: err.message.slice(0, 200) } };
  }
}
