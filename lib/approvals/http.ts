// HTTP plumbing of the approvals routes: the OA's push (API key, approvals:write) and the phone's decision
// (session). Bad input → 4xx with the reason; only our own failure is a 5xx.
import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, badRequest, errorResponse } from "@/lib/errors";
import { CallbackRejected, readRawBody } from "@/lib/ingest/http";
import { wakeInbox } from "@/lib/ingest/worker";
import { authenticateApiKey, RateLimited } from "@/lib/oa-sync/api/keys";
import { findNul, jsonTooDeep, MAX_JSON_DEPTH, NUL_MESSAGE, parseId } from "@/lib/validation";
import { clientOf, decideApproval } from "./decide";
import { receiveApprovalItems } from "./receive";
import { approvalItemsRequest, decisionRequest, MAX_APPROVAL_BATCH } from "./schemas";

export const MAX_APPROVAL_BODY_BYTES = 4 * 1024 * 1024;

export async function jsonBody(req: Request, limit: number): Promise<unknown> {
  let text: string;
  try {
    text = await readRawBody(req, limit);
  } catch (e) {
    if (e instanceof CallbackRejected) throw new AppError(e.status === 413 ? "payload_too_large" : "bad_request", e.status, e.reason);
    throw badRequest("body: could not be read");
  }
  if (jsonTooDeep(text)) throw badRequest(`JSON must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("body: not valid JSON");
  }
}

function apiError(e: unknown): Response {
  if (e instanceof RateLimited) {
    return Response.json({ error: e.code, message: e.message }, { status: 429, headers: { "retry-after": String(e.retryAfterSeconds) } });
  }
  if (e instanceof AppError && e.status === 401) {
    return Response.json({ error: e.code, message: e.message }, { status: 401, headers: { "www-authenticate": 'Bearer realm="qiandao"' } });
  }
  return errorResponse(e);
}

/** POST /api/v1/approval-items. */
export function approvalItemsRoute(dbProvider: () => Promise<Db> = getDb) {
  return async function POST(req: Request): Promise<Response> {
    try {
      const db = await dbProvider();
      await authenticateApiKey(db, req, "approvals:write");
      const parsed = approvalItemsRequest.safeParse(await jsonBody(req, MAX_APPROVAL_BODY_BYTES));
      if (!parsed.success) {
        const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
        throw badRequest(`expected {"items": [ 1 to ${MAX_APPROVAL_BATCH} items ]} — ${reason}`);
      }
      const results = await receiveApprovalItems(db, parsed.data);
      if (results.some((r) => r.status === "accepted")) wakeInbox();
      return Response.json({ results }, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      return apiError(e);
    }
  };
}

/** POST /api/approvals/[id]/decision. */
export function decisionRoute(deps: { db?: () => Promise<Db>; viewer?: () => Promise<Viewer> } = {}) {
  const viewerOf = deps.viewer ?? (async () => (await import("@/lib/auth/session")).requireApiViewer());
  return async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
    try {
      const viewer = await viewerOf();
      const id = parseId((await ctx.params).id);
      if (id === null) throw badRequest("id: must be a positive whole number");
      const raw = await jsonBody(req, 16 * 1024);
      const nulAt = findNul(raw);
      if (nulAt !== null) throw badRequest(`${nulAt}: ${NUL_MESSAGE}`);
      const input = decisionRequest.parse(raw);
      const db = await (deps.db ?? getDb)();
      const result = await decideApproval(db, viewer, id, input, clientOf(req.headers.get("user-agent")));
      return Response.json(result, { status: 201, headers: { "cache-control": "no-store" } });
    } catch (e) {
      if (e instanceof z.ZodError) {
        return Response.json({ error: "bad_request", message: e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") }, { status: 400 });
      }
      return errorResponse(e);
    }
  };
}
