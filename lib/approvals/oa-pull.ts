// For OAs that cannot push (issue 15 item 1): the app pulls their approval todos from an endpoint of theirs on a
// schedule, and feeds each page through the same path as a push (receiveApprovalItems → inbox rows → the worker),
// so a pulled item and a pushed one are the same thing: idempotent by (id, version), an older version never
// overwrites a newer one, unknown people and invalid items are counted and named, never written.
//
// The OA's side of the contract (docs/oa/approvals-pull.md):
//   GET <OA_APPROVALS_URL>?cursor=<opaque>&limit=200        (no cursor on the very first run)
//   X-Qiandao-Timestamp: <unix seconds>
//   X-Qiandao-Signature: sha256=<hex HMAC-SHA256(OA_APPROVALS_SECRET, "<timestamp>.GET <path and query>")>
//   → 200 {"items": [ ≤ 200 items shaped like POST /api/v1/approval-items ], "next_cursor": "…" | null, "has_more": bool}
// Each run reads at most MAX_PAGES pages from the cursor the last run ended on (kept on its sync_runs row, "complete
// up to" that cursor); a failed page ends the run as failed with the reason and leaves the cursor where the last
// good page left it, so the next run resumes there — nothing is skipped, and a page read twice adds nothing.
// Two instances running at once read the same pages: the inbox's (id, version) key makes the second copy nothing.
import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { syncRuns } from "@/db/schema";
import { env } from "@/lib/env";
import { wakeInbox } from "@/lib/ingest/worker";
import { signOaBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "@/lib/oa-sync/signature";
import { receiveApprovalItems } from "./receive";
import { MAX_APPROVAL_BATCH } from "./schemas";

export const OA_PULL_SOURCE = "oa";
export const OA_PULL_KIND = "approvals_pull";
export const MAX_PAGES = 20;
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
export const OA_PULL_EVERY_MS = 5 * 60_000;

const answer = z.object({
  items: z.array(z.unknown()).max(MAX_APPROVAL_BATCH),
  next_cursor: z.string().max(500).nullable().optional(),
  has_more: z.boolean().optional(),
});

export interface OaPullResult {
  status: "succeeded" | "failed" | "skipped";
  pages: number;
  counts: Record<string, number>;
  cursor: string | null;
  error?: string;
}

/** The pull's URL for one page, and the headers that sign it. */
export function signedPageRequest(base: string, secret: string, cursor: string | null, nowMs = Date.now()): { url: string; headers: Record<string, string> } {
  const u = new URL(base);
  if (cursor) u.searchParams.set("cursor", cursor);
  u.searchParams.set("limit", String(MAX_APPROVAL_BATCH));
  const ts = String(Math.floor(nowMs / 1000));
  return { url: u.toString(), headers: { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: signOaBody(secret, ts, `GET ${u.pathname}${u.search}`), accept: "application/json" } };
}

async function fetchPage(url: string, headers: Record<string, string>, fetchImpl: typeof fetch): Promise<z.infer<typeof answer>> {
  let r: Response;
  let text: string;
  try {
    r = await fetchImpl(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
    text = await r.text();
  } catch (e) {
    // fetch's own message is "fetch failed": name what happened (the cause's code) for the sync page
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === "TimeoutError" || err.name === "AbortError") throw new Error(`the OA did not answer within ${TIMEOUT_MS / 1000} s`);
    throw new Error(`could not reach the OA: ${err.cause?.code ?? err.cause?.message ?? err.message}`);
  }
  if (!r.ok) throw new Error(`the OA answered HTTP ${r.status}`);
  if (text.length > MAX_ANSWER_BYTES) throw new Error(`the OA's answer is larger than ${MAX_ANSWER_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("the OA's answer is not JSON");
  }
  const parsed = answer.safeParse(json);
  if (!parsed.success) throw new Error(`the OA's answer is not {"items": [ ≤ ${MAX_APPROVAL_BATCH} ], "next_cursor", "has_more"}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ").slice(0, 300)}`);
  return parsed.data;
}

/** Where the last run that got anywhere ended (its cursor), or null before the first. */
async function lastCursor(db: Db): Promise<string | null> {
  const [r] = await db
    .select({ details: syncRuns.details })
    .from(syncRuns)
    .where(and(eq(syncRuns.source, OA_PULL_SOURCE), eq(syncRuns.kind, OA_PULL_KIND), inArray(syncRuns.status, ["succeeded", "failed", "partial"])))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(1);
  const c = r?.details?.cursor;
  return typeof c === "string" ? c : null;
}

/** One pull run (at most MAX_PAGES pages). Skipped when no endpoint is configured. */
export async function pullOaApprovals(db: Db, opts: { fetch?: typeof fetch; now?: Date } = {}): Promise<OaPullResult> {
  const { OA_APPROVALS_URL: base, OA_APPROVALS_SECRET: secret } = env();
  if (!base || !secret) return { status: "skipped", pages: 0, counts: {}, cursor: null };
  const fetchImpl = opts.fetch ?? fetch;
  // No transaction around the run: each page's items commit as they are received (nothing is held open across the
  // OA's answers), and a run stopped half-way resumes from the last recorded cursor — the pages read again add nothing.
  const start = await lastCursor(db);
  let cursor = start;
  let pages = 0;
  const counts: Record<string, number> = {};
  let error: string | undefined;
  try {
    while (pages < MAX_PAGES) {
      const req = signedPageRequest(base, secret, cursor, (opts.now ?? new Date()).getTime());
      const page = await fetchPage(req.url, req.headers, fetchImpl);
      pages++;
      if (page.items.length) {
        const results = await receiveApprovalItems(db, { items: page.items });
        for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
        if (results.some((r) => r.status === "accepted")) wakeInbox();
      }
      // No cursor back: the OA has nothing newer; stay where we are.
      if (page.next_cursor) cursor = page.next_cursor;
      if (!page.has_more || !page.next_cursor) break;
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const status = error ? ("failed" as const) : ("succeeded" as const);
  await db.insert(syncRuns).values({
    source: OA_PULL_SOURCE,
    kind: OA_PULL_KIND,
    status,
    added: counts.accepted ?? 0,
    errorCount: (counts.invalid ?? 0) + (counts.unknown_employee ?? 0) + (error ? 1 : 0),
    errors: error ? [error.slice(0, 500)] : [],
    details: { cursor, from: start, pages, counts },
    finishedAt: new Date(),
  });
  return { status, pages, counts, cursor, ...(error ? { error } : {}) };
}

/** The latest pull run, for the sync page (null before the first, or when no endpoint is configured). */
export async function lastOaPullRun(db: Db): Promise<typeof syncRuns.$inferSelect | null> {
  if (!env().OA_APPROVALS_URL) return null;
  const [r] = await db.select().from(syncRuns).where(and(eq(syncRuns.source, OA_PULL_SOURCE), eq(syncRuns.kind, OA_PULL_KIND))).orderBy(desc(syncRuns.id)).limit(1);
  return r ?? null;
}
