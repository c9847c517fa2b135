// Tencent Meeting REST client: the participants list of a meeting (tm 42701), for reconciliation.
// Request authentication (tm 58768, cloud.tencent.com/document/product/1095/58768): headers X-TC-Key (SecretId),
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
}

export function tencentRestStringToSign(method: string, secretId: string, nonce: string, timestamp: string, uri: string, body: string): string {
  return `${method.toUpperCase()}\nX-TC-Key=${secretId}&X-TC-Nonce=${nonce}&X-TC-Timestamp=${timestamp}\n${uri}\n${body}`;
}

export function tencentRestSignature(secretKey: string, stringToSign: string): string {
  const hex = createHmac("sha256", secretKey).update(stringToSign).digest("hex");
  return Buffer.from(hex, "utf8").toString("base64");
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
export type TencentParticipantsPage = z.infer<typeof participantsPage>;

export class TencentMeetingApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = "TencentMeetingApiError";
  }
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
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

  async function get(pathAndQuery: string): Promise<unknown> {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomInt(1, 2 ** 31 - 1));
    const signature = tencentRestSignature(cfg.secretKey, tencentRestStringToSign("GET", cfg.secretId, nonce, ts, pathAndQuery, ""));
    let res: Response;
    try {
      res = await doFetch(`${cfg.baseUrl.replace(/\/$/, "")}${pathAndQuery}`, {
        method: "GET",
        headers: {
          "content-type": "application/json",
          "x-tc-key": cfg.secretId,
          "x-tc-timestamp": ts,
          "x-tc-nonce": nonce,
          "x-tc-signature": signature,
          "x-tc-registered": "1",
          appid: cfg.appId,
          ...(cfg.sdkId ? { sdkid: cfg.sdkId } : {}),
        },
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new TencentMeetingApiError(`participants request failed: ${(e as Error).name}`, 0);
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* non-JSON error page */
    }
    if (!res.ok) {
      const info = (body as { error_info?: { error_code?: number; message?: string } } | null)?.error_info;
      throw new TencentMeetingApiError(`HTTP ${res.status}${info?.message ? `: ${info.message}` : ""}`, res.status, info?.error_code);
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
  };
}

export type TencentMeetingClient = ReturnType<typeof tencentMeetingClient>;
