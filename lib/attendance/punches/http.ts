// POST /api/v1/punches: API key (scope punches:write, rate limit) → body read with a cap → list check (400) →
// per-record results. A client's mistake is a 4xx with the reason; only our own failure is a 5xx.
import "server-only";
import { getDb, type Db } from "@/db/client";
import { AppError, badRequest, errorResponse } from "@/lib/errors";
import { CallbackRejected, readRawBody } from "@/lib/ingest/http";
import { wakeInbox } from "@/lib/ingest/worker";
import { authenticateApiKey, RateLimited } from "@/lib/oa-sync/api/keys";
import { receiveDevicePunches } from "./device";
import { devicePunchRequest, MAX_DEVICE_BATCH } from "./schemas";

export const MAX_PUNCH_BODY_BYTES = 2 * 1024 * 1024;

export function devicePunchRoute(dbProvider: () => Promise<Db> = getDb) {
  return async function POST(req: Request): Promise<Response> {
    try {
      const db = await dbProvider();
      await authenticateApiKey(db, req, "punches:write");
      let body: unknown;
      try {
        body = JSON.parse(await readRawBody(req, MAX_PUNCH_BODY_BYTES));
      } catch (e) {
        if (e instanceof CallbackRejected) throw new AppError(e.status === 413 ? "payload_too_large" : "bad_request", e.status, e.reason);
        throw badRequest("body: not valid JSON");
      }
      const parsed = devicePunchRequest.safeParse(body);
      if (!parsed.success) {
        const reason = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");
        throw badRequest(`expected {"punches": [ up to ${MAX_DEVICE_BATCH} punches ]} — ${reason}`);
      }
      const results = await receiveDevicePunches(db, parsed.data);
      if (results.some((r) => r.status === "accepted")) wakeInbox();
      return Response.json({ results }, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      if (e instanceof RateLimited) {
        return Response.json({ error: e.code, message: e.message }, { status: 429, headers: { "retry-after": String(e.retryAfterSeconds) } });
      }
      if (e instanceof AppError && e.status === 401) {
        return Response.json({ error: e.code, message: e.message }, { status: 401, headers: { "www-authenticate": 'Bearer realm="qiandao"' } });
      }
      return errorResponse(e);
    }
  };
}
