// The contract between the inbox worker and the domain handlers it dispatches to.
import type { Db } from "@/db/client";
import type { inboxEvents } from "@/db/schema";

export type InboxEvent = typeof inboxEvents.$inferSelect;

export type HandlerResult =
  | { outcome: "handled"; effects?: Record<string, unknown> }
  /** The person is not in the identity ledger yet: re-run when `parkKey` (e.g. "wecom:<corp>:<userid>") gets linked. */
  | { outcome: "parked"; reason: string; parkKey: string }
  /** Known type we deliberately do nothing with. */
  | { outcome: "ignored"; reason: string };

/**
 * A domain handler. It runs inside the transaction that marks the inbox row handled, so its writes
 * and the status change commit together (a retry never applies an effect twice). Throw to retry.
 */
export type EventHandler = (ctx: { db: Db; event: InboxEvent }) => Promise<HandlerResult>;
