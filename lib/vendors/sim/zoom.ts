// Simulated Zoom for reconciliation: the Server-to-Server OAuth token endpoint (zoom.us/oauth/token) and the
// participants report (api.zoom.us/v2/report/meetings/{id}/participants) with past_meetings/{id}/instances, answering from the participant events
// the simulator sent (or deliberately did not deliver), like tencent-meeting-state.ts does for Tencent Meeting.
// Paging with next_page_token; injectable 429s with Retry-After. Per process, in memory (globalThis).
import { randomBytes } from "node:crypto";
import { SIM } from "@/lib/vendors/config";

export interface SimZoomParticipation {
  id: string; // the participant's Zoom user id ("" for guests)
  user_id: string; // participant id within the meeting
  participant_user_id: string;
  name: string;
  user_email: string;
  join_time: string; // ISO
  leave_time: string | null;
}

interface SimZoomMeeting {
  id: string;
  uuid: string;
  topic: string;
  participations: SimZoomParticipation[];
}

interface ZoomSimState {
  meetings: Map<string, SimZoomMeeting>; // by meeting number and by uuid
  tokens: Map<string, number>; // access token → expiry (ms)
  rateLimits: { remaining: number; retryAfterSeconds: number };
  calls: { token: number; report: number; instances: number; rateLimited: number };
}

const g = globalThis as unknown as { __qdSimZoom?: ZoomSimState };
function st(): ZoomSimState {
  return (g.__qdSimZoom ??= { meetings: new Map(), tokens: new Map(), rateLimits: { remaining: 0, retryAfterSeconds: 1 }, calls: { token: 0, report: 0, instances: 0, rateLimited: 0 } });
}

export function resetZoomSim(): void {
  const s = st();
  s.meetings.clear();
  s.tokens.clear();
  s.rateLimits = { remaining: 0, retryAfterSeconds: 1 };
  s.calls = { token: 0, report: 0, instances: 0, rateLimited: 0 };
}

/** The next `count` report calls answer 429 with `Retry-After: retryAfterSeconds`. */
export function zoomSimRateLimit(count: number, retryAfterSeconds: number): void {
  st().rateLimits = { remaining: count, retryAfterSeconds };
}

export function zoomSimCalls() {
  return { ...st().calls };
}

/** Invalidate every issued token (the next report call answers 401 code 124). */
export function expireZoomSimTokens(): void {
  st().tokens.clear();
}

interface ZoomEventLike {
  event?: string;
  payload?: { object?: { id?: string | number; uuid?: string; topic?: string; participant?: Record<string, unknown> } };
}

/** Record a participant webhook the simulator sent (or deliberately did not deliver). */
export function recordZoomEvent(e: ZoomEventLike): void {
  const o = e.payload?.object;
  const p = o?.participant;
  if (!o || !p) return;
  const id = String(o.id ?? o.uuid ?? "");
  if (!id) return;
  const s = st();
  let m = s.meetings.get(id);
  if (!m) {
    m = { id, uuid: o.uuid ?? id, topic: o.topic ?? "", participations: [] };
    s.meetings.set(id, m);
    if (o.uuid) s.meetings.set(o.uuid, m);
  }
  const str = (k: string) => (typeof p[k] === "string" || typeof p[k] === "number" ? String(p[k]) : "");
  const userId = str("user_id");
  const puid = str("participant_user_id");
  const email = str("email");
  if (e.event === "meeting.participant_joined") {
    m.participations.push({ id: str("id") || puid, user_id: userId, participant_user_id: puid, name: str("user_name"), user_email: email, join_time: str("join_time") || new Date().toISOString(), leave_time: null });
  } else if (e.event === "meeting.participant_left") {
    const open = [...m.participations].reverse().find((x) => x.leave_time === null && ((userId && x.user_id === userId) || (puid && x.participant_user_id === puid) || (email && x.user_email === email)));
    if (open) open.leave_time = str("leave_time") || new Date().toISOString();
  }
}

const zoomError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ code, message }), { status, headers: { "content-type": "application/json;charset=UTF-8", ...headers } });

/** POST /oauth/token?grant_type=account_credentials&account_id= with Basic client credentials. */
export async function handleZoomOAuthToken(req: Request): Promise<Response> {
  const s = st();
  s.calls.token++;
  if (req.method !== "POST") return Response.json({ reason: "Method not allowed", error: "invalid_request" }, { status: 405 });
  const url = new URL(req.url);
  if (url.searchParams.get("grant_type") !== "account_credentials") return Response.json({ reason: "Unsupported grant type", error: "unsupported_grant_type" }, { status: 400 });
  const auth = req.headers.get("authorization") ?? "";
  const [id, secret] = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString().split(":") : [];
  if (id !== SIM.zoom.clientId || secret !== SIM.zoom.clientSecret) return Response.json({ reason: "Invalid client_id or client_secret", error: "invalid_client" }, { status: 401 });
  if (url.searchParams.get("account_id") !== SIM.zoom.accountId) return Response.json({ reason: "Invalid account_id", error: "invalid_request" }, { status: 400 });
  const token = `simzoom.${randomBytes(24).toString("base64url")}`;
  s.tokens.set(token, Date.now() + 3600_000);
  return Response.json({ access_token: token, token_type: "bearer", expires_in: 3599, scope: "report:read:admin", api_url: "https://api.zoom.us" });
}

/** GET /v2/report/meetings/{meetingId}/participants?page_size&next_page_token (path after /v2/). */
export async function handleZoomApi(req: Request, path: string): Promise<Response> {
  const s = st();
  const bearer = (req.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  const exp = s.tokens.get(bearer);
  if (!exp || exp < Date.now()) return zoomError(401, 124, "Invalid access token.");
  const inst = /^past_meetings\/([^/]+)\/instances$/.exec(path);
  if (req.method === "GET" && inst) {
    s.calls.instances++;
    const meeting = s.meetings.get(decodeURIComponent(inst[1]));
    if (!meeting) return zoomError(404, 3001, "Meeting does not exist.");
    const first = meeting.participations[0]?.join_time;
    return Response.json({ meetings: first ? [{ uuid: meeting.uuid, start_time: first }] : [] });
  }
  const m = /^report\/meetings\/([^/]+)\/participants$/.exec(path);
  if (req.method !== "GET" || !m) return zoomError(404, 404, "API not supported by the simulator.");
  s.calls.report++;
  if (s.rateLimits.remaining > 0) {
    s.rateLimits.remaining--;
    s.calls.rateLimited++;
    return zoomError(429, 429, "You have reached the maximum per-second rate limit for this API. Try again later.", { "retry-after": String(s.rateLimits.retryAfterSeconds) });
  }
  const meetingId = decodeURIComponent(decodeURIComponent(m[1]));
  const meeting = s.meetings.get(meetingId);
  if (!meeting) return zoomError(404, 3001, "Meeting does not exist.");
  const url = new URL(req.url);
  const pageSize = Math.min(300, Math.max(1, Number(url.searchParams.get("page_size") ?? 30) || 30));
  const tokenParam = url.searchParams.get("next_page_token");
  const offset = tokenParam ? Number.parseInt(Buffer.from(tokenParam, "base64url").toString(), 10) : 0;
  if (!Number.isFinite(offset) || offset < 0) return zoomError(400, 300, "Invalid next_page_token.");
  const all = meeting.participations;
  const slice = all.slice(offset, offset + pageSize);
  const next = offset + pageSize < all.length ? Buffer.from(String(offset + pageSize)).toString("base64url") : "";
  return Response.json({
    page_count: Math.max(1, Math.ceil(all.length / pageSize)),
    page_size: pageSize,
    total_records: all.length,
    next_page_token: next,
    participants: slice.map((p) => ({
      id: p.id,
      user_id: p.user_id,
      participant_user_id: p.participant_user_id,
      name: p.name,
      user_email: p.user_email,
      join_time: p.join_time,
      ...(p.leave_time ? { leave_time: p.leave_time, duration: Math.max(0, Math.round((Date.parse(p.leave_time) - Date.parse(p.join_time)) / 1000)) } : {}),
      status: "in_meeting",
    })),
  });
}

/** In-process fetch onto the simulated Zoom (tests): `${any origin}/api/sim/zoom/oauth/token` and `/api/sim/zoom/v2/…`. */
export const zoomSimulatorFetch: typeof fetch = async (input, init) => {
  const req = input instanceof Request ? new Request(input, init) : new Request(String(input), init);
  const p = new URL(req.url).pathname;
  if (p.endsWith("/api/sim/zoom/oauth/token")) return handleZoomOAuthToken(req);
  const i = p.indexOf("/api/sim/zoom/v2/");
  if (i >= 0) return handleZoomApi(req, p.slice(i + "/api/sim/zoom/v2/".length));
  return new Response("Not Found", { status: 404 });
};
