import { bigint, bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

export const BRIDGE_DIRECTIONS = ["dingtalk_to_wecom", "wecom_to_dingtalk"] as const;
export type BridgeDirection = (typeof BRIDGE_DIRECTIONS)[number];

/**
 * The DingTalk ↔ WeCom attendance bridge (lib/attendance/bridge): one row per punch to copy into the other vendor,
 * written in the transaction that stored the punch (so none is missed), sent in paced batches. Natural key
 * (direction, punch_id): a redelivered or re-pulled punch is never queued twice. `sent_at` is the vendor's yes;
 * `unknown` = the call got no answer — the sender reads the target back before it sends again.
 */
export const attendanceBridge = pgTable(
  "attendance_bridge",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    direction: text({ enum: BRIDGE_DIRECTIONS }).notNull(),
    punchId: bigint({ mode: "number" }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    /** the person's user id in the target vendor (identity ledger), null while none is linked */
    targetUserId: text(),
    /** the instant sent to the target, whole seconds (WeCom takes seconds): the echo guard compares on it */
    punchedAt: ts().notNull(),
    status: text({ enum: ["pending", "sending", "unknown", "sent", "failed", "dead"] }).notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    lastError: text(),
    sentAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("attendance_bridge_uq").on(t.direction, t.punchId),
    index("attendance_bridge_due_idx").on(t.status, t.nextAttemptAt),
    index("attendance_bridge_echo_idx").on(t.employeeId, t.punchedAt),
  ],
);
