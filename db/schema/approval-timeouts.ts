import { sql } from "drizzle-orm";
import { bigint, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/** remind: 催办 to the approvers · escalate: alert to their leader and/or HR · auto: the step decided automatically. */
export const TIMEOUT_STAGE_KINDS = ["remind", "escalate", "auto"] as const;
/** sent: done · skipped: a reminder superseded by a later stage due at the same pass · decided / not_decided: auto. */
export const TIMEOUT_STAGE_RESULTS = ["sent", "skipped", "decided", "not_decided"] as const;

/**
 * Each 审批超时 stage of an item's waiting step, claimed once (lib/approvals/escalation): natural key item × step ×
 * deadline × stage number. The row is inserted in the transaction that sends the stage's messages and writes its
 * approval event, so a restart or a second worker neither repeats nor loses a stage. `deadline` is the item's
 * due_at the stages count from (an OA that moves the deadline starts a new series); OA items use step 0.
 */
export const approvalTimeoutStages = pgTable(
  "approval_timeout_stages",
  {
    itemId: bigint({ mode: "number" }).notNull(),
    stepIndex: integer().notNull(),
    deadline: ts().notNull(),
    stageNo: integer().notNull(),
    kind: text({ enum: TIMEOUT_STAGE_KINDS }).notNull(),
    /** The how-many-th reminder (1 for escalate and auto). */
    n: integer().notNull(),
    /** When the stage was due (after quiet hours). */
    dueAt: ts().notNull(),
    result: text({ enum: TIMEOUT_STAGE_RESULTS }).notNull(),
    recipientIds: bigint({ mode: "number" }).array().notNull().default(sql`'{}'::bigint[]`),
    firedAt: ts().notNull().default(sql`clock_timestamp()`),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.stepIndex, t.deadline, t.stageNo] })],
);
