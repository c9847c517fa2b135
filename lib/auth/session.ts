// Session → Viewer (contract used by every page and route):
// - getViewer(): the signed-in, still-active employee with roles and scopes, or null.
// - requireViewer(): for pages; redirects to /login when there is none.
// - requireApiViewer(): for route handlers; throws AppError 401 when there is none.
// The viewer is rebuilt from the database on every request (React cache dedupes within one request), so a
// departed employee — or a revoked role — takes effect on the next request, sessions included.
import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { decode } from "next-auth/jwt";
import { auth } from "@/auth";
import { getDb } from "@/db/client";
import { appUrl } from "@/lib/env";
import { unauthorized } from "@/lib/errors";
import { sessionIdOf } from "./revocation";
import { resolveAuthSecret } from "./secret";
import { buildViewer } from "./build-viewer";
import type { Viewer } from "./viewer";

export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = (await auth()) as { employeeId?: number; provider?: string } | null;
  const id = session?.employeeId;
  if (typeof id !== "number" || !Number.isInteger(id)) return null;
  const provider = session?.provider === "wecom" || session?.provider === "dingtalk" ? session.provider : null;
  return buildViewer(await getDb(), id, provider);
});

export async function requireViewer(): Promise<Viewer> {
  const v = await getViewer();
  if (!v) redirect("/login");
  return v;
}

/**
 * Route handlers (the hot API paths: check-in, live view): the session cookie is decoded directly — the same
 * Auth.js JWE, secret, salt and expiry — instead of through auth(), which also ran a status query in its jwt
 * callback and re-encrypted the token for a cookie a route handler does not send. The viewer is still rebuilt
 * from the database (buildViewer, one indexed query) on every request and is null for anyone not active, so a
 * departed employee loses API access on the next request. A chunked or unreadable cookie falls back to auth().
 */
const getApiViewer = cache(async (): Promise<Viewer | null> => {
  const name = `${appUrl().startsWith("https://") ? "__Secure-" : ""}authjs.session-token`;
  const raw = (await cookies()).get(name)?.value;
  if (!raw) return getViewer();
  const token = await decode({ token: raw, secret: await resolveAuthSecret(), salt: name }).catch(() => null);
  const id = token?.employeeId;
  if (!token || typeof id !== "number" || !Number.isInteger(id)) return getViewer();
  const sid = sessionIdOf(token);
  if (!sid) return null; // issued before sessions could be revoked: sign in again
  const provider = token.provider === "wecom" || token.provider === "dingtalk" ? token.provider : null;
  return buildViewer(await getDb(), id, provider, sid); // null once this session was signed out
});

export async function requireApiViewer(): Promise<Viewer> {
  const v = await getApiViewer();
  if (!v) throw unauthorized();
  return v;
}

