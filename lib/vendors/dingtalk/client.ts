// DingTalk server API client (dingtalk.md §1–§3, §6.3, §6.4, §7, §8): one app token for oapi (query) and v1.0
// (header), cached in vendor_tokens and refreshed once on 40014/42001/40001 or 88+sub_code; 20 QPS per API;
// retries with backoff on 5xx/timeouts; typed errors.
import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { log } from "@/lib/observability/log";
import { dingtalkConfig, type DingtalkConfig } from "@/lib/vendors/config";
import { type HttpPolicy, VendorError, vendorRequest } from "@/lib/vendors/http";
import { dingtalkLimit, limiterFor } from "@/lib/vendors/rate-limit";
import { cachedToken, tokenKey } from "@/lib/vendors/token-cache";

const EXPIRED_CODES = new Set([40014, 42001, 40001]);
const EXPIRED_SUB = new Set(["40014", "42001"]);
const RATE_CODES = new Set([90018, 90002, 90020]);
const RATE_SUB = new Set(["90018", "90002", "90020"]);

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

export interface DingtalkClientOptions {
  db: Db;
  config?: DingtalkConfig;
  http?: Partial<HttpPolicy>;
}

function classify(body: Record<string, unknown>): "ok" | "expired" | "rate" | "error" {
  const code = Number(body.errcode ?? 0);
  const sub = body.sub_code === undefined ? undefined : String(body.sub_code);
  if (code === 0) return "ok";
  if (EXPIRED_CODES.has(code) || (code === 88 && sub !== undefined && EXPIRED_SUB.has(sub))) return "expired";
  if (RATE_CODES.has(code) || (code === 88 && sub !== undefined && RATE_SUB.has(sub))) return "rate";
  return "error";
}

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
        const body = await this.rawOapi("/gettoken", { appkey: this.config.clientId, appsecret: this.config.clientSecret });
        const code = Number(body.errcode ?? 0);
        if (code === 40089 || code === 40001 || code === 40002) throw new VendorError("dingtalk", "/gettoken", "bad_secret", "credentials rejected", code);
        if (code !== 0) throw new VendorError("dingtalk", "/gettoken", classify(body) === "rate" ? "rate_limited" : "api", String(body.errmsg ?? ""), code);
        return { value: String(body.access_token), expiresInSeconds: Number(body.expires_in ?? 7200) };
      },
      rejected,
    );
  }

  private async rawOapi(api: string, query: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
    const url = new URL(`${this.config.oapiBase}${api}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const init: RequestInit =
      body === undefined ? { method: "GET" } : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    return (await vendorRequest("dingtalk", api, url.toString(), init, this.http, limiterFor(`dingtalk:${this.config.clientId}:${api}`, dingtalkLimit(api)))).body;
  }

  /** An oapi call with the app token; refresh once and retry once on the expiry codes. */
  async oapi(api: string, body?: unknown, query: Record<string, string> = {}): Promise<Record<string, unknown>> {
    let token = await this.accessToken();
    for (let attempt = 0; ; attempt++) {
      const res = await this.rawOapi(api, { ...query, access_token: token }, body);
      const kind = classify(res);
      if (kind === "ok") return res;
      const code = Number(res.errcode);
      if (kind === "expired" && attempt === 0) {
        log.info({ vendor: "dingtalk", api, errcode: code, sub_code: res.sub_code }, "token rejected; refreshing once");
        token = await this.accessToken(token);
        continue;
      }
      if (kind === "expired") throw new VendorError("dingtalk", api, "auth", "token rejected after refresh", code);
      if (kind === "rate") throw new VendorError("dingtalk", api, "rate_limited", "QPS limit", res.sub_code ? `${code}/${res.sub_code}` : code);
      throw new VendorError("dingtalk", api, "api", String(res.sub_msg ?? res.errmsg ?? "error"), code);
    }
  }

  /** A v1.0 call (api.dingtalk.com) with a token in the header; non-2xx answers carry {code, message}. */
  async v1(api: string, opts: { method?: "GET" | "POST"; body?: unknown; userToken?: string } = {}): Promise<Record<string, unknown>> {
    const useApp = opts.userToken === undefined;
    let token = opts.userToken ?? (await this.accessToken());
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token) headers["x-acs-dingtalk-access-token"] = token;
      const r = await vendorRequest(
        "dingtalk",
        api,
        `${this.config.apiBase}${api}`,
        { method: opts.method ?? (opts.body === undefined ? "GET" : "POST"), headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) },
        this.http,
        limiterFor(`dingtalk:${this.config.clientId}:${api}`, dingtalkLimit(api)),
      );
      if (r.status < 400) return r.body;
      const code = String(r.body.code ?? `HTTP${r.status}`);
      if (code === "InvalidAuthentication" && useApp && attempt === 0) {
        token = await this.accessToken(token);
        continue;
      }
      if (code === "InvalidAuthentication" || code.startsWith("AuthenticationFailed")) throw new VendorError("dingtalk", api, "auth", code, code, r.status);
      if (code.includes("QpsLimit") || code.includes("ApiCountLimit")) throw new VendorError("dingtalk", api, "rate_limited", code, code, r.status);
      throw new VendorError("dingtalk", api, "api", String(r.body.message ?? code), code, r.status);
    }
  }

  /** In-app authCode (requestAuthCode) → the member. 40078 = reused or expired code. */
  async userByAuthCode(code: string): Promise<{ userid: string; unionid?: string; name?: string }> {
    const r = await this.oapi("/topapi/v2/user/getuserinfo", { code });
    return z.object({ userid: z.string(), unionid: z.string().optional(), name: z.string().optional() }).parse(r.result);
  }

  /** PC OAuth: authCode → user access token. No app token involved. */
  async userAccessToken(authCode: string): Promise<{ accessToken: string; expireIn: number; corpId?: string }> {
    const r = await this.v1("/v1.0/oauth2/userAccessToken", {
      userToken: "",
      body: { clientId: this.config.clientId, clientSecret: this.config.clientSecret, code: authCode, grantType: "authorization_code" },
    });
    return z.object({ accessToken: z.string(), expireIn: z.number(), corpId: z.string().optional() }).parse(r);
  }

  /** contact/users/me with the user's token: unionId, nick (no userid). */
  async me(userAccessToken: string): Promise<{ unionId: string; nick: string; mobile?: string; email?: string }> {
    const r = await this.v1("/v1.0/contact/users/me", { userToken: userAccessToken });
    return z.object({ unionId: z.string(), nick: z.string(), mobile: z.string().optional(), email: z.string().optional() }).parse(r);
  }

  /** unionid → userid for a member; null for a non-member (60121). */
  async userIdByUnionId(unionid: string): Promise<string | null> {
    try {
      const r = await this.oapi("/topapi/user/getbyunionid", { unionid });
      const res = z.object({ userid: z.string(), contact_type: z.number().optional() }).parse(r.result);
      return res.contact_type === 1 ? null : res.userid;
    } catch (e) {
      if (e instanceof VendorError && e.code === 60121) return null;
      throw e;
    }
  }

  async getUser(userid: string): Promise<DingtalkUser> {
    return dingtalkUser.parse((await this.oapi("/topapi/v2/user/get", { userid, language: "zh_CN" })).result);
  }

  /** One level of sub-departments. */
  async listSubDepartments(deptId: number): Promise<DingtalkDept[]> {
    return z.array(dingtalkDept).parse((await this.oapi("/topapi/v2/department/listsub", { dept_id: deptId, language: "zh_CN" })).result ?? []);
  }

  /** One page of a department's direct members with details (size ≤ 100). */
  async listUsers(deptId: number, cursor: number, size = 100): Promise<{ hasMore: boolean; nextCursor: number | null; list: DingtalkUser[] }> {
    const r = (await this.oapi("/topapi/v2/user/list", { dept_id: deptId, cursor, size, language: "zh_CN" })).result as Record<string, unknown>;
    return {
      hasMore: Boolean(r?.has_more),
      nextCursor: r?.next_cursor === undefined ? null : Number(r.next_cursor),
      list: z.array(dingtalkUser).parse(r?.list ?? []),
    };
  }

  /** Work notification (≤100 users per call). */
  async sendWorkNotice(userIds: string[], msg: Record<string, unknown>): Promise<{ taskId: number }> {
    const r = await this.oapi("/topapi/message/corpconversation/asyncsend_v2", { agent_id: Number(this.config.agentId), userid_list: userIds.join(","), msg });
    return { taskId: Number(r.task_id) };
  }

  async jsapiTicket(): Promise<string> {
    return cachedToken(this.db, tokenKey("dingtalk", this.config.clientId, "jsapi_ticket"), async () => {
      const r = await this.oapi("/get_jsapi_ticket");
      return { value: String(r.ticket), expiresInSeconds: Number(r.expires_in ?? 7200) };
    });
  }
}

export function dingtalkClient(db: Db, opts: Omit<DingtalkClientOptions, "db"> = {}): DingtalkClient {
  return new DingtalkClient({ db, ...opts });
}
