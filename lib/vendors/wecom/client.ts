// WeCom server API client (wecom.md §1, §2.3, §5.3, §5.4, §6): token cached in vendor_tokens (refreshed once on
// 40014/42001, never retried on 40001), per-API rate limiting, retries with backoff on 5xx/timeouts, typed errors.
import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { log } from "@/lib/observability/log";
import { wecomConfig, type WecomConfig } from "@/lib/vendors/config";
import { type HttpPolicy, VendorError, vendorRequest } from "@/lib/vendors/http";
import { limiterFor, wecomLimit } from "@/lib/vendors/rate-limit";
import { cachedToken, tokenKey } from "@/lib/vendors/token-cache";

const EXPIRED = new Set([40014, 42001]);
const RATE_LIMITED = new Set([45009, 45033]);

export const wecomDepartment = z.object({
  id: z.number(),
  name: z.string(),
  name_en: z.string().optional(),
  parentid: z.number(),
  order: z.number().optional(),
  department_leader: z.array(z.string()).optional(),
});
export type WecomDepartment = z.infer<typeof wecomDepartment>;

export const wecomUser = z.object({
  userid: z.string(),
  name: z.string(),
  department: z.array(z.number()).default([]),
  main_department: z.number().optional(),
  position: z.string().optional(),
  mobile: z.string().optional(),
  email: z.string().optional(),
  biz_mail: z.string().optional(),
  is_leader_in_dept: z.array(z.number()).optional(),
  status: z.number().optional(),
  extattr: z
    .object({ attrs: z.array(z.object({ type: z.number().optional(), name: z.string(), value: z.string().optional(), text: z.object({ value: z.string() }).optional() })).default([]) })
    .optional(),
});
export type WecomUser = z.infer<typeof wecomUser>;

export interface WecomClientOptions {
  db: Db;
  config?: WecomConfig;
  http?: Partial<HttpPolicy>;
}

export class WecomClient {
  readonly config: WecomConfig;
  private readonly db: Db;
  private readonly http: Partial<HttpPolicy>;

  constructor(opts: WecomClientOptions) {
    this.db = opts.db;
    this.config = opts.config ?? wecomConfig();
    this.http = opts.http ?? {};
  }

  private get tokenKey() {
    return tokenKey("wecom", this.config.corpId, this.config.agentId, "access_token");
  }

  /** The app access token (shared cache; `rejected` forces a single refresh past a value the vendor refused). */
  async accessToken(rejected?: string): Promise<string> {
    return cachedToken(
      this.db,
      this.tokenKey,
      async () => {
        const body = await this.raw("/cgi-bin/gettoken", { corpid: this.config.corpId, corpsecret: this.config.secret });
        const code = Number(body.errcode ?? 0);
        if (code === 40001 || code === 40013) throw new VendorError("wecom", "/cgi-bin/gettoken", "bad_secret", "credentials rejected", code);
        if (code !== 0) throw new VendorError("wecom", "/cgi-bin/gettoken", RATE_LIMITED.has(code) ? "rate_limited" : "api", String(body.errmsg ?? ""), code);
        return { value: String(body.access_token), expiresInSeconds: Number(body.expires_in ?? 7200) };
      },
      rejected,
    );
  }

  private async raw(api: string, query: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
    const url = new URL(`${this.config.apiBase}${api}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const init: RequestInit =
      body === undefined ? { method: "GET" } : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    const r = await vendorRequest("wecom", api, url.toString(), init, this.http, limiterFor(`wecom:${this.config.corpId}:${api}`, wecomLimit(api)));
    return r.body;
  }

  /** Call an API with the token; refresh once and retry once on the expiry codes. */
  async call(api: string, query: Record<string, string> = {}, body?: unknown): Promise<Record<string, unknown>> {
    let token = await this.accessToken();
    for (let attempt = 0; ; attempt++) {
      const res = await this.raw(api, { ...query, access_token: token }, body);
      const code = Number(res.errcode ?? 0);
      if (code === 0) return res;
      if (EXPIRED.has(code) && attempt === 0) {
        log.info({ vendor: "wecom", api, errcode: code }, "token rejected; refreshing once");
        token = await this.accessToken(token);
        continue;
      }
      if (EXPIRED.has(code) || code === 41001) throw new VendorError("wecom", api, "auth", "token rejected after refresh", code);
      if (RATE_LIMITED.has(code)) throw new VendorError("wecom", api, "rate_limited", "api freq out of limit", code);
      throw new VendorError("wecom", api, "api", String(res.errmsg ?? "error").split(",")[0], code);
    }
  }

  /** OAuth / SSO code → member userid (or null for a non-member: openid only). Codes are single use. */
  async userIdByCode(code: string): Promise<{ userid: string | null; openid?: string }> {
    const r = await this.call("/cgi-bin/auth/getuserinfo", { code });
    const userid = (r.userid ?? r.UserId) as string | undefined; // tolerate the legacy casing (wecom.md §2.3)
    return userid ? { userid } : { userid: null, openid: r.openid as string | undefined };
  }

  async getUser(userid: string): Promise<WecomUser> {
    return wecomUser.parse(await this.call("/cgi-bin/user/get", { userid }));
  }

  /** Every department from the root (recursive), with leaders. */
  async listDepartments(id?: number): Promise<WecomDepartment[]> {
    const r = await this.call("/cgi-bin/department/list", id === undefined ? {} : { id: String(id) });
    return z.array(wecomDepartment).parse(r.department ?? []);
  }

  /** Direct members of a department, with details. */
  async listUsers(departmentId: number): Promise<WecomUser[]> {
    const r = await this.call("/cgi-bin/user/list", { department_id: String(departmentId) });
    return z.array(wecomUser).parse(r.userlist ?? []);
  }

  /** user/list_id: one page of (userid, department) pairs; needs the 通讯录同步 secret on real WeCom. */
  async listUserIds(cursor: string, limit = 10_000): Promise<{ nextCursor: string; deptUser: { userid: string; department: number }[] }> {
    const r = await this.call("/cgi-bin/user/list_id", {}, { cursor, limit });
    return { nextCursor: String(r.next_cursor ?? ""), deptUser: z.array(z.object({ userid: z.string(), department: z.number() })).parse(r.dept_user ?? []) };
  }

  /** App message (textcard etc.). Returns the vendor's msgid and the recipients it refused. */
  async sendMessage(message: { touser: string[]; msgtype: string; [k: string]: unknown }): Promise<{ msgid: string; invalidUsers: string[] }> {
    const { touser, ...rest } = message;
    const r = await this.call("/cgi-bin/message/send", {}, { ...rest, touser: touser.join("|"), agentid: Number(this.config.agentId) });
    return { msgid: String(r.msgid ?? ""), invalidUsers: String(r.invaliduser ?? "").split("|").filter(Boolean) };
  }

  /** Corp jsapi_ticket (wx.config), cached like tokens. */
  async jsapiTicket(): Promise<string> {
    return cachedToken(this.db, tokenKey("wecom", this.config.corpId, "jsapi_ticket"), async () => {
      const r = await this.call("/cgi-bin/get_jsapi_ticket");
      return { value: String(r.ticket), expiresInSeconds: Number(r.expires_in ?? 7200) };
    });
  }

  /** App ticket (wx.agentConfig), cached like tokens. */
  async agentTicket(): Promise<string> {
    return cachedToken(this.db, tokenKey("wecom", this.config.corpId, this.config.agentId, "agent_ticket"), async () => {
      const r = await this.call("/cgi-bin/ticket/get", { type: "agent_config" });
      return { value: String(r.ticket), expiresInSeconds: Number(r.expires_in ?? 7200) };
    });
  }
}

export function wecomClient(db: Db, opts: Omit<WecomClientOptions, "db"> = {}): WecomClient {
  return new WecomClient({ db, ...opts });
}
