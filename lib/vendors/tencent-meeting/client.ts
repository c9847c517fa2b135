// Tencent Meeting REST client: the participants list of a meeting (tm 42701), for reconciliation.
// Request authentication (tm 58768, https://cloud.tencent.com/document/product/1095/58768, same scheme as the JWT
// page https://cloud.tencent.com/document/api/1095/42413): headers X-TC-Key (SecretId),
// X-TC-Timestamp (seconds), X-TC-Nonce (random positive integer), AppId, SdkId, X-TC-Registered, and
//   X-TC-Signature = base64( hex( HMAC-SHA256(SecretKey,
//     `${method}\nX-TC-Key=${secretId}&X-TC-Nonce=${nonce}&X-TC-Timestamp=${timestamp}\n${uri}\n${body}`) ) )
// where uri is the path with its query string and body is "" for GET. The webhook headers (timestamp/nonce/
// signature) are a different scheme (tencent-meeting.md §1.1).
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { z } from "zod";

export interface TencentMeetingRestConfig {
  baseUrl: string; // https://api.meeting.qq.com, or the simulator
  appId: string;
  sdkId?: string;
  secretId: string;
  secretKey: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Rate-limit answers one request may wait out (default 3). */
  maxRateLimitRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

// Rate limits (接口频控说明, https://cloud.tencent.com/document/product/1095/105276): a self-built app may call
// 300 times/minute and 200,000 times/day; over the limit the body's error_info.error_code is 190310 (per-minute
// total), 190313 (per-minute for one API) or 190311 (per day). The doc gives no HTTP status or Retry-After, so a
// minute-level code or an HTTP 429 waits (Retry-After when sent, else 2 s, 4 s, 8 s) and retries; the daily code
// fails the run at once — waiting minutes inside a reconcile run would not help.
const MINUTE_LIMIT_CODES = new Set([190310, 190313]);
const DAILY_LIMIT_CODE = 190311;

export function tencentRestStringToSign(method: string, secretId: string, nonce: string, timestamp: string, uri: string, body: string): string {
  return `${method.toUpperCase()}\nX-TC-Key=${secretId}&X-TC-Nonce=${nonce}&X-TC-Timestamp=${timestamp}\n${uri}\n${body}`;
}

export function tencentRestSignature(secretKey: string, stringToSign: string): string {
  const hex = createHmac("sha256", secretKey).update(stringToSign).digest("hex");
  return Buffer.from(hex, "utf8").toString("base64");
}

/** Every header of a signed REST call (pure: the caller supplies timestamp and nonce; tests use fixed ones). */
export function tencentRestHeaders(
  cfg: Pick<TencentMeetingRestConfig, "appId" | "sdkId" | "secretId" | "secretKey">,
  method: string,
  uri: string,
  body: string,
  at: { timestamp: string; nonce: string },
): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-tc-key": cfg.secretId,
    "x-tc-timestamp": at.timestamp,
    "x-tc-nonce": at.nonce,
    "x-tc-signature": tencentRestSignature(cfg.secretKey, tencentRestStringToSign(method, cfg.secretId, at.nonce, at.timestamp, uri, body)),
    // Required since 2021-09 (1 = the account directory is enabled; queries must match how meetings were created).
    "x-tc-registered": "1",
    appid: cfg.appId,
    ...(cfg.sdkId ? { sdkid: cfg.sdkId } : {}),
  };
}

/** Server side (the simulator): verify a request's X-TC-Signature in constant time. */
export function verifyTencentRestRequest(
  secrets: { secretId: string; secretKey: string },
  req: { method: string; uri: string; body: string; headers: { get(name: string): string | null } },
  maxAgeSeconds = 300,
): boolean {
  const key = req.headers.get("x-tc-key");
  const ts = req.headers.get("x-tc-timestamp");
  const nonce = req.headers.get("x-tc-nonce");
  const sig = req.headers.get("x-tc-signature");
  if (!key || !ts || !nonce || !sig || key !== secrets.secretId || !/^\d+$/.test(ts)) return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > maxAgeSeconds) return false;
  const expected = Buffer.from(tencentRestSignature(secrets.secretKey, tencentRestStringToSign(req.method, key, nonce, ts, req.uri, req.body)));
  const got = Buffer.from(sig);
  return expected.length === got.length && timingSafeEqual(expected, got);
}

// tm 42701 output: participants[] with userid, uuid, user_name (base64), instanceid, join_time / left_time
// (unix seconds as strings), has_remaining, next_pos. Fields we do not use pass through.
const participant = z.looseObject({
  userid: z.string().optional().default(""),
  uuid: z.string().optional().default(""),
  ms_open_id: z.string().optional(),
  user_name: z.string().optional().default(""),
  instanceid: z.union([z.number(), z.string()]).optional(),
  join_time: z.union([z.string(), z.number()]),
  left_time: z.union([z.string(), z.number()]).optional(),
  phone: z.string().optional(),
});
const participantsPage = z.looseObject({
  meeting_id: z.string(),
  meeting_code: z.string().optional(),
  subject: z.string().optional(),
  schedule_start_time: z.union([z.string(), z.number()]).optional(),
  schedule_end_time: z.union([z.string(), z.number()]).optional(),
  participants: z.array(participant).default([]),
  has_remaining: z.boolean().optional().default(false),
  next_pos: z.number().optional(),
  total_count: z.number().optional(),
});
export type TencentParticipant = z.infer<typeof participant>;

// tm 63648 (https://cloud.tencent.com/document/product/1095/63648) output: invitees[{userid, nick_name}] (≤200 a
// page), has_remaining, next_pos. Only the meeting's creator may read it (403, error_code 9042, otherwise).
const invitee = z.looseObject({ userid: z.string().optional().default(""), nick_name: z.string().optional().default("") });
const inviteesPage = z.looseObject({
  invitees: z.array(invitee).default([]),
  has_remaining: z.boolean().optional().default(false),
  next_pos: z.number().optional(),
});
export type TencentInvitee = z.infer<typeof invitee>;
export type TencentParticipantsPage = z.infer<typeof participantsPage>;

export class TencentMeetingApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TencentMeetingApiError";
  }
  get retryable(): boolean {
    return this.rateLimited || this.status === 0 || this.status >= 500;
  }
  /** Over a per-minute limit (HTTP 429 or error code 190310/190313); the daily limit (190311) is not waited out. */
  get rateLimited(): boolean {
    if (this.code === DAILY_LIMIT_CODE) return false;
    return this.status === 429 || (this.code !== undefined && MINUTE_LIMIT_CODES.has(this.code));
  }
}

/** Decode user_name / subject: base64 per tm 42701; plain text passes through when it is not valid base64. */
export function decodeTencentText(v: string | undefined): string {
  if (!v) return "";
  if (!/^[A-Za-z0-9+/]+=*$/.test(v) || v.length % 4 !== 0) return v;
  const s = Buffer.from(v, "base64").toString("utf8");
  return s.includes("\uFFFD") ? v : s;
}

export function tencentMeetingClient(cfg: TencentMeetingRestConfig) {
  const doFetch = cfg.fetch ?? fetch;

  const sleep = cfg.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetries = cfg.maxRateLimitRetries ?? 3;

  async function get(pathAndQuery: string): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await getOnce(pathAndQuery);
      } catch (e) {
        if (!(e instanceof TencentMeetingApiError) || !e.rateLimited || attempt >= maxRetries) throw e;
        await sleep(e.retryAfterMs ?? 2_000 * 2 ** attempt);
      }
    }
  }

  async function getOnce(pathAndQuery: string): Promise<unknown> {
    const at = { timestamp: String(Math.floor(Date.now() / 1000)), nonce: String(randomInt(1, 2 ** 31 - 1)) };
    let res: Response;
    try {
      res = await doFetch(`${cfg.baseUrl.replace(/\/$/, "")}${pathAndQuery}`, {
        method: "GET",
        headers: tencentRestHeaders(cfg, "GET", pathAndQuery, "", at),
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new TencentMeetingApiError(`Tencent Meeting request failed: ${(e as Error).name}`, 0);
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* non-JSON error page */
    }
    const info = (body as { error_info?: { error_code?: number; message?: string } } | null)?.error_info;
    if (!res.ok || info?.error_code) {
      const retryAfter = Number(res.headers.get("retry-after"));
      const err = new TencentMeetingApiError(
        `HTTP ${res.status}${info?.error_code ? ` error_code ${info.error_code}` : ""}${info?.message ? `: ${info.message}` : ""}`,
        res.ok ? 502 : res.status,
        info?.error_code,
        Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, 60) * 1000 : undefined,
      );
      throw err;
    }
    return body;
  }

  return {
    /** One page of participants. `userid` is the operator (meeting creator or an admin) per tm 42701. */
    async participantsPage(meetingId: string, opts: { userid: string; subMeetingId?: string; pos?: number; size?: number }): Promise<TencentParticipantsPage> {
      const q = new URLSearchParams({ userid: opts.userid });
      if (opts.subMeetingId) q.set("sub_meeting_id", opts.subMeetingId);
      q.set("pos", String(opts.pos ?? 0));
      q.set("size", String(Math.min(opts.size ?? 100, 100)));
      const body = await get(`/v1/meetings/${encodeURIComponent(meetingId)}/participants?${q}`);
      const parsed = participantsPage.safeParse(body);
      if (!parsed.success) throw new TencentMeetingApiError("unexpected participants response", 502);
      return parsed.data;
    },
    /** Every participant, following has_remaining / next_pos. */
    async allParticipants(meetingId: string, opts: { userid: string; subMeetingId?: string }): Promise<{ meeting: Omit<TencentParticipantsPage, "participants">; participants: TencentParticipant[] }> {
      const all: TencentParticipant[] = [];
      let pos = 0;
      let first: TencentParticipantsPage | null = null;
      for (let i = 0; i < 1_000; i++) {
        const page = await this.participantsPage(meetingId, { ...opts, pos, size: 100 });
        first ??= page;
        all.push(...page.participants);
        if (!page.has_remaining || page.next_pos === undefined || page.next_pos <= pos) break;
        pos = page.next_pos;
      }
      const { participants: _ignored, ...meeting } = first!;
      void _ignored;
      return { meeting, participants: all };
    },
    /** Every invitee of a meeting (tm 63648), following has_remaining / next_pos; `userid` is the creator. */
    async allInvitees(meetingId: string, opts: { userid: string; instanceid?: number }): Promise<TencentInvitee[]> {
      const all: TencentInvitee[] = [];
      let pos = 0;
      for (let i = 0; i < 1_000; i++) {
        const q = new URLSearchParams({ userid: opts.userid, instanceid: String(opts.instanceid ?? 1), pos: String(pos) });
        const parsed = inviteesPage.safeParse(await get(`/v1/meetings/${encodeURIComponent(meetingId)}/invitees?${q}`));
        if (!parsed.success) throw new TencentMeetingApiError("unexpected invitees response", 502);
        all.push(...parsed.data.invitees);
        if (!parsed.data.has_remaining || parsed.data.next_pos === undefined || parsed.data.next_pos <= pos) break;
        pos = parsed.data.next_pos;
      }
      return all;
    },
  };
}

export type TencentMeetingClient = ReturnType<typeof tencentMeetingClient>;
