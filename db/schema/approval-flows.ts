import { sql } from "drizzle-orm";
import { bigserial, bigint, boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { APPROVAL_OUTCOMES } from "./approvals";

const ts = () => timestamp({ withTimezone: true });

/** What our own flows decide (our applications; the OA's items come through approval_items source "oa"). */
export const APPLICATION_KINDS = ["leave", "correction", "overtime", "meeting_excuse"] as const;
/** single: one person (several resolved people are asked one after another) · all: 会签 · any: 或签. */
export const STEP_MODES = ["single", "all", "any"] as const;
export const STEP_STATUSES = ["waiting", "active", "agreed", "refused", "returned", "withdrawn"] as const;

/** Whom a step asks, resolved at submit time (flows/resolve.ts). */
export type ApproverRule =
  | { type: "leader" }
  | { type: "leader_up"; levels: number }
  | { type: "role"; role: "hr" }
  | { type: "people"; employeeIds: number[] }
  /** 会议请假: the organiser of the meeting the application names (meeting_excuse only). */
  | { type: "meeting_organizer" };

/** When a flow (or one of its steps) applies; every given condition must hold. */
export interface FlowCondition {
  minDays?: number;
  /** Overtime applications of at least this many hours. */
  minHours?: number;
  leaveTypes?: string[];
  /** The applicant is in one of these departments or below them (department ids). */
  departmentIds?: number[];
}

/**
 * 审批超时: when a step has waited `hours` since it became active, its approvers are reminded (催办), at most
 * `remindMax` times, one every `hours`; after that the step is escalated to `escalateTo` (the approver's leader
 * and/or HR) with a chat alert, and — only when set — decided automatically with `autoAction`.
 */
export interface StepTimeout {
  hours: number;
  remindMax: number;
  escalateTo: ("leader" | "hr")[];
  autoAction?: "agree" | "refuse";
}
export interface FlowStepDef {
  mode: (typeof STEP_MODES)[number];
  approvers: ApproverRule[];
  when?: FlowCondition;
  timeout?: StepTimeout;
}

/**
 * A flow HR defines: for applications of `kind` whose form meets `conditions`, the steps in order. The first
 * active flow by `priority` (lowest first) that matches is used. `code` is the natural key (seeds are idempotent).
 */
export const approvalFlows = pgTable(
  "approval_flows",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    code: text().notNull(),
    kind: text({ enum: APPLICATION_KINDS }).notNull(),
    name: text().notNull(),
    priority: integer().notNull().default(100),
    conditions: jsonb().$type<FlowCondition>().notNull().default({}),
    steps: jsonb().$type<FlowStepDef[]>().notNull(),
    active: boolean().notNull().default(true),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [uniqueIndex("approval_flows_code_uq").on(t.code), index("approval_flows_kind_idx").on(t.kind, t.priority)],
);

/** One of our applications behind an approval_items row (source "app"): the form and the flow it was routed by. */
export const approvalApplications = pgTable("approval_applications", {
  itemId: bigint({ mode: "number" }).primaryKey(),
  kind: text({ enum: APPLICATION_KINDS }).notNull(),
  flowId: bigint({ mode: "number" }).notNull(),
  form: jsonb().$type<Record<string, unknown>>().notNull(),
  days: real(),
  /** Set once the approved application's effects (leave span, punch) are written: never twice. */
  effectsAppliedAt: ts(),
  /** The meetings' leave row an approved leave made (lib/meetings recordLeave), removed again on 撤销. */
  meetingLeaveId: bigint({ mode: "number" }),
  /**
   * 撤销 after approval (flows/revoke.ts): when, by whom (the applicant, or HR / an admin) and why. The decision
   * stays on record (approval_decisions); the effects are undone once and the item reads as revoked.
   */
  revokedAt: ts(),
  revokedBy: bigint({ mode: "number" }),
  revokeReason: text(),
});

/** The resolved path of one application: steps in order with the people each asks (fixed at submit time). */
export const approvalItemSteps = pgTable(
  "approval_item_steps",
  {
    itemId: bigint({ mode: "number" }).notNull(),
    stepIndex: integer().notNull(),
    mode: text({ enum: STEP_MODES }).notNull(),
    approverIds: bigint({ mode: "number" }).array().notNull(),
    status: text({ enum: STEP_STATUSES }).notNull().default("waiting"),
    endedAt: ts(),
    /** When the step became active (its 审批超时 clock starts here); null while waiting. */
    activatedAt: ts(),
    /** The flow step's StepTimeout, fixed at submit time like the approvers (null: the step never times out). */
    timeout: jsonb().$type<StepTimeout>(),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.stepIndex] })],
);

/** Each approver's decision on a step. UNIQUE (item, step, decider): nobody decides one step twice. */
export const approvalStepDecisions = pgTable(
  "approval_step_decisions",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    itemId: bigint({ mode: "number" }).notNull(),
    stepIndex: integer().notNull(),
    deciderId: bigint({ mode: "number" }).notNull(),
    /** 外出代理: who actually decided, as agent of decider_id (approval_delegations); null when the decider did. */
    agentId: bigint({ mode: "number" }),
    outcome: text({ enum: APPROVAL_OUTCOMES }).notNull(),
    comment: text().notNull().default(""),
    client: text().notNull(),
    decidedAt: ts().notNull().default(sql`clock_timestamp()`),
  },
  (t) => [uniqueIndex("approval_step_decisions_uq").on(t.itemId, t.stepIndex, t.deciderId)],
);
