// Reconciliation of native approvals (a lost or never-subscribed event must not leave the mirror wrong): every pass
// lists the vendor's recent instances — WeCom oa/getapprovalinfo over the last days (≤ 31, string cursor); DingTalk
// /v1.0/workflow/processes/instanceIds/query per process code we have mirrored (DingTalk lists by process code only)
// — plus every mirrored instance still running or still waiting for its applicant's identity, and puts one
// "<vendor>:native_approval_pull" row per instance into the inbox (channel pull; the key carries the pass, so each
// pass looks once). The inbox handler reads and mirrors each like an event (events.ts): drift is fixed by the same
// code path, idempotently.
import "server-only";
import { and, eq, gte, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalNativeInstances } from "@/db/schema";
import { vendorMode } from "@/lib/env";
import { storeInboxEvents, type VerifiedEvent } from "@/lib/ingest/store";
import { log } from "@/lib/observability/log";
import { dingtalkClient } from "@/lib/vendors/dingtalk/client";
import { listProcessInstanceIds } from "@/lib/vendors/dingtalk/workflow";
import { listApprovalNumbers } from "@/lib/vendors/wecom/approval";
import { wecomClient } from "@/lib/vendors/wecom/client";
import { NATIVE_PULL_EVENT } from "./events";
import type { NativeVendor } from "./snapshot";

export const RECONCILE_EVERY_MS = 10 * 60_000;
const WINDOW_DAYS = 7;
const MAX_PAGES = 50;

function pullRow(vendor: NativeVendor, instanceId: string, processCode: string, pass: string): VerifiedEvent {
  const payload = { instanceId, processCode };
  return { source: vendor, channel: "pull", eventType: NATIVE_PULL_EVENT, dedupeKey: `native_pull:${instanceId}:${pass}`, raw: JSON.stringify(payload), payload };
}

async function wecomIds(db: Db, now: Date): Promise<string[]> {
  const client = wecomClient(db);
  const end = Math.floor(now.getTime() / 1000);
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const r = await listApprovalNumbers(client, { starttime: end - WINDOW_DAYS * 86_400, endtime: end, cursor, size: 100 });
    ids.push(...r.spNos);
    if (!r.nextCursor) break;
    cursor = r.nextCursor;
  }
  return ids;
}

async function dingtalkIds(db: Db, now: Date, codes: string[]): Promise<{ id: string; code: string }[]> {
  const client = dingtalkClient(db);
  const out: { id: string; code: string }[] = [];
  for (const code of codes) {
    let next: number | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await listProcessInstanceIds(client, { processCode: code, startTime: now.getTime() - WINDOW_DAYS * 86_400_000, endTime: now.getTime(), nextToken: next, maxResults: 20 });
      out.push(...r.list.map((id) => ({ id, code })));
      if (r.nextToken === null) break;
      next = r.nextToken;
    }
  }
  return out;
}

/** One pass. Returns how many pull rows were new (the loop itself sleeps between passes). */
export async function reconcileNativeApprovals(db: Db, now = new Date()): Promise<number> {
  const pass = String(Math.floor(now.getTime() / RECONCILE_EVERY_MS));
  const rows: VerifiedEvent[] = [];
  const held = await db
    .select({ vendor: approvalNativeInstances.vendor, instanceId: approvalNativeInstances.instanceId, processCode: approvalNativeInstances.processCode })
    .from(approvalNativeInstances)
    .where(or(eq(approvalNativeInstances.state, "running"), isNull(approvalNativeInstances.itemId)));
  for (const h of held) rows.push(pullRow(h.vendor, h.instanceId, h.processCode, pass));

  if (vendorMode("wecom") !== "disabled") {
    try {
      for (const id of await wecomIds(db, now)) rows.push(pullRow("wecom", id, "", pass));
    } catch (e) {
      log.warn({ err: String(e) }, "native approvals: listing WeCom approvals failed; next pass retries");
    }
  }
  if (vendorMode("dingtalk") !== "disabled") {
    const codes = await db
      .selectDistinct({ code: approvalNativeInstances.processCode })
      .from(approvalNativeInstances)
      .where(and(eq(approvalNativeInstances.vendor, "dingtalk"), sql`${approvalNativeInstances.processCode} <> ''`, gte(approvalNativeInstances.updatedAt, new Date(now.getTime() - 120 * 86_400_000))));
    try {
      for (const r of await dingtalkIds(db, now, codes.map((c) => c.code))) rows.push(pullRow("dingtalk", r.id, r.code, pass));
    } catch (e) {
      log.warn({ err: String(e) }, "native approvals: listing DingTalk instances failed; next pass retries");
    }
  }
  const unique = [...new Map(rows.map((r) => [`${r.source}|${r.dedupeKey}`, r])).values()];
  return storeInboxEvents(db, unique);
}
