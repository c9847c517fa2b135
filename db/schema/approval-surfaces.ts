import { bigint, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/** Why an approver's card / 待办 was closed: their own decision, someone else's, or the item going away. */
export const SURFACE_CLOSE_REASONS = ["agree", "refuse", "return", "others", "withdrawn", "cancelled"] as const;

/**
 * An approval item as it reached one approver in their vendor's own surfaces (lib/approvals/notify): the WeCom
 * template card, or the DingTalk work notice + 待办. One row per (item, step, approver), written when the step
 * asks them (the messages go out through the notification outbox) and closed once when it no longer does. The
 * vendor mirrors are filled in by the sender: the card's response codes (send, click) and the 待办's task id.
 * Step 0 for the OA's items (they have no steps here).
 */
export const approvalSurfaces = pgTable(
  "approval_surfaces",
  {
    itemId: bigint({ mode: "number" }).notNull(),
    stepIndex: integer().notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
    channel: text({ enum: ["wecom", "dingtalk"] }).notNull(),
    notifiedAt: ts().notNull().defaultNow(),
    closedAt: ts(),
    closeReason: text({ enum: SURFACE_CLOSE_REASONS }),
    /** WeCom: response_code of message/send (usable once, 72 h) and of the approver's click (usable once). */
    wecomResponseCode: text(),
    wecomClickCode: text(),
    /** DingTalk: the 待办's task id and the unionId it lives under. */
    dingtalkTodoId: text(),
    dingtalkUnionId: text(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.stepIndex, t.employeeId] })],
);
