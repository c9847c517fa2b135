// Zoom REST for reconciliation: a Server-to-Server OAuth token, then the participants report of a past meeting.
// Token (https://developers.zoom.us/docs/internal-apps/s2s-oauth/): POST {oauthBase}/oauth/token?grant_type=
// account_credentials&account_id=… with `Authorization: Basic base64(client_id:client_secret)` → {access_token,
// token_type: "bearer", expires_in: 3599, scope}. Report (https://developers.zoom.us/docs/api/reports/#tag/reports/
// GET/report/meetings/{meetingId}/participants): GET /v2/report/meetings/{meetingId}/participants?page_size=300&
// next_page_token= → participants[{id, user_id, participant_user_id?, name, user_email, join_time, leave_time,
// duration}], next_page_token ("" at the end; a token expires after 15 minutes). `id` / `participant_user_id` are
// empty for guests since 2023-03 (developers.zoom.us/changelog/platform/meeting-api-fields-hidden-in-dashboard-and-
// report-apis). Rate limits (https://developers.zoom.us/docs/api/rate-limits/): HTTP 429 with `Retry-After`; we
// wait that long (bounded) and retry a few times.
import { z } from "zod";

export interface ZoomReportConfig {
  baseUrl?: string; // https://api.zoom.us
  accessToken: (rejected?: string) => Promise<string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** How many 429s in a row one request may absorb (default 3). */
  maxRateLimitRetries?: number;
  /** Longest Retry-After we honour by waiting (ms, default 60 s); longer → the run fails with a 429 error. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  pageSize?: number;
}

const zoomParticipant = z.looseObject({
  id: z.string().optional().default(""),
  user_id: z.union([z.string(), z.number()]).transform(String).optional().default(""),
  participant_user_id: z.string().optional().default(""),
  name: z.string().optional().default(""),
  user_email: z.string().optional().default(""),
  join_time: z.string(),
  leave_time: z.string().optional(),
  duration: z.number().optional(),
});
const zoomPage = z.looseObject({
  participants: z.array(zoomParticipant).default([]),
  next_page_token: z.string().optional().default(""),
  total_records: z.number().optional(),
});
export type ZoomReportParticipant = z.infer<typeof zoomParticipant>;

export class ZoomApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = "ZoomApiError";
  }
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retry-After: delta seconds or an HTTP date (RFC 9110 §10.2.3). Null when absent or unreadable. */
export function retryAfterMs(v: string | null, now = Date.now()): number | null {
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

export interface ZoomOAuthConfig {
  oauthBase?: string; // https://zoom.us
  accountId: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A token source for a Server-to-Server OAuth app: cached in memory until a minute before expiry; `rejected`
 * (a token the API answered 401 to) forces one new token.
 */
export function zoomS2STokenSource(cfg: ZoomOAuthConfig): (rejected?: string) => Promise<string> {
  const doFetch = cfg.fetch ?? fetch;
  let cached: { token: string; expiresAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  async function fetchToken(): Promise<string> {
    const q = new URLSearchParams({ grant_type: "account_credentials", account_id: cfg.accountId });
    let res: Response;
    try {
      res = await doFetch(`${(cfg.oauthBase ?? "https://zoom.us").replace(/\/$/, "")}/oauth/token?${q}`, {
        method: "POST",
        headers: { authorization: `Basic ${Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString("base64")}` },
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new ZoomApiError(`token request failed: ${(e as Error).name}`, 0);
    }
    const body = (await res.json().catch(() => null)) as { access_token?: string; expires_in?: number; reason?: string; error?: string } | null;
    if (!res.ok || !body?.access_token) throw new ZoomApiError(`token: HTTP ${res.status}${body?.reason ? `: ${body.reason}` : body?.error ? `: ${body.error}` : ""}`, res.status || 502);
    cached = { token: body.access_token, expiresAt: Date.now() + Math.max(60, Number(body.expires_in ?? 3599) - 60) * 1000 };
    return body.access_token;
  }
  return async (rejected?: string) => {
    if (cached && cached.expiresAt > Date.now() && cached.token !== rejected) return cached.token;
    inflight ??= fetchToken().finally(() => {
      inflight = null;
    });
    return inflight;
  };
}

export function zoomReportClient(cfg: ZoomReportConfig) {
  const doFetch = cfg.fetch ?? fetch;
  const sleep = cfg.sleep ?? defaultSleep;
  const base = (cfg.baseUrl ?? "https://api.zoom.us").replace(/\/$/, "");
  const maxRetries = cfg.maxRateLimitRetries ?? 3;
  const maxWait = cfg.maxRetryAfterMs ?? 60_000;

  /** One GET with the bearer token: one refresh on 401, waits out 429 Retry-After (bounded). */
  async function get(url: string): Promise<unknown> {
    let token = await cfg.accessToken();
    let refreshed = false;
    for (let rateLimited = 0; ; ) {
      let res: Response;
      try {
        res = await doFetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(cfg.timeoutMs ?? 10_000) });
      } catch (e) {
        throw new ZoomApiError(`report request failed: ${(e as Error).name}`, 0);
      }
      const body = (await res.json().catch(() => null)) as { code?: number; message?: string } | null;
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        token = await cfg.accessToken(token);
        continue;
      }
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers.get("retry-after")) ?? 1000 * 2 ** rateLimited;
        if (rateLimited >= maxRetries || wait > maxWait) throw new ZoomApiError(`HTTP 429: ${body?.message ?? "rate limited"} (retry after ${Math.ceil(wait / 1000)} s)`, 429, body?.code);
        rateLimited++;
        await sleep(wait);
        continue;
      }
      if (!res.ok) throw new ZoomApiError(`HTTP ${res.status}: ${body?.message ?? ""}`, res.status, body?.code);
      return body;
    }
  }

  const instance = z.looseObject({ uuid: z.string(), start_time: z.string().optional() });
  const instances = z.looseObject({ meetings: z.array(instance).default([]) });

  return {
    /**
     * Ended instances of a meeting number (https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/past_meetings/
     * {meetingId}/instances): [{uuid, start_time}]. A recurring meeting keeps its number; the report for a number
     * covers only the latest instance, so an older one needs its UUID.
     */
    async pastInstances(meetingId: string): Promise<{ uuid: string; start_time?: string }[]> {
      const r = instances.safeParse(await get(`${base}/v2/past_meetings/${encodeURIComponent(meetingId)}/instances`));
      if (!r.success) throw new ZoomApiError("unexpected instances response", 502);
      return r.data.meetings;
    },
    /** Every participant of the meeting (its latest instance for a meeting number; one instance for a UUID). */
    async reportParticipants(meetingId: string): Promise<ZoomReportParticipant[]> {
      const out: ZoomReportParticipant[] = [];
      let token = "";
      // A meeting UUID that starts with "/" or contains "//" must be double-encoded (Zoom API docs).
      const id = meetingId.startsWith("/") || meetingId.includes("//") ? encodeURIComponent(encodeURIComponent(meetingId)) : encodeURIComponent(meetingId);
      for (let i = 0; i < 1_000; i++) {
        const q = new URLSearchParams({ page_size: String(Math.min(cfg.pageSize ?? 300, 300)) });
        if (token) q.set("next_page_token", token);
        const page = zoomPage.safeParse(await get(`${base}/v2/report/meetings/${id}/participants?${q}`));
        if (!page.success) throw new ZoomApiError("unexpected report response", 502);
        out.push(...page.data.participants);
        token = page.data.next_page_token;
        if (!token) break;
      }
      return out;
    },
  };
}

export type ZoomReportClient = ReturnType<typeof zoomReportClient>;
