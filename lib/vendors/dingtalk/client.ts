// DingTalk server API client (dingtalk.md §1–§3, §6.3, §6.4, §7, §8): one app token for oapi (query) and v1.0
// (header), cached in vendor_tokens and refreshed once on 40014/42001/40001 or 88+sub_code; 20 QPS per API;
// retries with backoff on 5xx/timeouts and on -1 (系统繁忙: "retry at most 3 times", global error table); typed
// errors. An oapi answer must carry a numeric errcode and a success its documented fields; a v1.0 success must
// match its documented shape. Anything else (the IP ban's {"status":1111}, HTML, an empty body) is "unexpected".
// The monthly quota (90020 / ApiCountLimitForOrg) blocks metered calls until the month turns (lib/vendors/quota.ts).
// Work notifications are sent once: asyncsend_v2 has no idempotency key, so a send without an answer is never
// repeated (kind "unknown_outcome"; the outbox records it as unknown).
import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { log } from "@/lib/observability/log";
import { dingtalkConfig, type DingtalkConfig } from "@/lib/vendors/config";
import { backoffDelay, defaultHttpPolicy, type HttpPolicy, VendorError, vendorRequest, vendorShape } from "@/lib/vendors/http";
import { blockQuota, dingtalkMetered, nextQuotaReset, quotaBlockedUntil } from "@/lib/vendors/quota";
import { dingtalkLimit, sharedLimiterFor } from "@/lib/vendors/rate-limit";
import { cachedToken, tokenKey } from "@/lib/vendors/token-cache";

const EXPIRED_CODES = new Set([40014, 42001, 40001]);
const EXPIRED_SUB = new Set(["40014", "42001"]);
const RATE_CODES = new Set([90018, 90002]);
const RATE_SUB = new Set(["90018", "90002"]);
const QUOTA = 90020;
const BUSY_RETRIES = 3;

/** Every oapi answer: HTTP 200 with a numeric errcode (0 = success; 88 carries a string sub_code). */
export const dingtalkEnvelope = z.looseObject({
  errcode: z.number().int(),
  errmsg: z.string().optional(),
  sub_code: z.union([z.string(), z.number()]).optional(),
  sub_msg: z.string().optional(),
});
/** v1.0 failures: HTTP 4xx/5xx with {code, message}. */
const v1Failure = z.looseObject({ code: z.string().min(1), message: z.string().optional() });

export const dingtalkUser = z.object({
  userid: z.string(),
  unionid: z.string().optional(),
  name: z.string(),
  mobile: z.string().optional(),
  email: z.string().optional(),
  org_email: z.string().optional(),
  title: z.string().optional(),
  job_number: z.string().optional(),
  dept_id_list: z.array(z.number()).default([]),
  leader_in_dept: z.array(z.object({ dept_id: z.number(), leader: z.boolean() })).optional(),
  leader: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type DingtalkUser = z.infer<typeof dingtalkUser>;

export const dingtalkDept = z.object({ dept_id: z.number(), name: z.string(), parent_id: z.number().optional() });
export type DingtalkDept = z.infer<typeof dingtalkDept>;

export const dingtalkDeptDetail = z.looseObject({
  dept_id: z.number(),
  name: z.string(),
  parent_id: z.number().optional(),
  order: z.number().optional(),
  dept_manager_userid_list: z.array(z.string()).optional(),
});
export type DingtalkDeptDetail = z.infer<typeof dingtalkDeptDetail>;

export interface DingtalkClientOptions {
  db: Db;
  config?: DingtalkConfig;
  http?: Partial<HttpPolicy>;
}

function classify(body: z.infer<typeof dingtalkEnvelope>): "ok" | "expired" | "rate" | "quota" | "busy" | "error" {
  const code = body.errcode;
  const sub = body.sub_code === undefined ? undefined : String(body.sub_code);
  if (code === 0) return "ok";
  if (EXPIRED_CODES.has(code) || (code === 88 && sub !== undefined && EXPIRED_SUB.has(sub))) return "expired";
  if (RATE_CODES.has(code) || (code === 88 && sub !== undefined && RATE_SUB.has(sub))) return "rate";
  if (code === QUOTA || (code === 88 && sub === String(QUOTA))) return "quota";
  if (code === -1) return "busy";
  return "error";
}

const listShape = <T extends z.ZodType>(item: T) => z.object({ result: z.array(item) });

export class DingtalkClient {
  readonly config: DingtalkConfig;
  private readonly db: Db;
  private readonly http: Partial<HttpPolicy>;

  constructor(opts: DingtalkClientOptions) {
    this.db = opts.db;
    this.config = opts.config ?? dingtalkConfig();
    this.http = opts.http ?? {};
  }

  async accessToken(rejected?: string): Promise<string> {
    return cachedToken(
      this.db,
      tokenKey("dingtalk", this.config.clientId, "access_token"),
      async () => {
        const api = "/gettoken";
        const body = vendorShape("dingtalk", api, dingtalkEnvelope, await this.rawOapi(api, { appkey: this.config.clientId, appsecret: this.config.clientSecret }));
        const code = body.errcode;
        if (code === 40089 || code === 40001 || code === 40002) throw new VendorError("dingtalk", api, "bad_secret", "credentials rejected", code);
        if (code !== 0) throw new VendorError("dingtalk", api, classify(body) === "rate" ? "rate_limited" : classify(body) === "busy" ? "busy" : "api", String(body.errmsg ?? ""), code);
        const ok = vendorShape("dingtalk", api, z.object({ access_token: z.string().min(1), expires_in: z.number().positive() }), body);
        return { value: ok.access_token, expiresInSeconds: ok.expires_in };
      },
      rejected,
    );
  }

  private limiter(api: string) {
    return sharedLimiterFor(this.db, `dingtalk:${this.config.clientId}:${api}`, dingtalkLimit(api));
  }

  private get quotaKey() {
    return `dingtalk:${this.config.clientId}`;
  }

  /** Metered APIs fail fast while the monthly quota is exhausted. */
  private async checkQuota(api: string): Promise<void> {
    if (!dingtalkMetered(api)) return;
    const until = await quotaBlockedUntil(this.db, this.quotaKey);
    if (until) throw new VendorError("dingtalk", api, "quota_exhausted", `monthly API quota exhausted until ${until.toISOString()}; not called`, QUOTA, undefined, until);
  }

  private async quotaExhausted(api: string, code: number | string): Promise<never> {
    const until = nextQuotaReset();
    await blockQuota(this.db, this.quotaKey, until);
    log.error({ vendor: "dingtalk", api, code, until: until.toISOString() }, "DingTalk monthly API quota exhausted");
    throw new VendorError("dingtalk", api, "quota_exhausted", `monthly API quota exhausted until ${until.toISOString()}`, code, undefined, until);
  }

  private async rawOapi(api: string, query: Record<string, string>, body?: unknown, policy: Partial<HttpPolicy> = {}): Promise<Record<string, unknown>> {
    const url = new URL(`${this.config.oapiBase}${api}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const init: RequestInit =
      body === undefined ? { method: "GET" } : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    return (await vendorRequest("dingtalk", api, url.toString(), init, { ...this.http, ...policy }, this.limiter(api))).body;
  }

  /** An oapi call with the app token; refresh once and retry once on the expiry codes; back off and retry on -1. */
  async oapi(api: string, body?: unknown, query: Record<string, string> = {}, policy: Partial<HttpPolicy> = {}): Promise<Record<string, unknown>> {
    await this.checkQuota(api);
    let token = await this.accessToken();
    let refreshed = false;
    for (let busy = 0; ; ) {
      const res = vendorShape("dingtalk", api, dingtalkEnvelope, await this.rawOapi(api, { ...query, access_token: token }, body, policy));
      const kind = classify(res);
      if (kind === "ok") return res;
      const code = res.errcode;
      if (kind === "busy" && busy < BUSY_RETRIES) {
        log.warn({ vendor: "dingtalk", api, attempt: busy }, "vendor busy (-1); backing off");
        await new Promise((r) => setTimeout(r, backoffDelay(busy++, { ...defaultHttpPolicy, ...this.http })));
        continue;
      }
      if (kind === "busy") throw new VendorError("dingtalk", api, "busy", "system busy after retries", code);
      if (kind === "expired" && !refreshed) {
        refreshed = true;
        log.info({ vendor: "dingtalk", api, errcode: code, sub_code: res.sub_code }, "token rejected; refreshing once");
        token = await this.accessToken(token);
        continue;
      }
      if (kind === "expired") throw new VendorError("dingtalk", api, "auth", "token rejected after refresh", code);
      if (kind === "rate") throw new VendorError("dingtalk", api, "rate_limited", "QPS limit", res.sub_code ? `${code}/${res.sub_code}` : code);
      if (kind === "quota") return this.quotaExhausted(api, code);
      throw new VendorError("dingtalk", api, "api", String(res.sub_msg ?? res.errmsg ?? "error"), code);
    }
  }

  /**
   * A v1.0 call (api.dingtalk.com) with a token in the header, its success checked against `shape`; non-2xx
   * answers must carry {code, message}.
   */
  async v1<S extends z.ZodType>(
    api: string,
    shape: S,
    opts: { method?: "GET" | "POST" | "PUT" | "DELETE"; body?: unknown; userToken?: string; query?: Record<string, string>; path?: string; policy?: Partial<HttpPolicy> } = {},
  ): Promise<z.infer<S>> {
    await this.checkQuota(api);
    const useApp = opts.userToken === undefined;
    let token = opts.userToken ?? (await this.accessToken());
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers["x-acs-dingtalk-access-token"] = token;
      const r = await vendorRequest(
        "dingtalk",
        api,
        // `api` names the endpoint (limits, quota, errors); `path` is the request path when it carries ids (todo tasks)
        `${this.config.apiBase}${opts.path ?? api}${opts.query ? `?${new URLSearchParams(opts.query)}` : ""}`,
        { method: opts.method ?? (opts.body === undefined ? "GET" : "POST"), headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) },
        { ...this.http, ...opts.policy },
        this.limiter(api),
      );
      if (r.status < 400) return vendorShape("dingtalk", api, shape, r.body);
      const code = vendorShape("dingtalk", api, v1Failure, r.body).code;
      if (code === "InvalidAuthentication" && useApp && attempt === 0) {
        token = await this.accessToken(token);
        continue;
      }
      if (code === "InvalidAuthentication" || code.startsWith("AuthenticationFailed")) throw new VendorError("dingtalk", api, "auth", code, code, r.status);
      if (code.includes("ApiCountLimit")) return this.quotaExhausted(api, code);
      if (code.includes("QpsLimit")) throw new VendorError("dingtalk", api, "rate_limited", code, code, r.status);
      throw new VendorError("dingtalk", api, "api", String(r.body.message ?? code), code, r.status);
    }
  }

  /** In-app authCode (requestAuthCode) → the member. 40078 = reused or expired code. */
  async userByAuthCode(code: string): Promise<{ userid: string; unionid?: string; name?: string }> {
    const r = await this.oapi("/topapi/v2/user/getuserinfo", { code });
    return vendorShape("dingtalk", "/topapi/v2/user/getuserinfo", z.object({ result: z.object({ userid: z.string(), unionid: z.string().optional(), name: z.string().optional() }) }), r).result;
  }

  /** PC OAuth: authCode → user access token. No app token involved. */
  async userAccessToken(authCode: string): Promise<{ accessToken: string; expireIn: number; corpId?: string }> {
    return this.v1("/v1.0/oauth2/userAccessToken", z.object({ accessToken: z.string().min(1), expireIn: z.number(), corpId: z.string().optional() }), {
      userToken: "",
      body: { clientId: this.config.clientId, clientSecret: this.config.clientSecret, code: authCode, grantType: "authorization_code" },
    });
  }

  /** contact/users/me with the user's token: unionId, nick (no userid). */
  async me(userAccessToken: string): Promise<{ unionId: string; nick: string; mobile?: string; email?: string }> {
    return this.v1("/v1.0/contact/users/me", z.object({ unionId: z.string().min(1), nick: z.string(), mobile: z.string().optional(), email: z.string().optional() }), {
      userToken: userAccessToken,
    });
  }

  /** unionid → userid for a member; null for a non-member (60121). */
  async userIdByUnionId(unionid: string): Promise<string | null> {
    try {
      const r = await this.oapi("/topapi/user/getbyunionid", { unionid });
      const res = vendorShape("dingtalk", "/topapi/user/getbyunionid", z.object({ result: z.object({ userid: z.string(), contact_type: z.number().optional() }) }), r).result;
      return res.contact_type === 1 ? null : res.userid;
    } catch (e) {
      if (e instanceof VendorError && e.code === 60121) return null;
      throw e;
    }
  }

  async getUser(userid: string): Promise<DingtalkUser> {
    return vendorShape("dingtalk", "/topapi/v2/user/get", z.object({ result: dingtalkUser }), await this.oapi("/topapi/v2/user/get", { userid, language: "zh_CN" })).result;
  }

  /** One level of sub-departments. */
  async listSubDepartments(deptId: number): Promise<DingtalkDept[]> {
    const api = "/topapi/v2/department/listsub";
    return vendorShape("dingtalk", api, listShape(dingtalkDept), await this.oapi(api, { dept_id: deptId, language: "zh_CN" })).result;
  }

  /** One department's details: name, order and leaders (dept_manager_userid_list). */
  async getDepartment(deptId: number): Promise<DingtalkDeptDetail> {
    const api = "/topapi/v2/department/get";
    return vendorShape("dingtalk", api, z.object({ result: dingtalkDeptDetail }), await this.oapi(api, { dept_id: deptId, language: "zh_CN" })).result;
  }

  /** One page of a department's direct members with details (size ≤ 100). */
  async listUsers(deptId: number, cursor: number, size = 100): Promise<{ hasMore: boolean; nextCursor: number | null; list: DingtalkUser[] }> {
    const api = "/topapi/v2/user/list";
    const r = vendorShape(
      "dingtalk",
      api,
      z.object({ result: z.object({ has_more: z.boolean(), next_cursor: z.number().optional(), list: z.array(dingtalkUser) }) }),
      await this.oapi(api, { dept_id: deptId, cursor, size, language: "zh_CN" }),
    ).result;
    return { hasMore: r.has_more, nextCursor: r.next_cursor ?? null, list: r.list };
  }

  /** Work notification (≤100 users per call), sent at most once: no retry after a timeout, 5xx or lost connection. */
  async sendWorkNotice(userIds: string[], msg: Record<string, unknown>): Promise<{ taskId: number }> {
    const api = "/topapi/message/corpconversation/asyncsend_v2";
    const r = await this.oapi(api, { agent_id: Number(this.config.agentId), userid_list: userIds.join(","), msg }, {}, { idempotent: false });
    return { taskId: vendorShape("dingtalk", api, z.object({ task_id: z.number() }), r).task_id };
  }

  async jsapiTicket(): Promise<string> {
    return cachedToken(this.db, tokenKey("dingtalk", this.config.clientId, "jsapi_ticket"), async () => {
      const r = vendorShape("dingtalk", "/get_jsapi_ticket", z.object({ ticket: z.string().min(1), expires_in: z.number().positive() }), await this.oapi("/get_jsapi_ticket"));
      return { value: r.ticket, expiresInSeconds: r.expires_in };
    });
  }
}

export function dingtalkClient(db: Db, opts: Omit<DingtalkClientOptions, "db"> = {}): DingtalkClient {
  return new DingtalkClient({ db, ...opts });
}
