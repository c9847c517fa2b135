// WeCom server API client (wecom.md §1, §2.3, §5.3, §5.4, §6): token cached in vendor_tokens (refreshed once on
// 40014/42001, never retried on 40001), per-API rate limiting shared by every instance, retries with backoff on
// 5xx/timeouts and on -1 (system busy, "retry ≤3", wecom.md §7), typed errors. Every answer must carry a numeric
// errcode, and a success its documented fields; anything else is an "unexpected" error, never an empty result.
import "server-only";
import { z } from "zod";
import type { Db } from "@/db/client";
import { log } from "@/lib/observability/log";
import { wecomConfig, type WecomConfig } from "@/lib/vendors/config";
import { backoffDelay, defaultHttpPolicy, type HttpPolicy, VendorError, vendorRequest, vendorShape } from "@/lib/vendors/http";
import { sharedLimiterFor, wecomLimit } from "@/lib/vendors/rate-limit";
import { cachedToken, tokenKey } from "@/lib/vendors/token-cache";

const EXPIRED = new Set([40014, 42001]);
const RATE_LIMITED = new Set([45009, 45033]);
const BUSY = -1;
const BUSY_RETRIES = 3;

/** Every WeCom answer: HTTP 200 with a numeric errcode (0 = success). */
export const wecomEnvelope = z.looseObject({ errcode: z.number().int(), errmsg: z.string().optional() });

/**
 * Duplicate check for app messages: WeCom drops a repeat of the same request JSON within the interval
 * (发送应用消息 path/90236: enable_duplicate_check, duplicate_check_interval, default 1800 s, at most 4 h), so
 * resending the very same body after a timeout cannot reach anyone twice.
 */
export const DUPLICATE_CHECK_INTERVAL_S = 4 * 3600;

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

const ticketShape = z.object({ ticket: z.string().min(1), expires_in: z.number().positive() });

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
        const api = "/cgi-bin/gettoken";
        const body = vendorShape("wecom", api, wecomEnvelope, await this.raw(api, { corpid: this.config.corpId, corpsecret: this.config.secret }));
        const code = body.errcode;
        if (code === 40001 || code === 40013) throw new VendorError("wecom", api, "bad_secret", "credentials rejected", code);
        if (code !== 0) throw new VendorError("wecom", api, RATE_LIMITED.has(code) ? "rate_limited" : code === BUSY ? "busy" : "api", String(body.errmsg ?? ""), code);
        const ok = vendorShape("wecom", api, z.object({ access_token: z.string().min(1), expires_in: z.number().positive() }), body);
        return { value: ok.access_token, expiresInSeconds: ok.expires_in };
      },
      rejected,
    );
  }

  private async raw(api: string, query: Record<string, string>, body?: unknown): Promise<Record<string, unknown>> {
    const url = new URL(`${this.config.apiBase}${api}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    // a string body is sent as is: a retried message must be the byte-identical JSON for the duplicate check
    const init: RequestInit =
      body === undefined
        ? { method: "GET" }
        : { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) };
    const r = await vendorRequest("wecom", api, url.toString(), init, this.http, sharedLimiterFor(this.db, `wecom:${this.config.corpId}:${api}`, wecomLimit(api)));
    return r.body;
  }

  /** Call an API with the token; refresh once and retry once on the expiry codes; back off and retry on -1. */
  async call(api: string, query: Record<string, string> = {}, body?: unknown): Promise<Record<string, unknown>> {
    let token = await this.accessToken();
    let refreshed = false;
    for (let busy = 0; ; ) {
      const res = vendorShape("wecom", api, wecomEnvelope, await this.raw(api, { ...query, access_token: token }, body));
      const code = res.errcode;
      if (code === 0) return res;
      if (code === BUSY && busy < BUSY_RETRIES) {
        log.warn({ vendor: "wecom", api, attempt: busy }, "vendor busy (-1); backing off");
        await new Promise((r) => setTimeout(r, backoffDelay(busy++, { ...defaultHttpPolicy, ...this.http })));
        continue;
      }
      if (code === BUSY) throw new VendorError("wecom", api, "busy", "system busy after retries", code);
      if (EXPIRED.has(code) && !refreshed) {
        refreshed = true;
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
    const api = "/cgi-bin/auth/getuserinfo";
    const r = vendorShape("wecom", api, z.looseObject({ userid: z.string().optional(), UserId: z.string().optional(), openid: z.string().optional() }), await this.call(api, { code }));
    const userid = r.userid ?? r.UserId; // tolerate the legacy casing (wecom.md §2.3)
    if (!userid && !r.openid) throw new VendorError("wecom", api, "unexpected", "answer has neither userid nor openid");
    return userid ? { userid } : { userid: null, openid: r.openid };
  }

  async getUser(userid: string): Promise<WecomUser> {
    return vendorShape("wecom", "/cgi-bin/user/get", wecomUser, await this.call("/cgi-bin/user/get", { userid }));
  }

  /** Every department from the root (recursive), with leaders. */
  async listDepartments(id?: number): Promise<WecomDepartment[]> {
    const r = await this.call("/cgi-bin/department/list", id === undefined ? {} : { id: String(id) });
    return vendorShape("wecom", "/cgi-bin/department/list", z.object({ department: z.array(wecomDepartment) }), r).department;
  }

  /** Direct members of a department, with details. */
  async listUsers(departmentId: number): Promise<WecomUser[]> {
    const r = await this.call("/cgi-bin/user/list", { department_id: String(departmentId) });
    return vendorShape("wecom", "/cgi-bin/user/list", z.object({ userlist: z.array(wecomUser) }), r).userlist;
  }

  /**
   * App message (textcard etc.) with WeCom's duplicate check on: the retries after a timeout resend the same
   * JSON, which WeCom drops as a duplicate if the first one arrived. Returns the msgid and refused recipients.
   */
  async sendMessage(message: { touser: string[]; msgtype: string; [k: string]: unknown }): Promise<{ msgid: string; invalidUsers: string[] }> {
    const { touser, ...rest } = message;
    const body = JSON.stringify({
      ...rest,
      touser: touser.join("|"),
      agentid: Number(this.config.agentId),
      enable_duplicate_check: 1,
      duplicate_check_interval: DUPLICATE_CHECK_INTERVAL_S,
    });
    const api = "/cgi-bin/message/send";
    const r = vendorShape("wecom", api, z.looseObject({ msgid: z.string().optional(), invaliduser: z.string().optional() }), await this.call(api, {}, body));
    return { msgid: r.msgid ?? "", invalidUsers: (r.invaliduser ?? "").split("|").filter(Boolean) };
  }

  /** Corp jsapi_ticket (wx.config), cached like tokens. */
  async jsapiTicket(): Promise<string> {
    return cachedToken(this.db, tokenKey("wecom", this.config.corpId, "jsapi_ticket"), async () => {
      const r = vendorShape("wecom", "/cgi-bin/get_jsapi_ticket", ticketShape, await this.call("/cgi-bin/get_jsapi_ticket"));
      return { value: r.ticket, expiresInSeconds: r.expires_in };
    });
  }

  /** App ticket (wx.agentConfig), cached like tokens. */
  async agentTicket(): Promise<string> {
    return cachedToken(this.db, tokenKey("wecom", this.config.corpId, this.config.agentId, "agent_ticket"), async () => {
      const r = vendorShape("wecom", "/cgi-bin/ticket/get", ticketShape, await this.call("/cgi-bin/ticket/get", { type: "agent_config" }));
      return { value: r.ticket, expiresInSeconds: r.expires_in };
    });
  }
}

export function wecomClient(db: Db, opts: Omit<WecomClientOptions, "db"> = {}): WecomClient {
  return new WecomClient({ db, ...opts });
}
