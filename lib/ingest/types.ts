// The contract between the inbox worker and the domain handlers it dispatches to.
import type { Db } from "@/db/client";
import type { inboxEvents } from "@/db/schema";

/** A stored event as handlers see it: everything but the raw body (kept for audit and replay, never parsed again). */
export type InboxEvent = Omit<typeof inboxEvents.$inferSelect, "raw">;

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
export type EventHandler = ((ctx: { db: Db; event: InboxEvent }) => Promise<HandlerResult>) & {
  /** Never touches `db`: the worker skips the savepoint (two round trips per event) it opens around others. */
  readonly pure?: true;
  /**
   * Handles several events of its key at once (one savepoint, shared loads, multi-row writes), returning one result
   * per event in order. The worker uses it when a batch holds more than one event of the key; if it throws, the
   * worker falls back to the one-by-one handler so a bad event fails alone.
   */
  readonly batch?: (ctx: { db: Db; events: InboxEvent[] }) => Promise<HandlerResult[]>;
};

/** Mark a handler that decides from the event alone (no reads or writes of its own). */
export function pureHandler(fn: (ctx: { event: InboxEvent }) => Promise<HandlerResult>): EventHandler {
  return Object.assign((ctx: { db: Db; event: InboxEvent }) => fn({ event: ctx.event }), { pure: true as const });
}

/*
 * Event type naming and payload shapes in inbox_events (stable; handlers key on "<source>:<eventType>"):
 * - wecom:           eventType = Event, or `${Event}.${ChangeType}` when ChangeType is present
 *                    (e.g. "change_contact.update_user", "change_contact.create_party"); for messages, `msg.${MsgType}`.
 *                    payload = the decrypted XML as a flat object keyed by element name
 *                    ({ToUserName, FromUserName, CreateTime, Event, ChangeType, UserID, ...}), values as strings.
 * - dingtalk:        eventType = EventType (e.g. "user_add_org", "user_leave_org", "org_dept_create");
 *                    payload = the decrypted JSON object ({EventType, TimeStamp, UserId: [...], CorpId, ...}).
 * - tencent_meeting: eventType = event (e.g. "meeting.participant-joined"); payload = the decoded JSON
 *                    ({event, trace_id, payload: [...]}).
 * - zoom:            eventType = event (e.g. "meeting.participant_joined"); payload = the body JSON.
 * - agora:           eventType = `${productId}.${eventType}` (NCS numbers); payload = the body JSON.
 */
