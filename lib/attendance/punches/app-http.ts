// POST /api/attendance/punch plumbing: viewer and database (injectable for the integration test), a capped JSON
// body (the optional field photo makes it the largest workbench request), zod, typed errors → responses.
import "server-only";
import { z } from "zod";
import { getDb, type Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, errorResponse } from "@/lib/errors";
import { CallbackRejected, readRawBody } from "@/lib/ingest/http";
import { findNul, jsonTooDeep, MAX_JSON_DEPTH, NUL_MESSAGE } from "@/lib/validation";
import { appPunchRequest, punchInApp } from "./app";

const MAX_BODY_BYTES = 512 * 1024;

/** "WeCom iOS", "DingTalk Android", "Browser": kept on the punch as evidence (no identifiers). */
function deviceOf(req: Request): string {
  const ua = req.headers.get("user-agent") ?? "";
  const app = /wxwork/i.test(ua) ? "WeCom" : /DingTalk/i.test(ua) ? "DingTalk" : "Browser";
  const os = /iPhone|iPad|iOS/i.test(ua) ? "iOS" : /Android/i.test(ua) ? "Android" : /Windows/i.test(ua) ? "Windows" : /Mac OS/i.test(ua) ? "macOS" : "other";
  return `${app} ${os}`;
}

async function body(req: Request): Promise<unknown> {
  let text: string;
  try {
    text = await readRawBody(req, MAX_BODY_BYTES);
  } catch (e) {
    if (e instanceof CallbackRejected && e.status === 413) throw new AppError("payload_too_large", 413, `request body over ${MAX_BODY_BYTES / 1024} KB (photo too large?)`);
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
  return raw;
}

export function appPunchRoute(deps: { db?: () => Promise<Db>; viewer?: () => Promise<Viewer>; now?: () => Date } = {}) {
  // The session module (next-auth) is loaded only when no viewer is injected.
  const viewerOf = deps.viewer ?? (async () => (await import("@/lib/auth/session")).requireApiViewer());
  return async function POST(req: Request): Promise<Response> {
    try {
      const viewer = await viewerOf();
      const db = await (deps.db ?? getDb)();
      const parsed = appPunchRequest.parse(await body(req));
      const result = await punchInApp(db, viewer, parsed, { device: deviceOf(req), now: deps.now?.() });
      return Response.json(result, { status: result.replay ? 200 : 201, headers: { "cache-control": "no-store" } });
    } catch (e) {
      if (e instanceof z.ZodError) {
        return Response.json({ error: "bad_request", message: e.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") }, { status: 400 });
      }
      return errorResponse(e);
    }
  };
}
