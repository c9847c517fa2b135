// 导出模板 (issue 14 item 3, Exports): HR's named column templates for the monthly sheet and the detail export —
// which columns, in which order, under which header — so the file matches the payroll system's template with no
// hand edits. Stored in app_settings ("attendance_export_templates"), changed under the row's lock, audited.
import "server-only";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { appSettings } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { badRequest, forbidden, notFound } from "@/lib/errors";
import { SHEET_LEAVE_TYPES, TOTAL_COLUMNS } from "./sheet-codes";

export const EXPORT_TEMPLATES_KEY = "attendance_export_templates";
export const TEMPLATE_KINDS = ["sheet", "detail"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];
export const MAX_TEMPLATES = 50;
export const MAX_COLUMNS = 80;
export const MAX_HEADER = 40;
export const MAX_NAME = 40;

/** The per-day code block of the sheet: one column per day of the period, moved as one. */
export const DAYS_BLOCK = "days";

/** Every column the sheet export can hold, in the default order: identity, the day block, totals (leave per type). */
export const SHEET_COLUMN_KEYS: string[] = [
  "employeeNo",
  "name",
  "department",
  DAYS_BLOCK,
  ...TOTAL_COLUMNS.flatMap((c) => (c === "leave" ? SHEET_LEAVE_TYPES.map((t) => `leave:${t}`) : [c])),
];

/** Every column of the detail export (one row per person × day), in the default order. */
export const DETAIL_COLUMN_KEYS: string[] = [
  "employeeNo",
  "name",
  "department",
  "date",
  "shift",
  "codes",
  "lateMinutes",
  "earlyLeaveMinutes",
  "workedMinutes",
  "overtimeWorkday",
  "overtimeRestDay",
  "overtimeHoliday",
  "leaveMinutes",
  "leaveType",
  "explanation",
];

export const COLUMN_KEYS: Record<TemplateKind, string[]> = { sheet: SHEET_COLUMN_KEYS, detail: DETAIL_COLUMN_KEYS };

export const DURATION_UNITS = ["minutes", "hours"] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
/** The duration columns and the unit each is written in by default; a template may switch one to the other unit. */
export const DEFAULT_UNITS: Record<TemplateKind, Record<string, DurationUnit>> = {
  sheet: {
    lateMinutes: "minutes",
    earlyLeaveMinutes: "minutes",
    workedHours: "hours",
    overtimeWorkday: "hours",
    overtimeRestDay: "hours",
    overtimeHoliday: "hours",
    ...Object.fromEntries(SHEET_LEAVE_TYPES.map((t) => [`leave:${t}`, "hours" as const])),
  },
  detail: Object.fromEntries(["lateMinutes", "earlyLeaveMinutes", "workedMinutes", "overtimeWorkday", "overtimeRestDay", "overtimeHoliday", "leaveMinutes"].map((k) => [k, "minutes" as const])),
};

const templateColumn = z
  .object({
    key: z.string("列必须是列名").min(1, "列名不能为空").max(64, "列名过长"),
    /** The header in the file; empty = the default header (the day block always has its per-day headers). */
    header: z.string("表头必须是文字").trim().max(MAX_HEADER, `表头最多 ${MAX_HEADER} 个字`).default(""),
    /** Duration columns only: minutes or hours (one decimal) instead of the column's default unit. */
    unit: z.enum(DURATION_UNITS, "单位只能是 minutes（分钟）或 hours（小时）").optional(),
  })
  .strict();

export const exportTemplateBody = z
  .object({
    name: z.string("模板名称必须是文字").trim().min(1, "请填写模板名称").max(MAX_NAME, `模板名称最多 ${MAX_NAME} 个字`),
    kind: z.enum(TEMPLATE_KINDS, "模板类型只能是 sheet（月度汇总）或 detail（每日明细）"),
    columns: z.array(templateColumn, "columns 必须是列的列表").min(1, "至少选择一列").max(MAX_COLUMNS, `最多 ${MAX_COLUMNS} 列`),
  })
  .strict()
  .superRefine((b, ctx) => {
    const known = new Set(COLUMN_KEYS[b.kind]);
    const seen = new Set<string>();
    b.columns.forEach((c, i) => {
      if (!known.has(c.key)) ctx.addIssue({ code: "custom", path: ["columns", i, "key"], message: `${b.kind === "sheet" ? "月度汇总" : "每日明细"}导出没有「${c.key}」这一列` });
      else if (seen.has(c.key)) ctx.addIssue({ code: "custom", path: ["columns", i, "key"], message: `「${c.key}」列重复` });
      else if (c.unit && !DEFAULT_UNITS[b.kind][c.key]) ctx.addIssue({ code: "custom", path: ["columns", i, "unit"], message: `「${c.key}」不是时长列，不能设置单位` });
      seen.add(c.key);
    });
  });
export type ExportTemplateInput = z.infer<typeof exportTemplateBody>;

export interface ExportTemplate extends ExportTemplateInput {
  id: number;
}
interface Stored {
  nextId: number;
  templates: ExportTemplate[];
}

export const templateIdParam = z.string().regex(/^[1-9]\d{0,8}$/, "template 必须是模板编号").transform(Number);

export function assertCanManageExportTemplates(viewer: Viewer): void {
  if (!canSeeEveryone(viewer)) throw forbidden("导出模板由人事和管理员维护");
}

/** The stored value, tolerant of a missing or malformed row (an empty list then). */
function parseStored(raw: unknown): Stored {
  const v = raw && typeof raw === "object" ? (raw as Partial<Stored>) : {};
  const templates = Array.isArray(v.templates) ? v.templates.filter((t): t is ExportTemplate => !!t && typeof t.id === "number" && exportTemplateBody.safeParse({ name: t.name, kind: t.kind, columns: t.columns }).success) : [];
  const nextId = typeof v.nextId === "number" ? v.nextId : templates.reduce((m, t) => Math.max(m, t.id), 0) + 1;
  return { nextId, templates };
}

async function readStored(db: Db): Promise<Stored> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, EXPORT_TEMPLATES_KEY));
  return parseStored(row?.value);
}

/** Every template, HR/admin only (the list on the manager page). */
export async function listExportTemplates(db: Db, viewer: Viewer): Promise<ExportTemplate[]> {
  assertCanManageExportTemplates(viewer);
  return (await readStored(db)).templates;
}

/**
 * One template for an export: readable by whoever may export (managers pick HR's templates too; the columns carry
 * no data). 404 for an unknown id, 400 when its kind is not the export's.
 */
export async function exportTemplateFor(db: Db, id: number, kind: TemplateKind): Promise<ExportTemplate> {
  const t = (await readStored(db)).templates.find((x) => x.id === id);
  if (!t) throw notFound(`导出模板 ${id} 不存在`);
  if (t.kind !== kind) throw badRequest(`导出模板 ${id} 用于${t.kind === "sheet" ? "月度汇总" : "每日明细"}导出，不能用于${kind === "sheet" ? "月度汇总" : "每日明细"}导出`);
  return t;
}

/** The templates an exporter may pick beside the sheet's export buttons (ids, names, kinds: no column lists). */
export async function templateChoices(db: Db): Promise<{ id: number; name: string; kind: TemplateKind }[]> {
  return (await readStored(db)).templates.map((t) => ({ id: t.id, name: t.name, kind: t.kind }));
}

/** Change the list under the row's lock (concurrent writers queue, none is lost); audited when something changed. */
async function mutate<R>(db: Db, viewer: Viewer, change: (s: Stored) => { next: Stored | null; result: R; audit?: { action: string; id: number; details: Record<string, unknown> } }): Promise<R> {
  assertCanManageExportTemplates(viewer);
  return db.transaction(async (tx) => {
    await tx.insert(appSettings).values({ key: EXPORT_TEMPLATES_KEY, value: { nextId: 1, templates: [] } }).onConflictDoNothing();
    const [row] = await tx.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, EXPORT_TEMPLATES_KEY)).for("update");
    const { next, result, audit } = change(parseStored(row?.value));
    if (next) {
      await tx.update(appSettings).set({ value: next, updatedAt: sql`now()` }).where(eq(appSettings.key, EXPORT_TEMPLATES_KEY));
      if (audit) await writeAudit(tx, viewer, audit.action, { type: "attendance_export_template", id: audit.id }, audit.details);
    }
    return result;
  });
}

/** A template in one shape (key order, empty header, a unit only where it differs from the column's default). */
const canonical = (b: ExportTemplateInput): ExportTemplateInput => ({
  name: b.name,
  kind: b.kind,
  columns: b.columns.map((c) => (c.unit && c.unit !== DEFAULT_UNITS[b.kind][c.key] ? { key: c.key, header: c.header ?? "", unit: c.unit } : { key: c.key, header: c.header ?? "" })),
});

export async function createExportTemplate(db: Db, viewer: Viewer, input: ExportTemplateInput): Promise<ExportTemplate> {
  const body = canonical(exportTemplateBody.parse(input));
  return mutate(db, viewer, (s) => {
    if (s.templates.length >= MAX_TEMPLATES) throw badRequest(`导出模板最多 ${MAX_TEMPLATES} 个，请先删除不用的模板`);
    const t: ExportTemplate = { id: s.nextId, ...body };
    return { next: { nextId: s.nextId + 1, templates: [...s.templates, t] }, result: t, audit: { action: "attendance.export_template.create", id: t.id, details: { to: body } } };
  });
}

export async function updateExportTemplate(db: Db, viewer: Viewer, id: number, input: ExportTemplateInput): Promise<{ template: ExportTemplate; changed: boolean }> {
  const body = canonical(exportTemplateBody.parse(input));
  return mutate<{ template: ExportTemplate; changed: boolean }>(db, viewer, (s) => {
    const i = s.templates.findIndex((t) => t.id === id);
    if (i < 0) throw notFound(`导出模板 ${id} 不存在`);
    const before = s.templates[i];
    const after: ExportTemplate = { id, ...body };
    // jsonb gives keys back in its own order: compare rebuilt copies, not the stored object
    if (JSON.stringify({ id, ...canonical(before) }) === JSON.stringify(after)) return { next: null, result: { template: before, changed: false } };
    const templates = s.templates.map((t) => (t.id === id ? after : t));
    const { id: _b, ...from } = before;
    return { next: { ...s, templates }, result: { template: after, changed: true }, audit: { action: "attendance.export_template.update", id, details: { from, to: body } } };
  });
}

export async function deleteExportTemplate(db: Db, viewer: Viewer, id: number): Promise<{ deleted: number }> {
  return mutate(db, viewer, (s) => {
    const gone = s.templates.find((t) => t.id === id);
    if (!gone) throw notFound(`导出模板 ${id} 不存在`);
    const { id: _g, ...from } = gone;
    return { next: { ...s, templates: s.templates.filter((t) => t.id !== id) }, result: { deleted: id }, audit: { action: "attendance.export_template.delete", id, details: { from } } };
  });
}
