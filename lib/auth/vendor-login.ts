// The vendor side of sign-in: code → vendor user → profile, per ../shared/vendors/{wecom,dingtalk}.md.
// Minimal calls of our own until lib/vendors/<vendor>/client.ts (shared token cache) is in place.
import "server-only";
import { z } from "zod";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { LoginRefusal } from "./refusal";

const TIMEOUT_MS = 8_000;

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS), cache: "no-store" });
  } catch {
    throw new LoginRefusal("vendor_unavailable", "vendor unreachable");
  }
  if (res.status >= 500) throw new LoginRefusal("vendor_unavailable", `vendor answered ${res.status}`);
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    throw new LoginRefusal("vendor_unavailable", "vendor answered non-JSON");
  }
  return { status: res.status, body };
}

const tokenCache = new Map<string, { token: string; expiresAt: number }>();

async function cachedToken(key: string, fetchToken: () => Promise<{ token: string; expiresIn: number }>, force = false) {
  const hit = tokenCache.get(key);
  if (!force && hit && hit.expiresAt > Date.now() + 60_000) return hit.token;
  const t = await fetchToken();
  tokenCache.set(key, { token: t.token, expiresAt: Date.now() + t.expiresIn * 1000 });
  return t.token;
}

const oapiEnvelope = z.looseObject({ errcode: z.coerce.number().default(0), errmsg: z.string().optional() });

// ---------------------------------------------------------------- WeCom

async function wecomToken(force = false): Promise<string> {
  const c = wecomConfig();
  return cachedToken(
    `wecom:${c.corpId}:${c.agentId}`,
    async () => {
      const u = new URL(`${c.apiBase}/cgi-bin/gettoken`);
      u.searchParams.set("corpid", c.corpId);
      u.searchParams.set("corpsecret", c.secret);
      const { body } = await getJson(u.toString());
      const r = z.looseObject({ errcode: z.coerce.number().default(0), access_token: z.string().optional(), expires_in: z.coerce.number().default(7200) }).parse(body);
      if (r.errcode !== 0 || !r.access_token) throw new LoginRefusal("vendor_unavailable", `wecom gettoken errcode ${r.errcode}`);
      return { token: r.access_token, expiresIn: r.expires_in };
    },
    force,
  );
}

/** Call a WeCom API; on 40014/42001 refresh the token once and retry once (wecom.md §1). */
async function wecomCall(path: string, params: Record<string, string>, init?: { method: "POST"; json: unknown }) {
  const c = wecomConfig();
  for (let attempt = 0; attempt < 2; attempt++) {
    const u = new URL(`${c.apiBase}${path}`);
    u.searchParams.set("access_token", await wecomToken(attempt > 0));
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    const { body } = await getJson(
      u.toString(),
      init ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(init.json) } : undefined,
    );
    const env = oapiEnvelope.parse(body);
    if ((env.errcode === 40014 || env.errcode === 42001) && attempt === 0) continue;
    return { errcode: env.errcode, body: body as Record<string, unknown> };
  }
  throw new LoginRefusal("vendor_unavailable", "wecom token refresh failed");
}

export interface VendorUser {
  provider: "wecom" | "dingtalk";
  corpId: string;
  externalId: string;
  unionId?: string;
  name?: string;
  employeeNo?: string;
  mobile?: string;
  email?: string;
}

/** code → userid via /cgi-bin/auth/getuserinfo (lowercase keys; a non-member gets openid only). */
export async function wecomUserFromCode(code: string): Promise<VendorUser> {
  const { errcode, body } = await wecomCall("/cgi-bin/auth/getuserinfo", { code });
  if (errcode === 40029) throw new LoginRefusal("code_invalid", "wecom 40029 invalid code");
  if (errcode !== 0) throw new LoginRefusal("vendor_unavailable", `wecom getuserinfo errcode ${errcode}`);
  const r = z.looseObject({ userid: z.string().optional(), UserId: z.string().optional(), user_ticket: z.string().optional(), openid: z.string().optional() }).parse(body);
  const userid = r.userid ?? r.UserId;
  if (!userid) throw new LoginRefusal("not_member", "wecom non-member (openid only)");
  const c = wecomConfig();
  const user: VendorUser = { provider: "wecom", corpId: c.corpId, externalId: userid };
  // Profile for first-seen matching. user/get may omit mobile/email for apps created after 2022; the
  // privateinfo ticket (getuserdetail) fills them when the app asked for snsapi_privateinfo (wecom.md §2.4).
  const got = await wecomCall("/cgi-bin/user/get", { userid });
  if (got.errcode === 0) {
    const p = z
      .looseObject({
        name: z.string().optional(),
        mobile: z.string().optional(),
        email: z.string().optional(),
        biz_mail: z.string().optional(),
        alias: z.string().optional(),
        extattr: z.looseObject({ attrs: z.array(z.looseObject({ name: z.string().optional(), text: z.looseObject({ value: z.string().optional() }).optional(), value: z.string().optional() })).optional() }).optional(),
      })
      .parse(got.body);
    user.name = p.name;
    user.mobile = p.mobile || undefined;
    user.email = p.email || p.biz_mail || undefined;
    const no = p.extattr?.attrs?.find((a) => a.name === "工号" || a.name === "employee_no");
    user.employeeNo = no?.text?.value ?? no?.value ?? undefined;
  }
  if (r.user_ticket) {
    const d = await wecomCall("/cgi-bin/auth/getuserdetail", {}, { method: "POST", json: { user_ticket: r.user_ticket } });
    if (d.errcode === 0) {
      const p = z.looseObject({ mobile: z.string().optional(), email: z.string().optional(), biz_mail: z.string().optional() }).parse(d.body);
      user.mobile = p.mobile || user.mobile;
      user.email = p.email || p.biz_mail || user.email;
    }
  }
  return user;
}

// ---------------------------------------------------------------- DingTalk

async function dingtalkToken(force = false): Promise<string> {
  const c = dingtalkConfig();
  return cachedToken(
    `dingtalk:${c.clientId}`,
    async () => {
      const u = new URL(`${c.oapiBase}/gettoken`);
      u.searchParams.set("appkey", c.clientId);
      u.searchParams.set("appsecret", c.clientSecret);
      const { body } = await getJson(u.toString());
      const r = z.looseObject({ errcode: z.coerce.number().default(0), access_token: z.string().optional(), expires_in: z.coerce.number().default(7200) }).parse(body);
      if (r.errcode !== 0 || !r.access_token) throw new LoginRefusal("vendor_unavailable", `dingtalk gettoken errcode ${r.errcode}`);
      return { token: r.access_token, expiresIn: r.expires_in };
    },
    force,
  );
}

function dingtalkNeedsRefresh(body: unknown): boolean {
  const r = z.looseObject({ errcode: z.coerce.number().optional(), sub_code: z.coerce.string().optional() }).safeParse(body);
  if (!r.success) return false;
  const { errcode, sub_code } = r.data;
  return errcode === 40014 || errcode === 42001 || errcode === 40001 || (errcode === 88 && (sub_code === "40014" || sub_code === "42001"));
}

async function dingtalkOapi(path: string, json: unknown) {
  const c = dingtalkConfig();
  for (let attempt = 0; attempt < 2; attempt++) {
    const u = new URL(`${c.oapiBase}${path}`);
    u.searchParams.set("access_token", await dingtalkToken(attempt > 0));
    const { body } = await getJson(u.toString(), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(json) });
    if (dingtalkNeedsRefresh(body) && attempt === 0) continue;
    return { errcode: oapiEnvelope.parse(body).errcode, body: body as Record<string, unknown> };
  }
  throw new LoginRefusal("vendor_unavailable", "dingtalk token refresh failed");
}

async function dingtalkProfile(user: VendorUser): Promise<VendorUser> {
  const got = await dingtalkOapi("/topapi/v2/user/get", { userid: user.externalId, language: "zh_CN" });
  if (got.errcode !== 0) return user;
  const r = z
    .looseObject({
      result: z.looseObject({
        name: z.string().optional(),
        unionid: z.string().optional(),
        job_number: z.string().optional(),
        mobile: z.string().optional(),
        email: z.string().optional(),
        org_email: z.string().optional(),
      }),
    })
    .safeParse(got.body);
  if (!r.success) return user;
  const p = r.data.result;
  return {
    ...user,
    name: p.name ?? user.name,
    unionId: p.unionid || user.unionId,
    employeeNo: p.job_number || undefined,
    mobile: p.mobile || undefined,
    email: p.email || p.org_email || undefined,
  };
}

/** In-app authCode → /topapi/v2/user/getuserinfo (dingtalk.md §2); 40078 = reused or expired code. */
export async function dingtalkUserFromInappCode(code: string): Promise<VendorUser> {
  const { errcode, body } = await dingtalkOapi("/topapi/v2/user/getuserinfo", { code });
  if (errcode === 40078) throw new LoginRefusal("code_invalid", "dingtalk 40078");
  if (errcode !== 0) throw new LoginRefusal("vendor_unavailable", `dingtalk getuserinfo errcode ${errcode}`);
  const r = z.looseObject({ result: z.looseObject({ userid: z.string(), unionid: z.string().optional(), name: z.string().optional() }) }).safeParse(body);
  if (!r.success) throw new LoginRefusal("vendor_unavailable", "dingtalk getuserinfo: unexpected shape");
  return dingtalkProfile({ provider: "dingtalk", corpId: dingtalkConfig().corpId, externalId: r.data.result.userid, unionId: r.data.result.unionid, name: r.data.result.name });
}

/** PC OAuth: authCode → userAccessToken → contact/users/me → unionId → getbyunionid (dingtalk.md §3). */
export async function dingtalkUserFromOAuthCode(authCode: string): Promise<VendorUser> {
  const c = dingtalkConfig();
  const tok = await getJson(`${c.apiBase}/v1.0/oauth2/userAccessToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ clientId: c.clientId, clientSecret: c.clientSecret, code: authCode, grantType: "authorization_code" }),
  });
  const t = z.looseObject({ accessToken: z.string().optional(), code: z.string().optional() }).parse(tok.body);
  if (tok.status >= 400 || !t.accessToken) throw new LoginRefusal("code_invalid", `dingtalk userAccessToken ${tok.status} ${t.code ?? ""}`);
  const me = await getJson(`${c.apiBase}/v1.0/contact/users/me`, { headers: { "x-acs-dingtalk-access-token": t.accessToken } });
  const m = z.looseObject({ unionId: z.string().optional(), nick: z.string().optional(), mobile: z.string().optional(), email: z.string().optional() }).parse(me.body);
  if (me.status >= 400 || !m.unionId) throw new LoginRefusal("vendor_unavailable", `dingtalk users/me ${me.status}`);
  const by = await dingtalkOapi("/topapi/user/getbyunionid", { unionid: m.unionId });
  if (by.errcode === 60121) throw new LoginRefusal("not_member", "dingtalk 60121: not in this organisation");
  if (by.errcode !== 0) throw new LoginRefusal("vendor_unavailable", `dingtalk getbyunionid errcode ${by.errcode}`);
  const r = z.looseObject({ result: z.looseObject({ userid: z.string(), contact_type: z.coerce.number().optional() }) }).safeParse(by.body);
  if (!r.success) throw new LoginRefusal("vendor_unavailable", "dingtalk getbyunionid: unexpected shape");
  if (r.data.result.contact_type === 1) throw new LoginRefusal("not_member", "dingtalk external contact");
  const user = await dingtalkProfile({ provider: "dingtalk", corpId: c.corpId, externalId: r.data.result.userid, unionId: m.unionId, name: m.nick });
  return { ...user, mobile: user.mobile ?? (m.mobile || undefined), email: user.email ?? (m.email || undefined) };
}
