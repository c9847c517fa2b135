import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

const ts = () => timestamp({ withTimezone: true });

export const NATIVE_VENDORS = ["wecom", "dingtalk"] as const;
/** The instance as the vendor states it (WeCom SpStatus / DingTalk status+result, normalised). */
export const NATIVE_STATES = ["running", "agree", "refuse", "revoked", "deleted"] as const;
/** What an approved instance does to attendance (null kind: nothing, e.g. 报销). */
export const NATIVE_KINDS = ["leave", "overtime", "correction", "other"] as const;

export interface NativeTask {
  /** DingTalk taskId (a number on the wire, kept as a string); WeCom has none (its approvers act in WeCom only). */
  taskId: string | null;
  userId: string;
  /** RUNNING | COMPLETED | CANCELED | … as the vendor says; "running" tasks are the ones that may be decided now. */
  status: string;
  result: string | null;
}

/** What we did to attendance for an approved instance, so a revoke undoes exactly that. */
export interface NativeEffect {
  kind: "leave" | "overtime" | "correction";
  leaveSpanKey?: string;
  meetingLeaveId?: number;
  punchRecordId?: string;
  /** overtime_approvals source key (source "native") of an approved overtime. */
  overtimeKey?: string;
  days?: string[];
  employeeId: number;
}

/**
 * A native WeCom / DingTalk approval instance mirrored into approval_items (source "wecom" | "dingtalk"). Natural key
 * (vendor, instance_id). (vendor_version, state_rank) orders snapshots: the newest vendor time in the instance (ms),
 * then the state's rank (running < agree/refuse < revoked < deleted), so an older snapshot never overwrites a newer
 * one and a redelivery changes nothing. The people come from the identity ledger; vendor ids not in it are listed
 * in `unknown_user_ids` and the instance is kept (state unknown_employee while the applicant is unknown: no item).
 */
export const approvalNativeInstances = pgTable(
  "approval_native_instances",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    vendor: text({ enum: NATIVE_VENDORS }).notNull(),
    instanceId: text().notNull(),
    /** approval_items.id; null while the applicant is not in the identity ledger. */
    itemId: bigint({ mode: "number" }),
    vendorVersion: bigint({ mode: "number" }).notNull(),
    stateRank: integer().notNull(),
    state: text({ enum: NATIVE_STATES }).notNull(),
    kind: text({ enum: NATIVE_KINDS }).notNull().default("other"),
    /** DingTalk processCode / WeCom template_id (reconciliation lists by it). */
    processCode: text().notNull().default(""),
    title: text().notNull(),
    applicantUserId: text().notNull(),
    applicantId: bigint({ mode: "number" }),
    unknownUserIds: text().array().notNull().default([]),
    tasks: jsonb().$type<NativeTask[]>().notNull().default([]),
    /** The normalised form (what the effect reads): leave start/end/type, overtime span, 补卡 time. */
    form: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    effect: jsonb().$type<NativeEffect | null>(),
    effectsAppliedAt: ts(),
    effectsReversedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("approval_native_instances_key_uq").on(t.vendor, t.instanceId),
    index("approval_native_instances_item_idx").on(t.itemId),
    index("approval_native_instances_state_idx").on(t.vendor, t.state, t.updatedAt),
  ],
);
