// Export templates (导出模板) on a real database: HR's CRUD (audited, a no-op writes nothing, every bad body a 400
// that writes nothing, managers 403, concurrent writers all land), and the sheet and detail exports with a template —
// the file holds exactly the chosen columns, in order, under the chosen headers, with the default export's values;
// a manager's template export is scoped like the default one.
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { appSettings, auditLog, leaveSpans } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { errorResponse } from "@/lib/errors";
import { streamTable, type ExportFormat, type TableStream } from "@/lib/exports/stream";
import { addDays, zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { peopleInDepartments, realViewerOf } from "@/tests/people";
import { refreshCalendar } from "./calendar";
import {
  createExportTemplate,
  deleteExportTemplate,
  DETAIL_COLUMN_KEYS,
  EXPORT_TEMPLATES_KEY,
  exportTemplateFor,
  listExportTemplates,
  MAX_COLUMNS,
  SHEET_COLUMN_KEYS,
  updateExportTemplate,
  type ExportTemplateInput,
} from "./export-templates";
import { writePunches, type PunchWrite } from "./punches/store";
import { recomputeMany } from "./recompute";
import { detailExport, sheetExport } from "./sheet-export";

const MONTH = "2026-11";
const DAYS = ["2026-11-26", "2026-11-27", "2026-11-30"]; // a Thursday, a Friday and a Monday: workdays
const at = (date: string, time: string) => zonedTimeToUtc(date, time, "Asia/Shanghai");
let t: TestDatabase;
let db: Db;
let second: Database;
let hr: Viewer;
let manager: Viewer;
const org = buildDemoOrg();
const hrNo = org.employees.find((e) => e.role === "hr" && !e.isLeader)!.employeeNo;
const managerNo = org.employees.find((e) => e.isLeader && e.departmentCode === "D311")!.employeeNo;
const d311 = org.employees.filter((e) => e.departmentCode === "D311" && !e.isLeader).map((e) => e.employeeNo).sort();

/** The HTTP status the routes answer for what `p` rejects with (AppError or ZodError, through errorResponse). */
const statusOf = (p: Promise<unknown>): Promise<number> => p.then(() => 200, (e: unknown) => errorResponse(e).status);
const messageOf = (p: Promise<unknown>): Promise<string> => p.then(() => "", async (e: unknown) => ((await errorResponse(e).json()) as { message: string }).message);
const audits = async () => (await db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(sql`${auditLog.action} like 'attendance.export_template.%'`))[0].n;
const stored = async () => (await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, EXPORT_TEMPLATES_KEY)))[0]?.value ?? null;

async function xlsxRows(table: TableStream): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await new Response(streamTable(table, "xlsx")).arrayBuffer()) as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  const ws = wb.worksheets[0];
  // every cell of every row, an empty one as "" (exceljs leaves holes where a cell was written empty)
  ws.eachRow((row) => out.push(Array.from({ length: ws.columnCount }, (_, i) => row.getCell(i + 1).value ?? "")));
  return out;
}
async function csvRows(table: TableStream): Promise<string[][]> {
  const text = Buffer.from(await new Response(streamTable(table, "csv" as ExportFormat)).arrayBuffer()).toString("utf8").replace(/^\uFEFF/, "");
  return parse(text) as string[][];
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  second = t.url ? await openDatabase({ url: t.url, poolSize: 4 }) : t.database;
  await refreshCalendar(db, { years: [2026] });
  await seedDemo(db, { now: at(DAYS[0], "07:00") });
  const people = await peopleInDepartments(db, ["D310", "D311", "D312"]);
  const punches: PunchWrite[] = [];
  people.forEach((p, i) => {
    for (const d of DAYS) {
      // a spread of late arrivals and early leaves, so the totals' columns differ between people
      punches.push({ source: "device", deviceId: "tpl-gate", recordId: `tpl:${p.no}:${d}:in`, employeeId: p.id, punchedAt: at(d, i % 3 === 0 ? "09:25" : "08:50"), direction: "in" });
      if (i % 4 !== 1) punches.push({ source: "device", deviceId: "tpl-gate", recordId: `tpl:${p.no}:${d}:out`, employeeId: p.id, punchedAt: at(d, i % 5 === 0 ? "17:30" : "18:10"), direction: "out" });
    }
  });
  const onLeave = people.find((p) => p.no === d311[1])!.id;
  await db.insert(leaveSpans).values({ employeeId: onLeave, kind: "leave", leaveType: "事假", startsAt: at(DAYS[2], "00:00"), endsAt: at(addDays(DAYS[2], 1), "00:00"), source: "test", sourceKey: "tpl:leave", reason: "test" });
  await db.transaction((tx) => writePunches(tx, punches, "Asia/Shanghai", { recompute: false }));
  await db.transaction((tx) => recomputeMany(tx, people.flatMap((p) => DAYS.map((date) => ({ employeeId: p.id, date }))), "Asia/Shanghai"));
  hr = await realViewerOf(db, hrNo);
  manager = await realViewerOf(db, managerNo);
}, 240_000);
afterAll(async () => {
  if (second && second !== t?.database) await second.close();
  await t?.close();
});

const payroll: ExportTemplateInput = {
  name: "薪资系统",
  kind: "sheet",
  columns: [
    { key: "name", header: "员工姓名" },
    { key: "leave:事假", header: "事假(小时)" },
    { key: "employeeNo", header: "员工编号" },
    { key: "days", header: "" },
    { key: "lateMinutes", header: "" },
    { key: "absentDays", header: "旷工天数" },
  ],
};

describe("the template store", () => {
  it("HR creates, lists, updates (audited with before and after), an unchanged update writes nothing, deletes", async () => {
    const before = await audits();
    const created = await createExportTemplate(db, hr, payroll);
    expect(created).toEqual({ id: expect.any(Number), ...payroll });
    expect(await listExportTemplates(db, hr)).toContainEqual(created);
    const renamed = { ...payroll, name: "薪资系统 v2", columns: [...payroll.columns].reverse() };
    expect(await updateExportTemplate(db, hr, created.id, renamed)).toEqual({ template: { id: created.id, ...renamed }, changed: true });
    expect(await updateExportTemplate(db, hr, created.id, renamed)).toEqual({ template: { id: created.id, ...renamed }, changed: false });
    const rows = await db.select().from(auditLog).where(eq(auditLog.targetId, String(created.id)));
    expect(rows.map((r) => r.action)).toEqual(["attendance.export_template.create", "attendance.export_template.update"]);
    expect(rows[1].details).toEqual({ from: payroll, to: renamed });
    expect(await deleteExportTemplate(db, hr, created.id)).toEqual({ deleted: created.id });
    expect(await audits()).toBe(before + 3);
    expect((await listExportTemplates(db, hr)).find((x) => x.id === created.id)).toBeUndefined();
    expect(await statusOf(deleteExportTemplate(db, hr, created.id))).toBe(404);
    expect(await statusOf(updateExportTemplate(db, hr, created.id, payroll))).toBe(404);
    expect(await statusOf(exportTemplateFor(db, created.id, "sheet"))).toBe(404);
  });

  it("every bad body is a 400 naming the reason, and writes nothing", async () => {
    await createExportTemplate(db, hr, { ...payroll, name: "已有" }); // so the row exists and can be compared
    const value = await stored();
    const n = await audits();
    const bad: [string, unknown, RegExp][] = [
      ["unknown column", { ...payroll, columns: [{ key: "salary", header: "" }] }, /导出没有「salary」这一列/],
      ["a detail column in a sheet template", { ...payroll, columns: [{ key: "explanation", header: "" }] }, /^columns.0.key: 月度汇总导出没有「explanation」这一列/],
      ["a column twice", { ...payroll, columns: [{ key: "name", header: "a" }, { key: "name", header: "b" }] }, /「name」列重复/],
      ["an empty name", { ...payroll, name: "   " }, /请填写模板名称/],
      ["no columns", { ...payroll, columns: [] }, /至少选择一列/],
      ["too many columns", { ...payroll, columns: Array.from({ length: MAX_COLUMNS + 1 }, () => ({ key: "name", header: "" })) }, /最多 80 列/],
      ["a header too long", { ...payroll, columns: [{ key: "name", header: "姓".repeat(41) }] }, /表头最多 40 个字/],
      ["an unknown kind", { ...payroll, kind: "payroll" }, /模板类型只能是/],
      ["an unknown field", { ...payroll, owner: 1 }, /owner|unrecognized/i],
      ["a unit on a column that is no duration", { ...payroll, columns: [{ key: "name", header: "", unit: "hours" }] }, /不是时长列/],
      ["an unknown unit", { ...payroll, columns: [{ key: "workedHours", header: "", unit: "days" }] }, /单位只能是/],
    ];
    for (const [name, body, reason] of bad) {
      expect(await statusOf(createExportTemplate(db, hr, body as ExportTemplateInput)), name).toBe(400);
      expect(await messageOf(createExportTemplate(db, hr, body as ExportTemplateInput)), name).toMatch(reason);
    }
    const [first] = await listExportTemplates(db, hr);
    expect(await statusOf(updateExportTemplate(db, hr, first.id, { ...payroll, columns: [{ key: "nope", header: "" }] }))).toBe(400);
    expect(await stored()).toEqual(value);
    expect(await audits()).toBe(n);
  });

  it("a manager (console, scoped) and an employee are refused every write and the list: 403", async () => {
    const [first] = await listExportTemplates(db, hr);
    const employee = await realViewerOf(db, d311[0]);
    for (const v of [manager, employee]) {
      expect(await statusOf(listExportTemplates(db, v))).toBe(403);
      expect(await statusOf(createExportTemplate(db, v, payroll))).toBe(403);
      expect(await statusOf(updateExportTemplate(db, v, first.id, payroll))).toBe(403);
      expect(await statusOf(deleteExportTemplate(db, v, first.id))).toBe(403);
    }
  });

  it("concurrent creates and updates from two pools all land (the row lock queues them; no lost write)", async () => {
    const dbs = [db, second.db];
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => createExportTemplate(dbs[i % 2], hr, { ...payroll, name: `并发 ${i}` })));
    expect(new Set(made.map((m) => m.id)).size).toBe(8);
    await Promise.all(made.map((m, i) => updateExportTemplate(dbs[i % 2], hr, m.id, { ...payroll, name: `并发 ${i} 改` })));
    const names = (await listExportTemplates(db, hr)).map((x) => x.name);
    for (let i = 0; i < 8; i++) expect(names).toContain(`并发 ${i} 改`);
    await Promise.all(made.map((m) => deleteExportTemplate(db, hr, m.id)));
  });
});

describe("exports with a template", () => {
  it("the sheet XLSX and CSV hold exactly the chosen columns in order, under the chosen headers, with the default export's values", async () => {
    const tpl = await createExportTemplate(db, hr, payroll);
    const plain = await xlsxRows((await sheetExport(db, hr, { month: MONTH }, "zh-CN")).table);
    const mine = await xlsxRows((await sheetExport(db, hr, { month: MONTH }, "zh-CN", tpl)).table);
    const [head, ...body] = plain;
    const col = (h: string) => head.indexOf(h);
    const dayCols = head.map((h, i) => [h, i] as const).filter(([h]) => /^11-\d\d /.test(String(h))).map(([, i]) => i);
    expect(dayCols).toHaveLength(30);
    expect(mine[0]).toEqual(["员工姓名", "事假(小时)", "员工编号", ...dayCols.map((i) => head[i]), "迟到(分钟)", "旷工天数"]);
    expect(mine).toHaveLength(plain.length);
    const expected = body.map((r) => [r[col("姓名")], r[col("事假(小时)")], r[col("工号")], ...dayCols.map((i) => r[i]), r[col("迟到(分钟)")], r[col("旷工(天)")]]);
    expect(mine.slice(1)).toEqual(expected);
    // the data is not trivially empty: someone was late, someone on 事假, and a day code was written
    expect(expected.some((r) => Number(r[r.length - 2]) > 0)).toBe(true);
    expect(expected.some((r) => Number(r[1]) > 0)).toBe(true);
    expect(expected.some((r) => r.slice(3, 33).some((c) => c === "迟"))).toBe(true);
    const csv = await csvRows((await sheetExport(db, hr, { month: MONTH }, "zh-CN", tpl)).table);
    expect(csv[0]).toEqual(mine[0]);
    expect(csv.slice(1)).toEqual(expected.map((r) => r.map((c) => String(c ?? ""))));
  });

  it("without a template the sheet keeps its columns; English headers default from the catalogue", async () => {
    const plain = await xlsxRows((await sheetExport(db, hr, { month: MONTH }, "en")).table);
    expect(plain[0].slice(0, 3)).toEqual(["Employee no.", "Name", "Department"]);
    expect(plain[0]).toHaveLength(3 + 30 + SHEET_COLUMN_KEYS.length - 4);
  });

  it("a manager's template export is scoped exactly like the default one", async () => {
    const [tpl] = (await listExportTemplates(db, hr)).filter((x) => x.name === payroll.name);
    const plain = await xlsxRows((await sheetExport(db, manager, { month: MONTH }, "zh-CN")).table);
    const mine = await xlsxRows((await sheetExport(db, manager, { month: MONTH }, "zh-CN", tpl)).table);
    const all = await xlsxRows((await sheetExport(db, hr, { month: MONTH }, "zh-CN", tpl)).table);
    expect(mine.slice(1).map((r) => r[2])).toEqual(plain.slice(1).map((r) => r[0]));
    expect(mine.length).toBeLessThan(all.length);
    for (const no of d311) expect(mine.slice(1).map((r) => r[2])).toContain(no);
  });

  it("a duration column switched to the other unit: the header says so, the value is the same total in that unit", async () => {
    const tpl = await createExportTemplate(db, hr, {
      name: "单位",
      kind: "sheet",
      columns: [
        { key: "employeeNo", header: "" },
        { key: "workedHours", header: "", unit: "minutes" },
        { key: "lateMinutes", header: "", unit: "hours" },
        { key: "leave:事假", header: "", unit: "minutes" },
        { key: "overtimeWorkday", header: "", unit: "hours" }, // the default unit: stored without one
      ],
    });
    expect(tpl.columns[4]).toEqual({ key: "overtimeWorkday", header: "" });
    const mine = await xlsxRows((await sheetExport(db, hr, { month: MONTH }, "zh-CN", tpl)).table);
    expect(mine[0]).toEqual(["工号", "工作时长(分钟)", "迟到(小时)", "事假(分钟)", "工作日加班(小时)"]);
    const en = await xlsxRows((await sheetExport(db, hr, { month: MONTH }, "en", tpl)).table);
    expect(en[0]).toEqual(["Employee no.", "Worked (min)", "Late (h)", "Personal leave (min)", "Workday overtime (h)"]);
    const detail = (await xlsxRows((await detailExport(db, hr, { month: MONTH }, "zh-CN")).table)).slice(1);
    const sum = (no: unknown, col: number, pick: (r: unknown[]) => boolean = () => true) => detail.filter((r) => r[0] === no && pick(r)).reduce((a, r) => a + Number(r[col] || 0), 0);
    let checked = 0;
    for (const r of mine.slice(1)) {
      if (!sum(r[0], 8)) continue;
      checked++;
      expect(r[1], `worked minutes of ${r[0]}`).toBe(sum(r[0], 8));
      expect(r[2], `late hours of ${r[0]}`).toBe(Math.round((sum(r[0], 6) / 60) * 10) / 10);
      expect(r[3], `事假 minutes of ${r[0]}`).toBe(sum(r[0], 12, (x) => x[13] === "事假"));
    }
    expect(checked).toBeGreaterThan(10);
    expect(mine.slice(1).some((r) => Number(r[3]) > 0)).toBe(true);
    const det = await createExportTemplate(db, hr, { name: "明细小时", kind: "detail", columns: [{ key: "employeeNo", header: "" }, { key: "workedMinutes", header: "", unit: "hours" }] });
    const hoursRows = await xlsxRows((await detailExport(db, hr, { month: MONTH }, "zh-CN", det)).table);
    expect(hoursRows[0]).toEqual(["工号", "工作时长(小时)"]);
    expect(hoursRows.slice(1).map((r) => r[1])).toEqual(detail.map((r) => Math.round((Number(r[8]) / 60) * 10) / 10));
  });

  it("the detail export: one row per stored person-day in the sheet's order; a template picks and renames its columns", async () => {
    const plain = await xlsxRows((await detailExport(db, hr, { month: MONTH }, "zh-CN")).table);
    expect(plain[0]).toEqual(["工号", "姓名", "部门", "日期", "班次", "状态码", "迟到(分钟)", "早退(分钟)", "工作时长(分钟)", "工作日加班(分钟)", "休息日加班(分钟)", "节假日加班(分钟)", "请假(分钟)", "请假类型", "说明"]);
    const d311rows = plain.slice(1).filter((r) => d311.includes(String(r[0])));
    expect(d311rows).toHaveLength(d311.length * DAYS.length);
    expect(d311rows.filter((r) => r[0] === d311[0]).map((r) => r[3])).toEqual(DAYS);
    const leaveRow = d311rows.find((r) => r[0] === d311[1] && r[3] === DAYS[2])!;
    expect(Number(leaveRow[12])).toBeGreaterThan(0);
    expect(leaveRow[13]).toBe("事假");
    expect(leaveRow[5]).toBe("事");
    const tpl = await createExportTemplate(db, hr, { name: "明细", kind: "detail", columns: [{ key: "date", header: "考勤日期" }, { key: "employeeNo", header: "员工编号" }, { key: "lateMinutes", header: "" }] });
    const mine = await xlsxRows((await detailExport(db, hr, { month: MONTH }, "zh-CN", tpl)).table);
    expect(mine[0]).toEqual(["考勤日期", "员工编号", "迟到(分钟)"]);
    expect(mine.slice(1)).toEqual(plain.slice(1).map((r) => [r[3], r[0], r[6]]));
    const managers = await xlsxRows((await detailExport(db, manager, { month: MONTH }, "zh-CN", tpl)).table);
    const scoped = new Set(managers.slice(1).map((r) => r[1]));
    const sheetScope = new Set((await xlsxRows((await sheetExport(db, manager, { month: MONTH }, "zh-CN")).table)).slice(1).map((r) => r[0]));
    for (const no of scoped) expect(sheetScope.has(no)).toBe(true);
    expect(scoped.size).toBeGreaterThan(0);
    expect(DETAIL_COLUMN_KEYS).toHaveLength(15);
    // a template of the other kind is a 400 with the reason, an unknown one a 404
    expect(await statusOf(exportTemplateFor(db, tpl.id, "sheet"))).toBe(400);
    expect(await messageOf(exportTemplateFor(db, tpl.id, "sheet"))).toMatch(/用于每日明细导出，不能用于月度汇总导出/);
    expect(await statusOf(exportTemplateFor(db, 987_654, "detail"))).toBe(404);
  });
});
