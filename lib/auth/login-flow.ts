// The four sign-in flows share one shape: start (state cookie + vendor URL) → vendor → callback (state check,
// code claimed once, code → vendor user, identity ledger) → Auth.js ticket, or a refusal with a reference id.
import "server-only";
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { loginAttempts } from "@/db/schema";
import { appUrl } from "@/lib/env";
import { localPath } from "@/lib/http/local-path";
import { resolveVendorAccount } from "@/lib/identity/ledger";
import { log } from "@/lib/observability/log";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { LoginRefusal, type RefusalReason } from "./refusal";
import { newReference, newState, safeEqual, seal, unseal } from "./signed";
import { makeLoginTicket } from "./ticket";
import type { VendorUser } from "./vendor-login";

export const STATE_COOKIE = "qd_login_state";
export const STATE_TTL_MS = 10 * 60_000;

export type Flow = "wecom_oauth" | "wecom_qr" | "dingtalk_inapp" | "dingtalk_oauth";
export const FLOW_PROVIDER: Record<Flow, "wecom" | "dingtalk"> = {
  wecom_oauth: "wecom",
  wecom_qr: "wecom",
  dingtalk_inapp: "dingtalk",
  dingtalk_oauth: "dingtalk",
};

interface StatePayload {
  state: string;
  flow: Flow;
  next: string;
  exp: number;
}

/** Only same-origin relative paths; anything else goes home (no open redirect). */
export function safeNext(next: unknown): string {
  const path = localPath(next);
  if (!path || /^\/(login|api\/auth)(\/|\?|#|$)/i.test(path)) return "/";
  return path;
}

export function stateCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, secure: appUrl().startsWith("https://"), path: "/", maxAge: STATE_TTL_MS / 1000 };
}

export function beginLogin(secret: string, flow: Flow, next: string, now = Date.now()) {
  const state = newState();
  const cookie = seal(secret, "login-state", { state, flow, next: safeNext(next), exp: now + STATE_TTL_MS });
  return { state, cookie };
}

/** The URL we send the browser to: the vendor's page (or the simulator's, which speaks the same protocol). */
export function vendorAuthorizeUrl(flow: Flow, state: string, opts: { privateInfo?: boolean } = {}): string {
  const base = appUrl();
  if (flow === "wecom_oauth" || flow === "wecom_qr") {
    const c = wecomConfig();
    const redirectUri = `${base}/api/auth/wecom/callback`;
    if (flow === "wecom_oauth") {
      // wecom.md §2.1: the #wechat_redirect fragment is mandatory; agentid required with snsapi_privateinfo.
      const q = new URLSearchParams({
        appid: c.corpId,
        redirect_uri: redirectUri,
        response_type: "code",
        scope: opts.privateInfo ? "snsapi_privateinfo" : "snsapi_base",
        state,
        agentid: c.agentId,
      });
      return `${c.oauthAuthorizeUrl}?${q.toString()}#wechat_redirect`;
    }
    const q = new URLSearchParams({ login_type: "CorpApp", appid: c.corpId, agentid: c.agentId, redirect_uri: redirectUri, state });
    return `${c.ssoLoginUrl}?${q.toString()}`;
  }
  const d = dingtalkConfig();
  const q = new URLSearchParams({
    client_id: d.clientId,
    redirect_uri: `${base}/api/auth/dingtalk/callback`,
    state,
    response_type: "code",
    prompt: "consent",
    scope: "openid",
  });
  return `${d.loginBase}/oauth2/auth?${q.toString()}`;
}

/** Check the returned `state` against the sealed cookie (constant time). Tampered, missing or stale → refused. */
export function checkState(secret: string, cookie: string | undefined, flowProvider: "wecom" | "dingtalk", state: string | null): StatePayload {
  const p = unseal<StatePayload>(secret, "login-state", cookie);
  if (!p || !state || FLOW_PROVIDER[p.flow] !== flowProvider || !safeEqual(p.state, state)) {
    throw new LoginRefusal("state_mismatch", "state missing, stale or different from the one we issued");
  }
  return p;
}

function codeHash(provider: string, code: string): string {
  return createHash("sha256").update(`${provider}\n${code}`).digest("hex");
}

export type LoginOutcome =
  | { ok: true; ticket: string; reference: string; employeeId: number }
  | { ok: false; reason: RefusalReason; reference: string };

/** Claim the code (once), exchange it, resolve the ledger; every outcome is recorded under a reference id. */
export async function completeLogin(
  db: Db,
  secret: string,
  input: { flow: Flow; code: string; exchange: (code: string) => Promise<VendorUser> },
): Promise<LoginOutcome> {
  const provider = FLOW_PROVIDER[input.flow];
  const reference = newReference();
  const [claimed] = await db
    .insert(loginAttempts)
    .values({ reference, provider, flow: input.flow, codeHash: codeHash(provider, input.code) })
    .onConflictDoNothing({ target: loginAttempts.codeHash })
    .returning({ id: loginAttempts.id });
  if (!claimed) {
    await db.insert(loginAttempts).values({ reference, provider, flow: input.flow, outcome: "refused", reason: "code_reused" });
    return { ok: false, reason: "code_reused", reference };
  }
  const finish = (v: Partial<typeof loginAttempts.$inferInsert>) => db.update(loginAttempts).set(v).where(eq(loginAttempts.id, claimed.id));
  try {
    const user = await input.exchange(input.code);
    const r = await resolveVendorAccount(db, user);
    if (!r.ok) {
      await finish({ outcome: "refused", reason: r.reason, externalId: user.externalId, employeeId: r.employeeId ?? null, conflictId: r.conflictId });
      log.info({ reference, provider, reason: r.reason }, "sign-in refused");
      return { ok: false, reason: r.reason, reference };
    }
    await finish({ outcome: "signed_in", externalId: user.externalId, employeeId: r.employeeId });
    return { ok: true, ticket: makeLoginTicket(secret, { employeeId: r.employeeId, provider, reference }), reference, employeeId: r.employeeId };
  } catch (e) {
    if (e instanceof LoginRefusal) {
      await finish({ outcome: "refused", reason: e.reason });
      log.warn({ reference, provider, reason: e.reason, detail: e.detail }, "sign-in refused");
      return { ok: false, reason: e.reason, reference };
    }
    throw e;
  }
}

/** A refusal before a code could be claimed (e.g. tampered state): recorded too, so the reference means something. */
export async function recordRefusal(db: Db, flow: Flow, reason: RefusalReason): Promise<string> {
  const reference = newReference();
  await db.insert(loginAttempts).values({ reference, provider: FLOW_PROVIDER[flow], flow, outcome: "refused", reason });
  log.info({ reference, flow, reason }, "sign-in refused");
  return reference;
}

export function refusedUrl(reason: RefusalReason, reference: string): string {
  return `/login/refused?${new URLSearchParams({ reason, ref: reference }).toString()}`;
}
