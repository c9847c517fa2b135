// The sender loop: drains notification_outbox through the vendor clients.
// - claims due rows (FOR UPDATE SKIP LOCKED) and leases them for 5 minutes (a crashed sender's rows come back);
// - batches identical messages per channel (WeCom touser ≤1000, DingTalk userid_list ≤100);
// - respects per-user limits, deferring instead of sending: WeCom ≤30/min and ≤1000/h per member (excess is
//   silently dropped, wecom.md §messages), DingTalk ≤500/day per recipient and identical content once a day
//   (dingtalk.md §6.4 — over-limit sends "succeed" but are not delivered);
// - retries with backoff; after MAX_ATTEMPTS a row is dead; refused recipients are dead at once with the reason;
// - never resends blindly: a send without an answer (timeout, lost connection, 5xx on DingTalk) may have been
//   delivered, so its rows become "unknown" and stay so. WeCom's own retries inside the call resend the same JSON
//   under enable_duplicate_check; DingTalk's asyncsend_v2 has no idempotency key and is tried once;
// - DingTalk's exhausted monthly quota defers the rows to the reset (no attempt counted) and alerts the admins.
import "server-only";
import { and, eq, gte, inArray, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { identities, notificationOutbox } from "@/db/schema";
import { dingtalkConfig, wecomConfig } from "@/lib/vendors/config";
import { log } from "@/lib/observability/log";
import type { HttpPolicy } from "@/lib/vendors/http";
import { alertQuotaExhausted, isQuotaError, isUnknownOutcome } from "./alerts";
import { sendCustomKinds } from "./custom";

type Row = typeof notificationOutbox.$inferSelect;
export const MAX_ATTEMPTS = 8;
const LEASE_MS = 5 * 60_000;

export interface Transport {
  wecom(touser: string[], message: Record<string, unknown>): Promise<{ msgid: string; invalidUsers: string[] }>;
  dingtalk(userIds: string[], msg: Record<string, unknown>): Promise<{ taskId: number }>;
}

export async function vendorTransport(db: Db): Promise<Transport> {
  const { wecomClient } = await import("@/lib/vendors/wecom/client");
  const { dingtalkClient } = await import("@/lib/vendors/dingtalk/client");
  const w = wecomClient(db);
  const d = dingtalkClient(db);
  return {
    wecom: (touser, message) => w.sendMessage({ touser, msgtype: String(message.msgtype), ...message }),
    dingtalk: (userIds, msg) => d.sendWorkNotice(userIds, msg),
  };
}

export const LIMITS = {
  wecom: [
    { windowMs: 60_000, max: 30 },
    { windowMs: 3_600_000, max: 1000 },
  ],
  dingtalk: [{ windowMs: 86_400_000, max: 500 }],
} as const;

/** Vendor message bodies: WeCom textcard, DingTalk action_card work notification. */
export function vendorMessage(channel: "wecom" | "dingtalk", p: Row["payload"]): Record<string, unknown> {
  const title = String(p.title ?? "");
  const description = String(p.description ?? "");
  const url = typeof p.url === "string" ? p.url : undefined;
  if (channel === "wecom") {
    return { msgtype: "textcard", textcard: { title, description, url: url ?? "", btntxt: String(p.buttonText ?? "详情") } };
  }
  return url
    ? { msgtype: "action_card", action_card: { title, markdown: `### ${title}\n\n${description}`, single_title: String(p.buttonText ?? "查看详情"), single_url: url } }
    : { msgtype: "text", text: { content: `${title}\n${description}` } };
}

async function claim(db: Db, now: Date, limit: number): Promise<Row[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(notificationOutbox)
      .where(and(inArray(notificationOutbox.status, ["pending", "failed", "sending"]), lte(notificationOutbox.nextAttemptAt, now)))
      .orderBy(notificationOutbox.nextAttemptAt)
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    await tx
      .update(notificationOutbox)
      .set({ status: "sending", nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(notificationOutbox.id, due.map((r) => r.id)));
    return due;
  });
}

/** How many messages each recipient got on this channel within each limit window (sent rows). */
async function recentCounts(db: Db, channel: "wecom" | "dingtalk", employeeIds: number[], now: Date): Promise<Map<number, number[]>> {
  const windows = LIMITS[channel];
  const longest = Math.max(...windows.map((w) => w.windowMs));
  const rows = await db
    .select({ e: notificationOutbox.recipientEmployeeId, at: notificationOutbox.sentAt })
    .from(notificationOutbox)
    .where(
      and(
        eq(notificationOutbox.channel, channel),
        eq(notificationOutbox.status, "sent"),
        inArray(notificationOutbox.recipientEmployeeId, employeeIds),
        gte(notificationOutbox.sentAt, new Date(now.getTime() - longest)),
      ),
    );
  const out = new Map<number, number[]>();
  for (const r of rows) {
    const counts = out.get(r.e) ?? windows.map(() => 0);
    windows.forEach((w, i) => {
      if (r.at && r.at.getTime() >= now.getTime() - w.windowMs) counts[i]++;
    });
    out.set(r.e, counts);
  }
  return out;
}

async function vendorUserIds(db: Db, channel: "wecom" | "dingtalk", employeeIds: number[]): Promise<Map<number, string>> {
  const corpId = channel === "wecom" ? wecomConfig().corpId : dingtalkConfig().corpId;
  const rows = await db
    .select({ e: identities.employeeId, id: identities.externalId })
    .from(identities)
    .where(and(eq(identities.provider, channel), eq(identities.corpId, corpId), inArray(identities.employeeId, employeeIds)));
  return new Map(rows.map((r) => [r.e, r.id]));
}

export async function sendDue(db: Db, transport: Transport, opts: { now?: Date; limit?: number; http?: Partial<HttpPolicy> } = {}): Promise<number> {
  const now = opts.now ?? new Date();
  const claimed = await claim(db, now, opts.limit ?? 500);
  if (claimed.length === 0) return 0;
  // Cards, 待办 and attendance writes are sent by their owners (./custom.ts); the rest are chat messages.
  const rows = await sendCustomKinds(db, claimed, { now, maxAttempts: MAX_ATTEMPTS, http: opts.http });
  const mark = async (ids: number[], set: Partial<typeof notificationOutbox.$inferInsert>) => {
    if (ids.length) await db.update(notificationOutbox).set(set).where(inArray(notificationOutbox.id, ids));
  };
  for (const channel of ["wecom", "dingtalk"] as const) {
    const mine = rows.filter((r) => r.channel === channel);
    if (mine.length === 0) continue;
    const people = [...new Set(mine.map((r) => r.recipientEmployeeId))];
    const [counts, userIds] = await Promise.all([recentCounts(db, channel, people, now), vendorUserIds(db, channel, people)]);
    const limits = LIMITS[channel];
    const sendable: Row[] = [];
    const seen = new Map<number, number>();
    for (const r of mine) {
      const uid = userIds.get(r.recipientEmployeeId);
      if (!uid) {
        await mark([r.id], { status: "dead", lastError: `recipient has no ${channel} account in the identity ledger`, attempts: r.attempts + 1 });
        continue;
      }
      const c = counts.get(r.recipientEmployeeId) ?? limits.map(() => 0);
      const extra = seen.get(r.recipientEmployeeId) ?? 0;
      const over = limits.findIndex((l, i) => c[i] + extra >= l.max);
      if (over >= 0) {
        await mark([r.id], { status: "pending", nextAttemptAt: new Date(now.getTime() + Math.min(limits[over].windowMs, 3_600_000) / 4), lastError: "per-user limit reached: deferred" });
        continue;
      }
      seen.set(r.recipientEmployeeId, extra + 1);
      sendable.push(r);
    }
    // Batch rows whose message is identical (e.g. one meeting's reminder to everyone).
    const groups = new Map<string, Row[]>();
    for (const r of sendable) {
      const k = JSON.stringify(vendorMessage(channel, r.payload));
      groups.set(k, [...(groups.get(k) ?? []), r]);
    }
    const size = channel === "wecom" ? 1000 : 100;
    for (const [k, group] of groups) {
      for (let i = 0; i < group.length; i += size) {
        const batch = group.slice(i, i + size);
        const byUid = new Map(batch.map((r) => [userIds.get(r.recipientEmployeeId)!, r]));
        try {
          if (channel === "wecom") {
            const res = await transport.wecom([...byUid.keys()], JSON.parse(k));
            const refused = new Set(res.invalidUsers);
            await mark(batch.filter((r) => !refused.has(userIds.get(r.recipientEmployeeId)!)).map((r) => r.id), { status: "sent", sentAt: new Date(), vendorMessageId: res.msgid, lastError: null });
            await mark(batch.filter((r) => refused.has(userIds.get(r.recipientEmployeeId)!)).map((r) => r.id), { status: "dead", lastError: "WeCom refused the recipient (invaliduser)" });
          } else {
            const res = await transport.dingtalk([...byUid.keys()], JSON.parse(k));
            await mark(batch.map((r) => r.id), { status: "sent", sentAt: new Date(), vendorMessageId: String(res.taskId), lastError: null });
          }
        } catch (e) {
          const msg = (e as Error).message.slice(0, 300);
          if (isQuotaError(e)) {
            await mark(batch.map((r) => r.id), { status: "pending", nextAttemptAt: e.retryAt ?? new Date(now.getTime() + 3_600_000), lastError: msg });
            await alertQuotaExhausted(db, e);
            continue;
          }
          if (isUnknownOutcome(e)) {
            await mark(batch.map((r) => r.id), { status: "unknown", attempts: batch[0].attempts + 1, lastError: `no answer; not resent so nobody is notified twice: ${msg}` });
            log.warn({ channel, n: batch.length }, "notification send outcome unknown; not resent");
            continue;
          }
          for (const r of batch) {
            const attempts = r.attempts + 1;
            await mark([r.id], {
              status: attempts >= MAX_ATTEMPTS ? "dead" : "failed",
              attempts,
              lastError: msg,
              nextAttemptAt: new Date(now.getTime() + Math.min(2 ** attempts * 15_000, 3_600_000)),
            });
          }
          log.warn({ channel, n: batch.length, err: msg }, "notification send failed");
        }
      }
    }
  }
  return claimed.length;
}

