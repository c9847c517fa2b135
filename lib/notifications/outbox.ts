// The one path for outbound chat messages (reminders, nudges, alerts; later approval cards).
import type { Db } from "@/db/client";
import { notificationOutbox } from "@/db/schema";

export interface ChatNotification {
  channel: "wecom" | "dingtalk";
  recipientEmployeeId: number;
  kind: string;
  /** Natural key of the message, e.g. "meeting_reminder:42:1001": enqueueing it twice sends once. */
  dedupeKey: string;
  payload: { title: string; description: string; url?: string; buttonText?: string } & Record<string, unknown>;
  notBefore?: Date;
}

export async function enqueueNotification(db: Db, n: ChatNotification): Promise<boolean> {
  const rows = await db
    .insert(notificationOutbox)
    .values({
      channel: n.channel,
      recipientEmployeeId: n.recipientEmployeeId,
      kind: n.kind,
      dedupeKey: n.dedupeKey,
      payload: n.payload,
      nextAttemptAt: n.notBefore ?? new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: notificationOutbox.id });
  return rows.length > 0;
}

/** Many at once (a meeting's invitees), in batches; each deduped like enqueueNotification. Returns how many were new. */
export async function enqueueNotifications(db: Db, list: ChatNotification[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < list.length; i += 1000) {
    const rows = await db
      .insert(notificationOutbox)
      .values(
        list.slice(i, i + 1000).map((n) => ({
          channel: n.channel,
          recipientEmployeeId: n.recipientEmployeeId,
          kind: n.kind,
          dedupeKey: n.dedupeKey,
          payload: n.payload,
          nextAttemptAt: n.notBefore ?? new Date(),
        })),
      )
      .onConflictDoNothing()
      .returning({ id: notificationOutbox.id });
    added += rows.length;
  }
  return added;
}
