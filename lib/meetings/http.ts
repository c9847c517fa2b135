// Route-handler plumbing for the meetings API: viewer, database, zod, typed errors → responses.
import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import { requireApiViewer } from "@/lib/auth/session";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, errorResponse, unsupportedMediaType } from "@/lib/errors";
import { isJsonMediaType } from "@/lib/http/request-guard";
import { findNul, ID_MESSAGE, ID_PATTERN, jsonTooDeep, MAX_JSON_DEPTH, NUL_MESSAGE } from "@/lib/validation";

export function handle<C>(fn: (ctx: { db: Db; viewer: Viewer; req: Request; params: C }) => Promise<Response>) {
  return async (req: Request, route: { params: Promise<C> }): Promise<Response> => {
    try {
      const viewer = await requireApiViewer();
      const nulAt = findNul(Object.fromEntries(new URL(req.url).searchParams));
      if (nulAt !== null) throw new AppError("bad_request", 400, `${nulAt}: ${NUL_MESSAGE}`);
      const db = await getDb();
      return await fn({ db, viewer, req, params: await route.params });
    } catch (e) {
      return errorResponse(e); // a ZodError is a 400 naming the fields
    }
  };
}

export async function jsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  // A form or text/plain body is what a cross-site page can send without a preflight: JSON routes refuse it.
  if (!isJsonMediaType(req.headers)) throw unsupportedMediaType();
  let text: string;
  try {
    text = await req.text();
  } catch {
    throw new AppError("bad_request", 400, "request body must be JSON");
  }
  if (jsonTooDeep(text)) throw new AppError("bad_request", 400, `JSON must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", 400, "request body must be JSON");
  }
  const nulAt = findNul(raw);
  if (nulAt !== null) throw new AppError("bad_request", 400, `${nulAt}: ${NUL_MESSAGE}`);
  return schema.parse(raw);
}

/** A path id (lib/validation's parseId rule). */
export const idParam = z.object({ id: z.string().regex(ID_PATTERN, ID_MESSAGE).transform(Number) });

/** "WeCom iOS", "DingTalk Android", "Browser": the device/platform kept as check-in evidence (no identifiers). */
export function deviceOf(req: Request): string {
  const ua = req.headers.get("user-agent") ?? "";
  const app = /wxwork/i.test(ua) ? "WeCom" : /DingTalk/i.test(ua) ? "DingTalk" : /MicroMessenger/i.test(ua) ? "WeChat" : "Browser";
  const os = /iPhone|iPad|iOS/i.test(ua) ? "iOS" : /Android/i.test(ua) ? "Android" : /Windows/i.test(ua) ? "Windows" : /Mac OS/i.test(ua) ? "macOS" : "other";
  return `${app} ${os}`;
}
