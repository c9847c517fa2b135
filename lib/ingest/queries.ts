// Console reads for Integrations (HR/admin): per-source health, the inbox browser, one event with personal data
// masked, dead letters. Every function takes the viewer and refuses anyone who cannot see everyone.
import "server-only";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { inboxEvents } from "@/db/schema";
import { canSeeEveryone, type Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { forbidden } from "@/lib/errors";
import { businessDate, zonedTimeToUtc } from "@/lib/time";
import { isoDate } from "@/lib/validation";

export const SOURCES = ["wecom", "dingtalk", "tencent_meeting", "zoom", "agora"] as const;
export const STATUSES = ["received", "processing", "handled", "no_handler", "ignored", "parked", "dead", "discarded"] as const;

export function assertCanRead(viewer: Viewer) {
  if (!canSeeEveryone(viewer)) throw forbidden("integrations are for HR and admins");
}

export interface SourceHealth {
  source: string;
  eventsToday: number;
  lastEventAt: Date | null;
  failures: number; // dead letters + events waiting to retry after a failure
  pending: number;
  parked: number;
  lagP50Ms: number | null; // receipt → handled, last 24 h
  lagP95Ms: number | null;
}

export async function sourceHealth(db: Db, viewer: Viewer, now = new Date()): Promise<SourceHealth[]> {
  assertCanRead(viewer);
  const startOfDay = zonedTimeToUtc(businessDate(now), "00:00", env().ORG_TIMEZONE);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const rows = await db
    .select({
      source: inboxEvents.source,
      eventsToday: sql<number>`count(*) filter (where ${inboxEvents.receivedAt} >= ${startOfDay})`.mapWith(Number),
      lastEventAt: sql<string | null>`max(${inboxEvents.receivedAt})`,
      failures: sql<number>`count(*) filter (where ${inboxEvents.status} = 'dead' or (${inboxEvents.status} = 'received' and ${inboxEvents.lastError} is not null))`.mapWith(Number),
      pending: sql<number>`count(*) filter (where ${inboxEvents.status} in ('received','processing'))`.mapWith(Number),
      parked: sql<number>`count(*) filter (where ${inboxEvents.status} = 'parked')`.mapWith(Number),
      lagP50: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (${inboxEvents.handledAt} - ${inboxEvents.receivedAt})) * 1000) filter (where ${inboxEvents.handledAt} is not null and ${inboxEvents.receivedAt} >= ${dayAgo})`,
      lagP95: sql<number | null>`percentile_cont(0.95) within group (order by extract(epoch from (${inboxEvents.handledAt} - ${inboxEvents.receivedAt})) * 1000) filter (where ${inboxEvents.handledAt} is not null and ${inboxEvents.receivedAt} >= ${dayAgo})`,
    })
    .from(inboxEvents)
    .groupBy(inboxEvents.source);
  const by = new Map(rows.map((r) => [r.source, r]));
  return SOURCES.map((source) => {
    const r = by.get(source);
    return {
      source,
      eventsToday: r?.eventsToday ?? 0,
      lastEventAt: r?.lastEventAt ? new Date(r.lastEventAt) : null,
      failures: r?.failures ?? 0,
      pending: r?.pending ?? 0,
      parked: r?.parked ?? 0,
      lagP50Ms: r?.lagP50 == null ? null : Math.round(Number(r.lagP50)),
      lagP95Ms: r?.lagP95 == null ? null : Math.round(Number(r.lagP95)),
    };
  });
}

export const inboxFilter = z.object({
  source: z.enum(SOURCES).optional().catch(undefined),
  type: z.string().trim().max(200).optional().catch(undefined).transform((v) => v || undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  from: isoDate().optional().catch(undefined),
  to: isoDate().optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});
export type InboxFilter = z.infer<typeof inboxFilter>;

/** The inbox browser's filters as a condition on inbox_events (dates are the organisation's days). */
export function inboxWhere(f: Partial<InboxFilter>) {
  const tz = env().ORG_TIMEZONE;
  return and(
    f.source ? eq(inboxEvents.source, f.source) : undefined,
    f.type ? eq(inboxEvents.eventType, f.type) : undefined,
    f.status ? eq(inboxEvents.status, f.status) : undefined,
    f.from ? gte(inboxEvents.receivedAt, zonedTimeToUtc(f.from, "00:00", tz)) : undefined,
    f.to ? lt(inboxEvents.receivedAt, zonedTimeToUtc(f.to, "23:59", tz)) : undefined,
    f.before ? lt(inboxEvents.id, f.before) : undefined,
  );
}

/** An inbox row as the browser lists it (no payload, no raw body). */
export const INBOX_ROW = {
  id: inboxEvents.id,
  source: inboxEvents.source,
  channel: inboxEvents.channel,
  eventType: inboxEvents.eventType,
  status: inboxEvents.status,
  attempts: inboxEvents.attempts,
  receivedAt: inboxEvents.receivedAt,
  handledAt: inboxEvents.handledAt,
  lastError: inboxEvents.lastError,
  parkReason: inboxEvents.parkReason,
};

export async function listInbox(db: Db, viewer: Viewer, f: InboxFilter, limit = 50) {
  assertCanRead(viewer);
  const where = inboxWhere(f);
  const rows = await db
    .select(INBOX_ROW)
    .from(inboxEvents)
    .where(where)
    .orderBy(desc(inboxEvents.id))
    .limit(limit + 1);
  return { rows: rows.slice(0, limit), nextBefore: rows.length > limit ? rows[limit - 1].id : null };
}

const MOBILE = /(?<!\d)(\+?86[- ]?)?(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const SENSITIVE_KEY = /^(mobile|phone|telephone|tel|email|biz_?mail|org_?email|phone_number)$/i;

/** Mask mobile numbers (138****5678) and emails (z***@example.com) anywhere in a value; fully mask known keys. */
export function maskPersonalData(value: unknown, key?: string): unknown {
  if (typeof value === "string") {
    if (key && SENSITIVE_KEY.test(key) && value) return value.includes("@") ? value.replace(EMAIL, "$1***@$2") : value.replace(/\d(?=\d{4})/g, "*");
    return value.replace(MOBILE, (_m, cc = "", a: string, _b: string, d: string) => `${cc}${a}****${d}`).replace(EMAIL, "$1***@$2");
  }
  if (Array.isArray(value)) return value.map((v) => maskPersonalData(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskPersonalData(v, k)]));
  }
  return value;
}

export async function getInboxEvent(db: Db, viewer: Viewer, id: number) {
  assertCanRead(viewer);
  const [row] = await db.select().from(inboxEvents).where(eq(inboxEvents.id, id));
  if (!row) return null;
  const { raw: _raw, ...rest } = row; // the raw body may be ciphertext or carry personal data: not shown
  return { ...rest, payload: maskPersonalData(row.payload) as Record<string, unknown> };
}

export async function listDeadLetters(db: Db, viewer: Viewer, limit = 100) {
  assertCanRead(viewer);
  return db
    .select({
      id: inboxEvents.id,
      source: inboxEvents.source,
      eventType: inboxEvents.eventType,
      attempts: inboxEvents.attempts,
      lastError: inboxEvents.lastError,
      receivedAt: inboxEvents.receivedAt,
    })
    .from(inboxEvents)
    .where(eq(inboxEvents.status, "dead"))
    .orderBy(desc(inboxEvents.id))
    .limit(limit);
}
