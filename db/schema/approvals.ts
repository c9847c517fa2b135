import { sql } from "drizzle-orm";
import { bigserial, bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

/**
 * oa: pushed by the OA · app: our own applications (leave, 补卡) routed by approval_flows · wecom / dingtalk: the
 * vendors' native approvals mirrored from their events (lib/approvals/native, approval_native_instances).
 */
export const APPROVAL_SOURCES = ["oa", "app", "wecom", "dingtalk"] as const;
/**
 * open: waiting for a decision · decided: decided in this app (the decision row says how) · cancelled: withdrawn
 * at the source (or by our applicant) before anyone decided · decided_in_oa: the OA answered our write-back "already decided there".
 */
export const APPROVAL_ITEM_STATUSES = ["open", "decided", "cancelled", "decided_in_oa"] as const;
export const APPROVAL_OUTCOMES = ["agree", "refuse", "return"] as const;
/** What the source answered to our write-back of the decision (skipped: no OA sink configured, OA_SINK=none). */
export const WRITE_BACK_STATES = ["pending", "accepted", "already_decided", "failed", "skipped"] as const;
export const APPROVAL_EVENT_KINDS = ["submit", "update", "cancel", "view", "decide", "write_back", "withdraw", "remind", "escalate", "transfer", "revoke"] as const;

export interface ApprovalField {
  label: string;
  value: string;
}
export interface ApprovalAttachment {
  name: string;
  url: string;
}

/**
 * An approval todo from another system (today: the OA's push API). Natural key (source, external_id); `version` is
 * the source's own and only grows — an older version never overwrites a newer one. `approver_ids` are the people
 * who may decide it now (resolved from employee numbers when the version was received).
 */
export const approvalItems = pgTable(
  "approval_items",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    source: text({ enum: APPROVAL_SOURCES }).notNull(),
    externalId: text().notNull(),
    version: integer().notNull(),
    title: text().notNull(),
    applicantId: bigint({ mode: "number" }).notNull(),
    approverIds: bigint({ mode: "number" }).array().notNull(),
    fields: jsonb().$type<ApprovalField[]>().notNull().default([]),
    attachments: jsonb().$type<ApprovalAttachment[]>().notNull().default([]),
    link: text().notNull(),
    dueAt: ts(),
    status: text({ enum: APPROVAL_ITEM_STATUSES }).notNull().default("open"),
    /** When the source first sent it (our receipt of version 1, or the first version we saw). */
    submittedAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("approval_items_source_key_uq").on(t.source, t.externalId),
    // "what must I decide": open items of one approver, newest first
    index("approval_items_approvers_idx").using("gin", t.approverIds),
    index("approval_items_status_idx").on(t.status, t.submittedAt),
    index("approval_items_updated_idx").on(t.updatedAt, t.id),
    // "submitted by me" and per-applicant lookups (e.g. an open 会议请假 for the same meeting)
    index("approval_items_applicant_idx").on(t.applicantId),
  ],
);

/**
 * The decision taken in this app. UNIQUE (item_id): two racing decisions cannot both stand — the second insert
 * conflicts and is told who decided first. `write_back` is the source's answer to our write-back.
 */
export const approvalDecisions = pgTable(
  "approval_decisions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    itemId: bigint({ mode: "number" }).notNull(),
    outcome: text({ enum: APPROVAL_OUTCOMES }).notNull(),
    comment: text().notNull().default(""),
    deciderId: bigint({ mode: "number" }).notNull(),
    client: text().notNull(),
    decidedAt: ts().notNull().defaultNow(),
    writeBack: text({ enum: WRITE_BACK_STATES }).notNull().default("pending"),
    writeBackAt: ts(),
    writeBackDetail: text(),
  },
  (t) => [uniqueIndex("approval_decisions_item_uq").on(t.itemId), index("approval_decisions_decider_idx").on(t.deciderId)],
);

/** Append-only audit of every act on an item: who (null = the source system), when, from which client, comment. */
export const approvalEvents = pgTable(
  "approval_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    itemId: bigint({ mode: "number" }).notNull(),
    kind: text({ enum: APPROVAL_EVENT_KINDS }).notNull(),
    actorId: bigint({ mode: "number" }),
    client: text().notNull(),
    comment: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: ts().notNull().default(sql`clock_timestamp()`),
  },
  (t) => [index("approval_events_item_idx").on(t.itemId, t.at)],
);
