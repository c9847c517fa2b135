// Inbox handler "oa:approval_item": write one pushed version of an OA approval todo, under the item's row lock,
// by the version rule (rules.ts). It runs in the transaction that marks the inbox row handled.
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { approvalEvents, approvalItems } from "@/db/schema";
import type { EventHandler, HandlerResult } from "@/lib/ingest/types";
import { nativeApprovalEventHandlers } from "./native/events";
import { handleTemplateCardEvent } from "./notify/card-event";
import { syncApprovalSurfaces } from "./notify/surfaces";
import { applyPush, type ItemStatus } from "./rules";

const stored = z.object({
  item: z.object({
    id: z.string(),
    version: z.number().int(),
    title: z.string(),
    fields: z.array(z.object({ label: z.string(), value: z.string() })),
    attachments: z.array(z.object({ name: z.string(), url: z.string() })).optional(),
    link: z.string(),
    due_at: z.string().nullable(),
    status: z.enum(["open", "cancelled"]).optional(),
  }),
  applicant_id: z.number().int().positive(),
  approver_ids: z.array(z.number().int().positive()).min(1),
});

export const OA_CLIENT = "OA API";

export async function applyApprovalPush(db: Db, payload: unknown): Promise<HandlerResult> {
  const p = stored.parse(payload);
  const it = p.item;
  const pushStatus = it.status ?? "open";
  const values = {
    version: it.version,
    title: it.title,
    applicantId: p.applicant_id,
    approverIds: p.approver_ids,
    fields: it.fields,
    attachments: it.attachments ?? [],
    link: it.link,
    dueAt: it.due_at ? new Date(it.due_at) : null,
  };
  const [held] = await db
    .select({ id: approvalItems.id, version: approvalItems.version, status: approvalItems.status })
    .from(approvalItems)
    .where(and(eq(approvalItems.source, "oa"), eq(approvalItems.externalId, it.id)))
    .for("update");
  const verdict = applyPush(held ?? null, { version: it.version, status: pushStatus });
  if (verdict.result !== "accepted") return { outcome: "ignored", reason: verdict.result === "stale" ? `stale: version ${it.version} < ${verdict.held}` : "duplicate version" };

  let itemId: number;
  if (!held) {
    const [created] = await db
      .insert(approvalItems)
      .values({ source: "oa", externalId: it.id, status: verdict.status as ItemStatus, ...values })
      .onConflictDoNothing({ target: [approvalItems.source, approvalItems.externalId] })
      .returning({ id: approvalItems.id });
    if (!created) throw new Error(`approval item ${it.id} was created concurrently; retry`);
    itemId = created.id;
  } else {
    itemId = held.id;
    await db
      .update(approvalItems)
      .set({ ...values, status: verdict.status as ItemStatus, updatedAt: sql`now()` })
      .where(and(eq(approvalItems.id, held.id), sql`${approvalItems.version} < ${it.version}`));
  }
  await db.insert(approvalEvents).values({
    itemId,
    kind: verdict.event,
    actorId: verdict.event === "submit" ? p.applicant_id : null,
    client: OA_CLIENT,
    details: { version: it.version, ...(verdict.note ? { note: verdict.note } : {}) },
  });
  await syncApprovalSurfaces(db, itemId);
  return { outcome: "handled", effects: { kind: "approval_item", itemId, version: it.version, event: verdict.event } };
}

export const approvalEventHandlers: Record<string, EventHandler> = {
  "oa:approval_item": ({ db, event }) => applyApprovalPush(db, event.payload),
  "wecom:template_card_event": ({ db, event }) => handleTemplateCardEvent(db, event.payload),
  ...nativeApprovalEventHandlers,
};
