// Shared pieces of the sign-in route handlers (app/api/auth/<vendor>/*).
import "server-only";
import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { signIn } from "@/auth";
import { getDb, type Db } from "@/db/client";
import { appUrl, vendorEnabled, type Vendor } from "@/lib/env";
import { resolveAuthSecret } from "./secret";
import {
  STATE_COOKIE,
  beginLogin,
  checkState,
  completeLogin,
  recordRefusal,
  refusedUrl,
  stateCookieOptions,
  vendorAuthorizeUrl,
  type Flow,
} from "./login-flow";
import { LoginRefusal, type RefusalReason } from "./refusal";
import type { VendorUser } from "./vendor-login";

const abs = (path: string) => new URL(path, appUrl());

const PERSON_REFUSALS = new Set<RefusalReason>(["unknown_user", "not_member", "departed", "ambiguous", "rejected"]);

/** End this browser's session (all chunks of the Auth.js cookie). */
async function endSession(jar: Awaited<ReturnType<typeof cookies>>) {
  for (const c of jar.getAll()) {
    if (c.name.startsWith("authjs.session-token") || c.name.startsWith("__Secure-authjs.session-token")) jar.delete(c.name);
  }
}

/** 404 for the sign-in routes of a vendor this deployment has disabled (lib/env vendorMode); null when enabled. */
export function disabledVendorResponse(vendor: Vendor): Response | null {
  return vendorEnabled(vendor) ? null : new Response("Not Found", { status: 404, headers: { "content-type": "text/plain", "cache-control": "no-store" } });
}

/** GET start: set the sealed state cookie and send the browser to the vendor's authorize/QR page. */
export async function startRedirect(flow: Flow, next: string | null, opts: { privateInfo?: boolean } = {}): Promise<Response> {
  const secret = await resolveAuthSecret();
  const { state, cookie } = beginLogin(secret, flow, next ?? "/");
  const res = NextResponse.redirect(vendorAuthorizeUrl(flow, state, opts), 302);
  res.cookies.set(STATE_COOKIE, cookie, stateCookieOptions());
  res.headers.set("cache-control", "no-store");
  return res;
}

/** Callback/POST: state → code claimed once → vendor user → ledger → Auth.js session. Returns where to go. */
export async function finishLogin(
  flow: Flow,
  provider: "wecom" | "dingtalk",
  state: string | null,
  code: string | null,
  exchange: (db: Db, code: string) => Promise<VendorUser>,
): Promise<string> {
  const secret = await resolveAuthSecret();
  const db = await getDb();
  const jar = await cookies();
  const sealed = jar.get(STATE_COOKIE)?.value;
  let next = "/";
  try {
    next = checkState(secret, sealed, provider, state).next;
  } catch (e) {
    if (e instanceof LoginRefusal) return refusedUrl(e.reason, await recordRefusal(db, flow, e.reason));
    throw e;
  }
  jar.delete(STATE_COOKIE); // one state, one attempt
  if (!code || code.length > 512) return refusedUrl("code_invalid", await recordRefusal(db, flow, "code_invalid"));
  const outcome = await completeLogin(db, secret, { flow, code, exchange: (c) => exchange(db, c) });
  if (!outcome.ok) {
    // The vendor vouched for a person we refuse: whatever session this browser had ends too. (Not for a bad
    // state or code: a forged link must not be able to sign someone out.)
    if (PERSON_REFUSALS.has(outcome.reason)) await endSession(jar);
    return refusedUrl(outcome.reason, outcome.reference);
  }
  await signIn("vendor", { ticket: outcome.ticket, redirect: false, redirectTo: next });
  return next;
}

export function redirectTo(path: string): Response {
  const res = NextResponse.redirect(abs(path), 303);
  res.headers.set("cache-control", "no-store");
  return res;
}
