// The period report's XLSX, written by the real streaming export and read back with exceljs: three sheets, a
// frozen and filterable header on each, real date cells holding the organisation's wall time, column widths, the
// page's filters (period + department, 404 outside the scope before a byte is streamed), summary numbers equal to
// the page's queries — and memory that stays flat on a large export.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, meetings } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { addDays, businessDate } from "@/lib/time";
import { dueForFinalize, finalizeMeeting } from "@/lib/meetings/mutations";
import { departmentBreakdown, personSummary } from "@/lib/meetings/report-queries";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { periodReportExport } from "./period-report";
import { orgTime } from "./stream";

let t: TestDatabase;
let db: Db;
let hr: Viewer;
let manager: Viewer;
const dept: Record<string, typeof departments.$inferSelect> = {};
const today = businessDate(new Date());
const period = { from: addDays(today, -20), to: today };

const viewer = (id: number, roles: string[], managedPaths: string[] = []): Viewer => ({
  employeeId: id, employeeNo: `V${id}`, name: "viewer", departmentId: null, departmentName: null,
  roles: new Set(roles) as Viewer["roles"], managedPaths, provider: "wecom",
});

async function workbook(v: Viewer, f: { from: string; to: string; departmentId?: number }, locale: "zh-CN" | "en" = "zh-CN") {
  const { body, local } = await periodReportExport(db, v, f, "xlsx", locale);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await new Response(body).arrayBuffer()) as unknown as ArrayBuffer);
  return { wb, local };
}

/** A sheet as objects keyed by its header. */
function records(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const head = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const vals = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(head.map((h, i) => [h, vals[i] ?? null])));
  });
  return out;
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  for (const d of await db.select().from(departments)) dept[d.code] = d;
  for (;;) {
    const due = await dueForFinalize(db, new Date());
    if (!due.length) break;
    for (const m of due) await finalizeMeeting(db, m);
  }
  hr = viewer(1, ["hr"]);
  manager = viewer(2, ["employee", "manager"], [dept.D110.path]);
});
afterAll(async () => t?.close());

describe("period report XLSX", () => {
  it("has 人员汇总, 部门汇总 and 签到明细, each with a frozen, filterable header and sensible widths", async () => {
    const { wb, local } = await workbook(hr, period);
    expect(local).toBe(`会议考勤报表-${period.from}-${period.to}`);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["人员汇总", "部门汇总", "签到明细"]);
    for (const ws of wb.worksheets) {
      expect(ws.views[0], ws.name).toMatchObject({ state: "frozen", ySplit: 1 });
      const last = ws.getRow(1).cellCount;
      expect(ws.autoFilter, ws.name).toBeTruthy();
      // exceljs reads the range back as "A1:K1"
      expect(String(ws.autoFilter)).toBe(`A1:${String.fromCharCode(64 + last)}1`);
      expect(ws.getRow(1).font?.bold).toBe(true);
      for (let c = 1; c <= last; c++) expect(ws.getColumn(c).width, `${ws.name} col ${c}`).toBeGreaterThanOrEqual(6);
      expect(ws.rowCount).toBeGreaterThan(1);
    }
    expect(wb.getWorksheet("签到明细")!.getColumn(2).width).toBeGreaterThan(20); // the meeting title is wide
  });

  it("writes real date cells with the organisation's local wall time (Excel has no zones)", async () => {
    const { wb } = await workbook(hr, period);
    const detail = records(wb.getWorksheet("签到明细")!);
    // a weekly meeting repeats its title, so the row's start is compared with every meeting of that title
    const same = await db.select().from(meetings).where(eq(meetings.title, detail[0]["会议"] as string));
    const starts = detail[0]["开始时间"];
    expect(starts).toBeInstanceOf(Date);
    // the cell's clock reading is the wall time in Asia/Shanghai (UTC+8), not UTC (which would be 8 hours off)
    expect(same.map((m) => orgTime(m.startsAt)!.slice(0, 16))).toContain(
      (starts as Date).toISOString().slice(0, 16).replace("T", " "),
    );
    expect(detail[0]["日期"]).toBeInstanceOf(Date);
    const ws = wb.getWorksheet("签到明细")!;
    expect(ws.getRow(2).getCell(3).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(ws.getRow(2).getCell(1).numFmt).toBe("yyyy-mm-dd");
    const checked = detail.find((r) => r["签到时间"] !== null)!;
    expect(checked["签到时间"]).toBeInstanceOf(Date);
    expect(["准时", "迟到", "早退", "缺席", "请假"]).toContain(detail[0]["状态"]);
    expect(wb.getWorksheet("人员汇总")!.getRow(2).getCell(10).numFmt).toBe("0.0%");
  });

  it("summary sheets equal the page's queries; the department filter and the manager's scope apply", async () => {
    const f = { ...period, departmentId: dept.D110.id };
    const { wb, local } = await workbook(manager, f);
    expect(local).toContain(dept.D110.name);
    const people = records(wb.getWorksheet("人员汇总")!);
    const page = await personSummary(db, manager, { ...f, pageSize: 200 });
    expect(people.length).toBe(page.total);
    for (const p of page.rows) {
      const r = people.find((x) => x["工号"] === p.employeeNo)!;
      expect([r["应参会"], r["出席"], r["迟到"], r["早退"], r["缺席"], r["请假"]]).toEqual([p.invited, p.attended, p.late, p.earlyLeave, p.absent, p.onLeave]);
      expect(r["出勤率"]).toBeCloseTo(p.rate!, 10);
    }
    const depts = records(wb.getWorksheet("部门汇总")!);
    const b = await departmentBreakdown(db, manager, f);
    expect(depts[0]["部门"]).toBe(dept.D110.name);
    expect(depts[0]["应参会"]).toBe(b.totals.total);
    for (const bar of b.bars.filter((x) => x.kind === "unit")) {
      const r = depts.find((x) => x["部门"] === bar.label)!;
      expect([r["应参会"], r["迟到"], r["早退"], r["缺席"], r["请假"], r["人数"]]).toEqual([bar.total, bar.late, bar.early_leave, bar.absent, bar.on_leave, bar.people]);
    }
    const detail = records(wb.getWorksheet("签到明细")!);
    expect(detail.length).toBe(b.totals.total);
    const inTree = new Set((await db.select().from(departments)).filter((d) => d.path.startsWith(dept.D110.path)).map((d) => d.name));
    expect(detail.every((r) => inTree.has(r["部门（参会时）"] as string))).toBe(true);
    // English headers and sheet names
    const en = await workbook(manager, f, "en");
    expect(en.wb.worksheets.map((w) => w.name)).toEqual(["By person", "By department", "Attendance"]);
  });

  it("refuses a department outside the viewer's scope before streaming (404)", async () => {
    const err = await periodReportExport(db, manager, { ...period, departmentId: dept.D311.id }, "xlsx", "zh-CN").catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);
  });

  it("CSV is the detail with text times in the organisation's zone", async () => {
    const { body } = await periodReportExport(db, manager, period, "csv", "zh-CN");
    const text = await new Response(body).text();
    const lines = text.replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toContain("签到时间");
    expect(lines[1]).toMatch(/\d{4}-\d{2}-\d{2},.*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  });

  it("streams a large export with flat memory (peak heap growth does not scale with rows)", async () => {
    // 250 meetings × 200 people = 50,000 rows in a separate past period.
    const day0 = "2024-03-01";
    const [org] = await db.select().from(meetings).limit(1);
    await db.execute(sql`insert into meetings (source, external_id, title, organizer_id, starts_at, ends_at, business_date, status, finalized_at)
      select 'local', 'bench-' || g, '压测会议 ' || g, ${org.organizerId}, (${day0}::date + (g % 28))::timestamp + interval '2 hours', (${day0}::date + (g % 28))::timestamp + interval '3 hours',
        ${day0}::date + (g % 28), 'ended', now() from generate_series(1, 250) g`);
    await db.execute(sql`insert into meeting_attendance (meeting_id, employee_id, status, method, checked_in_at, business_date, department_id)
      select m.id, e.id, (array['on_time','late','early_leave','absent','on_leave'])[1 + (e.id + m.id) % 5], 'qr', m.starts_at, m.business_date, e.department_id
      from meetings m cross join (select id, department_id from employees order by id limit 200) e where m.external_id like 'bench-%'`);
    async function measure(f: { from: string; to: string }): Promise<{ rows: number; bytes: number; peak: number }> {
      const before = process.memoryUsage().heapUsed;
      let peak = 0;
      const { body } = await periodReportExport(db, hr, f, "xlsx", "zh-CN");
      const reader = body.getReader();
      let bytes = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength; // consumed and dropped, as a client download does
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
      const [{ n }] = ((await db.execute(sql`select count(*)::int as n from meeting_attendance where business_date between ${f.from} and ${f.to}`)) as unknown as { rows: { n: number }[] }).rows;
      return { rows: Number(n), bytes, peak };
    }
    const small = await measure({ from: day0, to: "2024-03-02" });
    const large = await measure({ from: day0, to: "2024-03-31" });
    expect(large.rows).toBe(50_000);
    expect(large.bytes).toBeGreaterThan(small.bytes * 5);
    console.log(`export bench: ${small.rows} rows peak +${(small.peak / 2 ** 20).toFixed(1)} MiB; ${large.rows} rows, ${(large.bytes / 2 ** 20).toFixed(1)} MiB file, peak +${(large.peak / 2 ** 20).toFixed(1)} MiB`);
    // 50,000 rows held in memory as exceljs cells would take several hundred MiB; streamed, the growth stays small.
    expect(large.peak).toBeLessThan(96 * 2 ** 20);
  }, 240_000);
});
