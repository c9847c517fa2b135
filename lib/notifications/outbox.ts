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
