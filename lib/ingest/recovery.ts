// DingTalk failed-push recovery (dingtalk.md §4.4): GET /call_back/get_call_back_failed_result returns up to 200
// events DingTalk could not deliver and CLEARS them (a destructive read). So each page is stored in the inbox
// (one INSERT, conflicts skipped) before anything else happens, and before the next page is requested.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db/client";
import { dingtalkConfig } from "@/lib/vendors/config";
import { dingtalkClient } from "@/lib/vendors/dingtalk/client";
import { storeInboxEvents, type VerifiedEvent } from "./store";

const failedItem = z.looseObject({ call_back_tag: z.string().min(1).max(200), event_time: z.union([z.number(), z.string()]).optional() });
const failedPage = z.looseObject({
  errcode: z.number(),
  errmsg: z.string().optional(),
  has_more: z.boolean().optional(),
  failed_list: z.array(z.unknown()).optional(),
});

/** Normalise one failed-list item to the same payload shape as a pushed event ({EventType, ...fields}). */
export function failedItemToEvent(item: Record<string, unknown>): VerifiedEvent | null {
  const parsed = failedItem.safeParse(item);
  if (!parsed.success) return null;
  const tag = parsed.data.call_back_tag;
  let inner: unknown = item[tag];
  // Inner shape is unconfirmed (dingtalk.md §4.4): a JSON string or an object, possibly under callbackData etc.
  if (inner && typeof inner === "object") {
    const o = inner as Record<string, unknown>;
    for (const k of ["callbackData", "bpmsCallBackData", "roleLabelChange"]) if (o[k] !== undefined) inner = o[k];
  }
  if (typeof inner === "string") {
    try {
      inner = JSON.parse(inner);
    } catch {
      inner = { value: inner };
    }
  }
  const fields = inner && typeof inner === "object" && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
  const raw = JSON.stringify(item);
  const eventId = fields.eventId ?? fields.EventId;
  return {
    source: "dingtalk",
    channel: "pull",
    eventType: tag,
    dedupeKey: typeof eventId === "string" && eventId ? `event:${eventId}` : `pull:${tag}:${parsed.data.event_time ?? ""}:${createHash("sha256").update(raw).digest("hex").slice(0, 32)}`,
    raw,
    payload: { EventType: tag, ...fields, EventTime: parsed.data.event_time, recoveredFrom: "get_call_back_failed_result" },
  };
}

export interface RecoveryDeps {
  fetchImpl?: typeof fetch;
  /** App access token (oapi). Default: the shared DingTalk client's cached token. */
  getToken?: () => Promise<string>;
  maxPages?: number;
}

/** Pull and store every failed push. Returns counts; throws on a vendor error (pg-boss retries the job). */
export async function pullDingtalkFailedPushes(db: Db, deps: RecoveryDeps = {}): Promise<{ pages: number; received: number; stored: number }> {
  const f = deps.fetchImpl ?? fetch;
  // The shared client: the token comes from vendor_tokens (one refresh for every instance).
  const token = await (deps.getToken ?? (() => dingtalkClient(db).accessToken()))();
  const base = dingtalkConfig().oapiBase;
  let pages = 0;
  let received = 0;
  let stored = 0;
  for (;;) {
    const r = await f(`${base}/call_back/get_call_back_failed_result?${new URLSearchParams({ access_token: token })}`, {
      signal: AbortSignal.timeout(10_000),
    });
    const page = failedPage.parse(await r.json());
    if (page.errcode !== 0) throw new Error(`get_call_back_failed_result errcode ${page.errcode}`);
    const items = (page.failed_list ?? []).filter((x): x is Record<string, unknown> => !!x && typeof x === "object");
    const events = items.map(failedItemToEvent).filter((e): e is VerifiedEvent => e !== null);
    // Store first: the vendor has already forgotten these.
    stored += await storeInboxEvents(db, events);
    received += items.length;
    pages++;
    if (!page.has_more || items.length === 0 || pages >= (deps.maxPages ?? 50)) break;
  }
  return { pages, received, stored };
}
