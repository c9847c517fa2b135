// Notification delivery state for the console (HR/admin): the outbox by kind × channel × status, failures with their
// reasons, and recent sent messages. Recipients are shown masked (name initial + last digits of the employee no.).
import "server-only";
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, notificationOutbox } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";

export const OUTBOX_STATUSES = ["pending", "sending", "sent", "failed", "unknown", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export function canSeeDelivery(viewer: Viewer): boolean {
  return canSeeEveryone(viewer);
}

/** "张*" / "欧阳**" / "J*** Smith"-style masking: the first character stays, the rest becomes stars. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join("") + "*";
  return chars[0] + "*".repeat(Math.min(chars.length - 1, 3));
}

/** "QD00042" → "QD***42". */
export function maskEmployeeNo(no: string): string {
  if (no.length <= 4) return "*".repeat(no.length);
  return no.slice(0, 2) + "***" + no.slice(-2);
}

export interface DeliverySummaryRow {
  kind: string;
  channel: "wecom" | "dingtalk";
  counts: Record<OutboxStatus, number>;
  total: number;
}

export interface DeliveryLine {
  id: number;
  kind: string;
  channel: "wecom" | "dingtalk";
  status: OutboxStatus;
  title: string;
  recipient: string;
  attempts: number;
  lastError: string | null;
  at: Date;
  nextAttemptAt: Date;
}

export interface DeliveryState {
  since: Date;
  summary: DeliverySummaryRow[];
  totals: Record<OutboxStatus, number>;
  failures: DeliveryLine[];
  recentSent: DeliveryLine[];
}

/** One outbox line as the page reads it (notification_outbox left-joined to the recipient in employees). */
export const DELIVERY_LINE = {
  id: notificationOutbox.id,
  kind: notificationOutbox.kind,
  channel: notificationOutbox.channel,
  status: notificationOutbox.status,
  title: sql<string>`coalesce(${notificationOutbox.payload}->>'title', '')`,
  name: employees.name,
  employeeNo: employees.employeeNo,
  attempts: notificationOutbox.attempts,
  lastError: notificationOutbox.lastError,
  createdAt: notificationOutbox.createdAt,
  sentAt: notificationOutbox.sentAt,
  nextAttemptAt: notificationOutbox.nextAttemptAt,
};

/** The page's window and filters as a condition on notification_outbox. */
export function deliveryWhere(opts: { days?: number; channel?: "wecom" | "dingtalk"; kind?: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - (opts.days ?? 7) * 86_400_000);
  const where = and(
    gte(notificationOutbox.createdAt, since),
    opts.channel ? eq(notificationOutbox.channel, opts.channel) : undefined,
    opts.kind ? eq(notificationOutbox.kind, opts.kind) : undefined,
  );
  return { since, where };
}

export async function deliveryState(
  db: Db,
  viewer: Viewer,
  opts: { days?: number; channel?: "wecom" | "dingtalk"; kind?: string; now?: Date } = {},
): Promise<DeliveryState> {
  if (!canSeeDelivery(viewer)) throw forbidden("only HR and admins see notification delivery");
  const { since, where } = deliveryWhere(opts);
  const grouped = await db
    .select({ kind: notificationOutbox.kind, channel: notificationOutbox.channel, status: notificationOutbox.status, n: sql<number>`count(*)::int` })
    .from(notificationOutbox)
    .where(where)
    .groupBy(notificationOutbox.kind, notificationOutbox.channel, notificationOutbox.status);
  const zero = (): Record<OutboxStatus, number> => ({ pending: 0, sending: 0, sent: 0, failed: 0, unknown: 0, dead: 0 });
  const byKey = new Map<string, DeliverySummaryRow>();
  const totals = zero();
  for (const g of grouped) {
    const k = `${g.kind}|${g.channel}`;
    const row = byKey.get(k) ?? { kind: g.kind, channel: g.channel, counts: zero(), total: 0 };
    row.counts[g.status] += Number(g.n);
    row.total += Number(g.n);
    totals[g.status] += Number(g.n);
    byKey.set(k, row);
  }
  const line = DELIVERY_LINE;
  const [failed, sent] = await Promise.all([
    db
      .select(line)
      .from(notificationOutbox)
      .leftJoin(employees, eq(employees.id, notificationOutbox.recipientEmployeeId))
      .where(and(where, inArray(notificationOutbox.status, ["failed", "unknown", "dead"])))
      .orderBy(desc(notificationOutbox.nextAttemptAt), desc(notificationOutbox.id))
      .limit(50),
    db
      .select(line)
      .from(notificationOutbox)
      .leftJoin(employees, eq(employees.id, notificationOutbox.recipientEmployeeId))
      .where(and(where, eq(notificationOutbox.status, "sent")))
      .orderBy(desc(notificationOutbox.sentAt), desc(notificationOutbox.id))
      .limit(20),
  ]);
  const toLine = (r: (typeof failed)[number]): DeliveryLine => ({
    id: r.id,
    kind: r.kind,
    channel: r.channel,
    status: r.status,
    title: r.title,
    recipient: r.name ? `${maskName(r.name)} · ${maskEmployeeNo(r.employeeNo ?? "")}` : "—",
    attempts: r.attempts,
    lastError: r.lastError ? redactError(r.lastError) : null,
    at: r.sentAt ?? r.createdAt,
    nextAttemptAt: r.nextAttemptAt,
  });
  return {
    since,
    summary: [...byKey.values()].sort((a, b) => b.total - a.total || a.kind.localeCompare(b.kind)),
    totals,
    failures: failed.map(toLine),
    recentSent: sent.map(toLine),
  };
}

/** Vendor errors can echo user ids, phone numbers or tokens: strip anything that looks like one. */
export function redactError(msg: string): string {
  return msg
    .replace(/access_token=[^&\s]+/gi, "access_token=***")
    .replace(/\b1[3-9]\d{9}\b/g, "1**********")
    .replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, "***@***")
    .slice(0, 300);
}

/** The kinds present in the window, for the filter. */
export async function deliveryKinds(db: Db, viewer: Viewer): Promise<string[]> {
  if (!canSeeDelivery(viewer)) throw forbidden();
  const rows = await db.selectDistinct({ kind: notificationOutbox.kind }).from(notificationOutbox).orderBy(notificationOutbox.kind).limit(50);
  return rows.map((r) => r.kind);
}
