// Wraps a pull-API route: API key (scope, rate limit) → zod-validated query → JSON page; typed errors → 4xx.
import "server-only";
import type { z } from "zod";
import { getDb } from "@/db/client";
import type { Db } from "@/db/client";
import { AppError, badRequest, errorResponse } from "@/lib/errors";
import { findNul, NUL_MESSAGE } from "@/lib/validation";
import { authenticateApiKey, RateLimited } from "./keys";
import type { ApiScope } from "./schemas";

export function apiRoute<S extends z.ZodObject>(scope: ApiScope, query: S, run: (db: Db, args: z.infer<S>) => Promise<unknown>, dbProvider: () => Promise<Db> = getDb) {
  return async function GET(req: Request): Promise<Response> {
    try {
      const db = await dbProvider();
      await authenticateApiKey(db, req, scope);
      const params = Object.fromEntries(new URL(req.url).searchParams);
      const nulAt = findNul(params);
      if (nulAt !== null) throw badRequest(`${nulAt}: ${NUL_MESSAGE}`);
      const parsed = query.safeParse(params);
      if (!parsed.success) {
        throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "));
      }
      const body = await run(db, parsed.data);
      return Response.json(body, { headers: { "cache-control": "no-store" } });
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
