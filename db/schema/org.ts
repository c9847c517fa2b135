import { sql } from "drizzle-orm";
import {
  bigserial,
  bigint,

  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const ts = (name?: string) => (name ? timestamp(name, { withTimezone: true }) : timestamp({ withTimezone: true }));

/** Department tree. `path` is the materialised path of ids ("/1/4/17/") so a subtree is one prefix match. */
export const departments = pgTable(
  "departments",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    code: text().notNull(), // natural key inside our system
    name: text().notNull(),
    nameEn: text(),
    parentId: bigint({ mode: "number" }),
    path: text().notNull(),
    depth: integer().notNull().default(0),
    sortOrder: integer().notNull().default(0),
    wecomId: text(),
    dingtalkId: text(),
    status: text({ enum: ["active", "removed"] }).notNull().default("active"),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("departments_code_uq").on(t.code),
    uniqueIndex("departments_wecom_id_uq").on(t.wecomId),
    uniqueIndex("departments_dingtalk_id_uq").on(t.dingtalkId),
    index("departments_path_idx").on(t.path.op("text_pattern_ops")),
    index("departments_parent_idx").on(t.parentId),
  ],
);

export const employees = pgTable(
  "employees",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    employeeNo: text().notNull(),
    name: text().notNull(),
    mobile: text(),
    email: text(),
    title: text(),
    departmentId: bigint({ mode: "number" }), // primary department
    status: text({ enum: ["active", "departed"] }).notNull().default("active"),
    departedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("employees_employee_no_uq").on(t.employeeNo),
    index("employees_department_idx").on(t.departmentId),
    index("employees_mobile_idx").on(t.mobile),
    index("employees_email_idx").on(t.email),
    index("employees_updated_idx").on(t.updatedAt, t.id),
  ],
);

/** Every department an employee belongs to (vendors allow several); the primary one is employees.department_id. */
export const employeeDepartments = pgTable(
  "employee_departments",
  {
    employeeId: bigint({ mode: "number" }).notNull(),
    departmentId: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.departmentId] }), index("employee_departments_dept_idx").on(t.departmentId)],
);

/** Department leaders (负责人), from the vendor's leader data. Managers see the subtree of what they lead. */
export const departmentLeaders = pgTable(
  "department_leaders",
  {
    departmentId: bigint({ mode: "number" }).notNull(),
    employeeId: bigint({ mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.employeeId] }), index("department_leaders_emp_idx").on(t.employeeId)],
);

/** The identity ledger: a vendor account → one employee. A session exists only through a row here. */
export const identities = pgTable(
  "identities",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    provider: text({ enum: ["wecom", "dingtalk", "tencent_meeting", "zoom", "agora"] }).notNull(),
    corpId: text().notNull().default(""),
    externalId: text().notNull(),
    unionId: text(),
    employeeId: bigint({ mode: "number" }).notNull(),
    matchedBy: text({ enum: ["employee_no", "vendor_id", "mobile", "email", "hr_manual", "sync", "seed"] }).notNull(),
    verifiedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("identities_provider_external_uq").on(t.provider, t.corpId, t.externalId),
    index("identities_employee_idx").on(t.employeeId),
    index("identities_union_idx").on(t.provider, t.unionId),
  ],
);

/** Ambiguities the ledger refuses to guess: HR links or rejects them in the console. */
export const identityConflicts = pgTable(
  "identity_conflicts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    provider: text().notNull(),
    corpId: text().notNull().default(""),
    externalId: text().notNull(),
    reason: text({ enum: ["no_match", "ambiguous", "key_collision", "departed"] }).notNull(),
    candidateEmployeeIds: jsonb().$type<number[]>().notNull().default([]),
    evidence: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text({ enum: ["open", "linked", "rejected"] }).notNull().default("open"),
    resolvedEmployeeId: bigint({ mode: "number" }),
    resolvedBy: bigint({ mode: "number" }),
    resolvedAt: ts(),
    createdAt: ts().notNull().defaultNow(),
    updatedAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("identity_conflicts_open_uq")
      .on(t.provider, t.corpId, t.externalId)
      .where(sql`status = 'open'`),
    index("identity_conflicts_status_idx").on(t.status, t.createdAt),
  ],
);

/** HR and admin grants: to a person, or to everyone in a department (HR "configured as people or a department"). */
export const roleGrants = pgTable(
  "role_grants",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    role: text({ enum: ["hr", "admin"] }).notNull(),
    employeeId: bigint({ mode: "number" }),
    departmentId: bigint({ mode: "number" }),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("role_grants_emp_uq").on(t.role, t.employeeId),
    uniqueIndex("role_grants_dept_uq").on(t.role, t.departmentId),
  ],
);


/**
 * Every sign-in attempt through a vendor code (the reference id a refused user quotes to HR).
 * `codeHash` (sha256 of provider + code) is unique: a code we have already redeemed is refused as reused.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    reference: text().notNull(),
    provider: text().notNull(),
    flow: text().notNull(), // wecom_oauth, wecom_qr, dingtalk_inapp, dingtalk_oauth
    codeHash: text(),
    outcome: text({ enum: ["pending", "signed_in", "refused"] }).notNull().default("pending"),
    reason: text(),
    externalId: text(),
    employeeId: bigint({ mode: "number" }),
    conflictId: bigint({ mode: "number" }),
    createdAt: ts().notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("login_attempts_reference_uq").on(t.reference),
    uniqueIndex("login_attempts_code_uq").on(t.codeHash),
    index("login_attempts_created_idx").on(t.createdAt),
  ],
);

/**
 * Sessions ended by sign-out. A session JWT carries a random `sid` from sign-in on; the viewer check refuses a
 * sid listed here, so a copied cookie stops working when its owner signs out. A row is kept until the session
 * would have expired anyway (`expires_at`, the JWT's exp), then pruned.
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sid: text().primaryKey(),
    employeeId: bigint({ mode: "number" }),
    revokedAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);
