// The OA pushes approval todos: POST /api/v1/approval-items. Each item is answered in request order once the
// accepted ones are in the inbox (the row is the job, ARCHITECTURE §3); the inbox worker writes the item
// (events.ts). Idempotent by (id, version): the inbox's dedupe key. A version older than the one we hold is
// "stale" and a version we hold is "duplicate", here and again in the worker (which has the final word).
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalItems, employees, inboxEvents } from "@/db/schema";
import { findNul, NUL_MESSAGE } from "@/lib/validation";
import { applyPush } from "./rules";
import { approvalItemPush, type ApprovalItemPush, type ApprovalItemResult, type approvalItemsRequest } from "./schemas";
import type { z } from "zod";

export const approvalDedupeKey = (id: string, version: number) => JSON.stringify([id, version]);

/** What the inbox row carries: the push as received plus the people it names, resolved to employee ids. */
export interface StoredApprovalPush {
  item: Omit<ApprovalItemPush, "due_at"> & { due_at: string | null };
  applicant_id: number;
  approver_ids: number[];
}

const stringAt = (v: unknown, k: string) => {
  const x = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return typeof x === "string" && x.length <= 128 && findNul(x) === null ? x : null;
};
const numberAt = (v: unknown, k: string) => {
  const x = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return typeof x === "number" && Number.isSafeInteger(x) ? x : null;
};

/** Validate, resolve and store a batch (`body` already satisfies approvalItemsRequest). Writes only inbox rows. */
export async function receiveApprovalItems(db: Db, body: z.infer<typeof approvalItemsRequest>): Promise<ApprovalItemResult[]> {
  const results: ApprovalItemResult[] = [];
  const valid: { i: number; p: ApprovalItemPush }[] = [];
  body.items.forEach((raw, i) => {
    const base = { id: stringAt(raw, "id"), version: numberAt(raw, "version") };
    const nul = findNul(raw);
    if (nul !== null) return void (results[i] = { ...base, status: "invalid", reason: `${nul}: ${NUL_MESSAGE}` });
    const parsed = approvalItemPush.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((x) => `${x.path.join(".") || "item"}: ${x.message}`).join("; ");
      return void (results[i] = { ...base, status: "invalid", reason });
    }
    valid.push({ i, p: parsed.data });
  });

  const nos = [...new Set(valid.flatMap((v) => [v.p.applicant_employee_no, ...v.p.approver_employee_nos]))];
  const people = new Map(
    nos.length
      ? (await db.select({ id: employees.id, no: employees.employeeNo, status: employees.status }).from(employees).where(inArray(employees.employeeNo, nos))).map((e) => [e.no, e])
      : [],
  );
  const ids = [...new Set(valid.map((v) => v.p.id))];
  const held = new Map(
    ids.length
      ? (await db.select({ key: approvalItems.externalId, version: approvalItems.version, status: approvalItems.status }).from(approvalItems).where(and(eq(approvalItems.source, "oa"), inArray(approvalItems.externalId, ids)))).map((r) => [r.key, r])
      : [],
  );

  const seen = new Set<string>();
  const rows: (typeof inboxEvents.$inferInsert)[] = [];
  for (const { i, p } of valid) {
    const base = { id: p.id, version: p.version };
    const applicant = people.get(p.applicant_employee_no);
    if (!applicant) {
      results[i] = { ...base, status: "unknown_employee", reason: `applicant_employee_no: no employee ${p.applicant_employee_no}` };
      continue;
    }
    const missing = p.approver_employee_nos.filter((no) => people.get(no)?.status !== "active");
    if (missing.length) {
      results[i] = { ...base, status: "unknown_employee", reason: `approver_employee_nos: no active employee ${missing.join(", ")}` };
      continue;
    }
    const verdict = applyPush(held.get(p.id) ?? null, { version: p.version, status: p.status ?? "open" });
    if (verdict.result === "stale") {
      results[i] = { ...base, status: "stale", reason: `version ${p.version} is older than version ${verdict.held} already received` };
      continue;
    }
    const key = approvalDedupeKey(p.id, p.version);
    if (verdict.result === "duplicate" || seen.has(key)) {
      results[i] = { ...base, status: "duplicate" };
      continue;
    }
    seen.add(key);
    const payload: StoredApprovalPush = {
      item: { ...p, due_at: p.due_at ? new Date(p.due_at).toISOString() : null },
      applicant_id: applicant.id,
      approver_ids: [...new Set(p.approver_employee_nos.map((no) => people.get(no)!.id))],
    };
    rows.push({ source: "oa", channel: "http", eventType: "approval_item", dedupeKey: key, raw: JSON.stringify(p), payload: payload as unknown as Record<string, unknown> });
    results[i] = { ...base, status: "accepted" };
  }
  if (rows.length) {
    // One statement persists the items and makes them due; a key already in the inbox is a duplicate.
    const inserted = await db.insert(inboxEvents).values(rows).onConflictDoNothing({ target: [inboxEvents.source, inboxEvents.dedupeKey] }).returning({ key: inboxEvents.dedupeKey });
    const fresh = new Set(inserted.map((r) => r.key));
    for (const r of results) {
      if (r.status === "accepted" && !fresh.has(approvalDedupeKey(r.id!, r.version!))) r.status = "duplicate";
    }
  }
  return results;
}
