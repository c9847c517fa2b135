// The simulator's process-wide state (codes, tokens, tickets, faults, rate windows, sent messages).
// Kept on globalThis so route handlers and pages (separate bundles in Next) share one copy per process.
import { createHash, randomBytes } from "node:crypto";
import { buildDirectory, type SimDirectory, type SimOrgSize } from "./directory";

export type SimVendor = "wecom" | "dingtalk";
/**
 * 5xx, timeout, expired_token, rate_limit; answers outside the documented shapes (ip_ban: DingTalk's IP-ban JSON
 * with no errcode, html: an HTML page with HTTP 200, empty_body: HTTP 200 and nothing); busy (-1); quota
 * (DingTalk 90020 / ApiCountLimitForOrg); empty_directory (list APIs answer success with no rows).
 */
export const FAULT_KINDS = ["5xx", "timeout", "expired_token", "rate_limit", "ip_ban", "html", "empty_body", "busy", "quota", "empty_directory"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SimCode {
  vendor: SimVendor;
  flow: "oauth" | "sso" | "inapp" | "pc";
  userId: string;
  expiresAt: number;
  used: boolean;
}

export interface SimToken {
  vendor: SimVendor;
  kind: "app" | "user";
  /** app token: the credential it was issued to; user token: the DingTalk unionid. */
  subject: string;
  expiresAt: number;
}

export interface SimFault {
  vendor: SimVendor;
  /** API path as the vendor spells it ("/cgi-bin/user/list", "/topapi/v2/user/list", "/v1.0/contact/users/me") or "*". */
  api: string;
  kind: FaultKind;
  /** How many more calls it hits; null = until cleared. */
  remaining: number | null;
  /** For "timeout": how long the simulator stalls before answering (ms). */
  delayMs?: number;
}

export interface SimMessage {
  id: string;
  vendor: SimVendor;
  at: string;
  api: string;
  /** Recipient user ids as sent (WeCom touser split on "|", DingTalk userid_list split on ","). */
  to: string[];
  msgtype: string;
  body: Record<string, unknown>;
}

interface SimState {
  size: SimOrgSize;
  directory: SimDirectory;
  codes: Map<string, SimCode>;
  tokens: Map<string, SimToken>;
  /** current app token per credential key, so repeat gettoken calls within validity return the same one */
  appTokens: Map<string, string>;
  tickets: Map<string, { ticket: string; expiresAt: number; window?: number; generation?: number }>;
  faults: SimFault[];
  windows: Map<string, { times: number[]; head: number }>;
  messages: SimMessage[];
  calls: Map<string, number>;
  rateLimited: Map<string, number>;
  clockOffsetMs: number;
  /** WeCom message/send bodies sent with enable_duplicate_check, for its duplicate window */
  wecomSent: Map<string, { at: number; msgid: string }>;
}

const g = globalThis as unknown as { __qiandaoSim?: SimState };

export function simState(): SimState {
  if (!g.__qiandaoSim) {
    g.__qiandaoSim = {
      size: "demo",
      directory: buildDirectory("demo"),
      codes: new Map(),
      tokens: new Map(),
      appTokens: new Map(),
      tickets: new Map(),
      faults: [],
      windows: new Map(),
      messages: [],
      calls: new Map(),
      rateLimited: new Map(),
      clockOffsetMs: 0,
      wecomSent: new Map(),
    };
  }
  return g.__qiandaoSim;
}

/** Simulator clock: tests move it forward to expire codes and tokens without waiting. */
export function simNow(): number {
  return Date.now() + simState().clockOffsetMs;
}

export function advanceClock(ms: number): void {
  simState().clockOffsetMs += ms;
}

/** Back to real time: a test that moved the clock puts it back, so later tests see the vendor's "now" again. */
export function resetClock(): void {
  simState().clockOffsetMs = 0;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString("base64url");
}

/** Reset everything (tests, console "重置"). The directory is rebuilt at the given size. */
export function resetSim(size: SimOrgSize = simState().size): void {
  const s = simState();
  s.size = size;
  s.directory = buildDirectory(size);
  s.codes.clear();
  s.tokens.clear();
  s.appTokens.clear();
  s.tickets.clear();
  s.faults = [];
  s.windows.clear();
  s.messages = [];
  s.calls.clear();
  s.rateLimited.clear();
  s.clockOffsetMs = 0;
  s.wecomSent.clear();
  // vendor-side attendance edits (lib/vendors/sim/attendance.ts keeps them on this object)
  delete (s as unknown as { attendanceEdits?: unknown }).attendanceEdits;
  // approval cards and 待办 (wecom-cards.ts, dingtalk-todo.ts)
  delete (s as unknown as { wecomCardsSim?: unknown }).wecomCardsSim;
  delete (s as unknown as { dingtalkTodoSim?: unknown }).dingtalkTodoSim;
}

export const CODE_TTL_MS = 5 * 60_000;
export const TOKEN_TTL_S = 7200;

export function issueCode(vendor: SimVendor, flow: SimCode["flow"], userId: string): string {
  const code = randomToken(24);
  simState().codes.set(code, { vendor, flow, userId, expiresAt: simNow() + CODE_TTL_MS, used: false });
  return code;
}

/** Single use: a code is consumed by the first exchange, successful or not for the wrong vendor. */
export function consumeCode(vendor: SimVendor, code: string, flows: SimCode["flow"][]): SimCode | null {
  const c = simState().codes.get(code);
  if (!c || c.vendor !== vendor || !flows.includes(c.flow)) return null;
  if (c.used || c.expiresAt <= simNow()) return null;
  c.used = true;
  return c;
}

export type TokenCheck = { ok: true; token: SimToken } | { ok: false; reason: "missing" | "invalid" | "expired" };

export function checkToken(vendor: SimVendor, token: string | null | undefined, kind: SimToken["kind"] = "app"): TokenCheck {
  if (!token) return { ok: false, reason: "missing" };
  const t = simState().tokens.get(token);
  if (!t || t.vendor !== vendor || t.kind !== kind) return { ok: false, reason: "invalid" };
  if (t.expiresAt <= simNow()) return { ok: false, reason: "expired" };
  return { ok: true, token: t };
}

/** App token for a credential: the same token while valid (vendor behaviour), a new one after expiry. */
export function appToken(vendor: SimVendor, credential: string): { token: string; expiresIn: number } {
  const s = simState();
  const current = s.appTokens.get(`${vendor}:${credential}`);
  if (current) {
    const t = s.tokens.get(current);
    if (t && t.expiresAt > simNow()) return { token: current, expiresIn: Math.floor((t.expiresAt - simNow()) / 1000) };
  }
  const token = randomToken(48);
  s.tokens.set(token, { vendor, kind: "app", subject: credential, expiresAt: simNow() + TOKEN_TTL_S * 1000 });
  s.appTokens.set(`${vendor}:${credential}`, token);
  return { token, expiresIn: TOKEN_TTL_S };
}

export function userToken(vendor: SimVendor, subject: string): string {
  const token = randomToken(32);
  simState().tokens.set(token, { vendor, kind: "user", subject, expiresAt: simNow() + TOKEN_TTL_S * 1000 });
  return token;
}

/** Invalidate every issued token early (vendors may do this); the next call answers the expiry code. */
export function expireAllTokens(): void {
  const s = simState();
  for (const t of s.tokens.values()) t.expiresAt = Math.min(t.expiresAt, simNow() - 1);
  for (const t of s.tickets.values()) t.expiresAt = Math.min(t.expiresAt, simNow() - 1);
}

/**
 * JS-SDK tickets live in fixed 2-hour windows and are derived from (key, window), so a ticket the app cached in
 * its database before a restart still verifies after it (the simulator's state is per process); a forced expiry
 * moves to the next generation within the window.
 */
export function ticketFor(key: string): { ticket: string; expiresIn: number } {
  const s = simState();
  const now = simNow();
  const cur = s.tickets.get(key);
  if (cur && cur.expiresAt > now) return { ticket: cur.ticket, expiresIn: Math.floor((cur.expiresAt - now) / 1000) };
  const windowMs = TOKEN_TTL_S * 1000;
  const window = Math.floor(now / windowMs);
  const generation = cur && cur.window === window ? (cur.generation ?? 0) + 1 : 0;
  const ticket = createHash("sha256").update(`qiandao-sim-ticket:${key}:${window}:${generation}`).digest("base64url").slice(0, 40);
  const expiresAt = (window + 1) * windowMs;
  s.tickets.set(key, { ticket, expiresAt, window, generation });
  return { ticket, expiresIn: Math.floor((expiresAt - now) / 1000) };
}

/** The fault to apply to this call, if any (decrements counted faults). */
export function takeFault(vendor: SimVendor, api: string): SimFault | null {
  const s = simState();
  const f = s.faults.find((x) => x.vendor === vendor && (x.api === api || x.api === "*") && (x.remaining === null || x.remaining > 0));
  if (!f) return null;
  if (f.remaining !== null) f.remaining -= 1;
  s.faults = s.faults.filter((x) => x.remaining === null || x.remaining > 0);
  return f;
}

/**
 * Sliding-window rate limit: true when this call is within `limit` calls per `windowMs` for `key`.
 * Counts every call that arrives, like the vendor's gateway.
 */
export function withinRate(key: string, limit: number, windowMs: number): boolean {
  const s = simState();
  const now = Date.now();
  let w = s.windows.get(key);
  if (!w) s.windows.set(key, (w = { times: [], head: 0 }));
  while (w.head < w.times.length && w.times[w.head] <= now - windowMs) w.head++;
  if (w.head > 4096) {
    w.times = w.times.slice(w.head);
    w.head = 0;
  }
  if (w.times.length - w.head >= limit) return false;
  w.times.push(now);
  return true;
}

export function countCall(key: string): void {
  const s = simState();
  s.calls.set(key, (s.calls.get(key) ?? 0) + 1);
}

export function countRateLimited(key: string): void {
  const s = simState();
  s.rateLimited.set(key, (s.rateLimited.get(key) ?? 0) + 1);
}

export function recordMessage(m: Omit<SimMessage, "id" | "at">): SimMessage {
  const msg: SimMessage = { ...m, id: randomToken(9), at: new Date().toISOString() };
  const s = simState();
  s.messages.push(msg);
  if (s.messages.length > 5000) s.messages.splice(0, s.messages.length - 5000);
  return msg;
}
