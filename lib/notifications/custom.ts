// Outbox kinds that are not plain chat messages: an approval's WeCom template card (its response_code is kept),
// the card's later update, DingTalk 待办 create/done/delete, and approved leave / 补卡 written into the vendors'
// attendance. They ride the same outbox (durable, retried, delivery state on the console page) but each is sent by
// its owner's function, one row at a time, loaded lazily so this module depends on no domain at load time.
import "server-only";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { notificationOutbox } from "@/db/schema";
import { log } from "@/lib/observability/log";
import type { HttpPolicy } from "@/lib/vendors/http";
import { alertQuotaExhausted, isQuotaError, isUnknownOutcome } from "./alerts";

type Row = typeof notificationOutbox.$inferSelect;

export type CustomResult =
  | { status: "sent"; vendorMessageId?: string | null }
  /** Not yet possible (e.g. a card update whose card is still on its way): try again at `until`, no attempt counted. */
  | { status: "defer"; until: Date; note: string }
  /** Can never succeed (no account, nothing to update). */
  | { status: "dead"; error: string };

export interface CustomKindSender {
  send(ctx: { db: Db; row: Row; now: Date; http?: Partial<HttpPolicy> }): Promise<CustomResult>;
  /** A call without an answer may be repeated (the vendor call is idempotent); otherwise the row becomes "unknown". */
  resendUnknown: boolean;
}

const approvalSurfaces = () => import("@/lib/approvals/notify/dispatch").then((m) => m.approvalSurfaceSenders);
const attendanceWrites = () => import("@/lib/approvals/vendor-write/dispatch").then((m) => m.attendanceWriteSenders);

const LOADERS: Record<string, () => Promise<Record<string, CustomKindSender>>> = {
  approval_card: approvalSurfaces,
  approval_card_update: approvalSurfaces,
  approval_todo: approvalSurfaces,
  approval_todo_close: approvalSurfaces,
  attendance_approval_finish: attendanceWrites,
  attendance_punch_correction: attendanceWrites,
  // undoing an approvals/finish on 撤销 (before this was listed, the row went out as a plain work notice)
  attendance_approve_cancel: attendanceWrites,
};

export const isCustomKind = (kind: string) => Object.hasOwn(LOADERS, kind);

/** Send the claimed rows of custom kinds; returns the rows left for the message path. */
export async function sendCustomKinds(db: Db, rows: Row[], opts: { now: Date; maxAttempts: number; http?: Partial<HttpPolicy> }): Promise<Row[]> {
  const mine = rows.filter((r) => isCustomKind(r.kind));
  if (!mine.length) return rows;
  const mark = (id: number, set: Partial<typeof notificationOutbox.$inferInsert>) => db.update(notificationOutbox).set(set).where(inArray(notificationOutbox.id, [id]));
  for (const row of mine) {
    const sender = (await LOADERS[row.kind]())[row.kind];
    try {
      const r = await sender.send({ db, row, now: opts.now, http: opts.http });
      if (r.status === "sent") await mark(row.id, { status: "sent", sentAt: new Date(), vendorMessageId: r.vendorMessageId ?? null, lastError: null, attempts: row.attempts + 1 });
      else if (r.status === "defer") await mark(row.id, { status: "pending", nextAttemptAt: r.until, lastError: r.note });
      else await mark(row.id, { status: "dead", lastError: r.error.slice(0, 300), attempts: row.attempts + 1 });
    } catch (e) {
      const msg = (e as Error).message.slice(0, 300);
      if (isQuotaError(e)) {
        await mark(row.id, { status: "pending", nextAttemptAt: e.retryAt ?? new Date(opts.now.getTime() + 3_600_000), lastError: msg });
        await alertQuotaExhausted(db, e);
        continue;
      }
      const attempts = row.attempts + 1;
      if (isUnknownOutcome(e) && !sender.resendUnknown) {
        await mark(row.id, { status: "unknown", attempts, lastError: `no answer; not resent so nothing happens twice: ${msg}` });
        continue;
      }
      await mark(row.id, {
        status: attempts >= opts.maxAttempts ? "dead" : "failed",
        attempts,
        lastError: msg,
        nextAttemptAt: new Date(opts.now.getTime() + Math.min(2 ** attempts * 15_000, 3_600_000)),
      });
      log.warn({ kind: row.kind, err: msg }, "outbox send failed");
    }
  }
  return rows.filter((r) => !isCustomKind(r.kind));
}
