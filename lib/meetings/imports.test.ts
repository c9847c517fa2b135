import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, meetingAttendance, meetingSessions, unmatchedParticipants } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { makeXlsxBomb } from "@/tests/xlsx-bomb";
import { applyImport, parseExportTime, previewImport, readTable } from "./imports";
import { createMeeting } from "./mutations";
import { meetingInput } from "./schemas";

let t: TestDatabase;
let db: Db;
let organiser: Viewer;
let ids: Map<string, number>;
const fixture = (name: string) => ({ name, bytes: fs.readFileSync(path.join(process.cwd(), "fixtures", "imports", name)) });

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  const rows = await db.select().from(employees).where(inArray(employees.employeeNo, ["QD00001", "QD00002", "QD00003", "QD00004", "QD00005", "QD00006"]));
  ids = new Map(rows.map((r) => [r.employeeNo, r.id]));
  const o = rows.find((r) => r.employeeNo === "QD00001")!;
  organiser = { employeeId: o.id, employeeNo: o.employeeNo, name: o.name, departmentId: null, departmentName: null, roles: new Set(["employee"]), managedPaths: [], provider: "wecom" };
});
afterAll(async () => t?.close());

async function meeting() {
  return createMeeting(
    db,
    organiser,
    meetingInput.parse({
      title: "技术中心周例会",
      startsAt: zonedTimeToUtc("2026-11-20", "10:00", "Asia/Shanghai").toISOString(),
      endsAt: zonedTimeToUtc("2026-11-20", "11:00", "Asia/Shanghai").toISOString(),
      inviteeIds: [...ids.values()].filter((id) => id !== organiser.employeeId),
    }),
  );
}

const statusOf = async (meetingId: number, no: string) =>
  (await db.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, meetingId), eq(meetingAttendance.employeeId, ids.get(no)!))))[0]?.status;

describe("export times", () => {
  it("parses Tencent and Zoom formats in the org time zone", () => {
    expect(parseExportTime("2026-11-20 09:58:12", "Asia/Shanghai")?.toISOString()).toBe("2026-11-20T01:58:12.000Z");
    expect(parseExportTime("11/20/2026 01:05:09 PM", "Asia/Shanghai")?.toISOString()).toBe("2026-11-20T05:05:09.000Z");
    expect(parseExportTime("11/20/2026 12:05:00 AM", "Asia/Shanghai")?.toISOString()).toBe("2026-11-19T16:05:00.000Z");
    expect(parseExportTime("2026-11-20 25:00", "Asia/Shanghai")).toBeNull();
  });
});

describe("Tencent Meeting member detail import", () => {
  for (const file of ["tencent-meeting-members.csv", "tencent-meeting-members.xlsx"]) {
    it(`${file}: preview lists each row with its outcome and reason; apply; re-import changes nothing`, async () => {
      const m = await meeting();
      const preview = await previewImport(db, organiser, m.id, fixture(file));
      expect(preview.format).toBe("tencent_meeting");
      expect(preview.counts).toEqual({ new: 3, duplicate: 0, unmatched: 1, error: 2, outside: 0 });
      const errors = preview.rows.filter((r) => r.outcome === "error");
      expect(errors.map((e) => e.reason)).toEqual([expect.stringContaining("入会时间格式无法识别"), expect.stringContaining("不按姓名匹配")]);
      // Preview writes nothing.
      expect(await db.select().from(meetingSessions).where(eq(meetingSessions.meetingId, m.id))).toHaveLength(0);

      const applied = await applyImport(db, organiser, m.id, fixture(file));
      expect(applied.applied).toBe(3);
      expect(await statusOf(m.id, "QD00002")).toBe("on_time");
      expect(await statusOf(m.id, "QD00003")).toBe("late"); // two overlapping sessions merged: last leave 10:59:50
      const un = await db.select().from(unmatchedParticipants).where(eq(unmatchedParticipants.meetingId, m.id));
      expect(un.map((u) => u.externalUserId)).toEqual(["13800000000"]);

      const before = await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id));
      const again = await applyImport(db, organiser, m.id, fixture(file));
      expect(again.applied).toBe(0);
      expect(again.counts.duplicate).toBe(3);
      const after = await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id));
      expect(after.map((r) => [r.id, r.version, r.status])).toEqual(before.map((r) => [r.id, r.version, r.status]));
    });
  }
});

describe("Zoom participants CSV import", () => {
  it("skips the meeting summary block, matches by email, flags guests without email", async () => {
    const m = await meeting();
    const res = await applyImport(db, organiser, m.id, fixture("zoom-participants.csv"));
    expect(res.format).toBe("zoom");
    expect(res.counts).toEqual({ new: 2, duplicate: 0, unmatched: 1, error: 1, outside: 0 });
    expect(await statusOf(m.id, "QD00005")).toBe("on_time");
    expect(await statusOf(m.id, "QD00006")).toBe("early_leave");
  });

  it("refuses a file that is not an export, with a reason", async () => {
    const m = await meeting();
    await expect(previewImport(db, organiser, m.id, { name: "x.csv", bytes: Buffer.from("a,b\n1,2\n") })).rejects.toThrow(/找不到表头/);
    await expect(previewImport(db, organiser, m.id, { name: "x.pdf", bytes: Buffer.from("%PDF") })).rejects.toThrow(/只支持/);
    // A NUL character would reach PostgreSQL (which refuses it in text): a 400 naming the row instead.
    await expect(previewImport(db, organiser, m.id, { name: "x.csv", bytes: Buffer.from("用户名称,入会时间\n张\u0000三,2026-03-02 10:00\n") })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/第 2 行含有空字符/) });
  });

  it("reads XLSX cells by value: formulas by their result, rich text and links by their text", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("参会明细");
    ws.addRow(["用户名称", "入会时间", "邮箱"]);
    ws.addRow([
      { richText: [{ text: "张" }, { text: "三", font: { bold: true } }] },
      { formula: 'TEXT("2026-03-02 10:00","yyyy-mm-dd hh:mm")', result: "2026-03-02 10:00" },
      { text: "zhang@example.com", hyperlink: "mailto:zhang@example.com" },
    ]);
    const table = await readTable({ name: "x.xlsx", bytes: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(table.rows[0].slice(0, 3)).toEqual(["张三", "2026-03-02 10:00", "zhang@example.com"]);
  });
});

describe("import bombs: caps on inflated size and rows, checked while streaming", () => {
  /** The largest gap between 10 ms timer ticks while `work` runs: how long the event loop was blocked. */
  async function maxLoopLag<T>(work: () => Promise<T>): Promise<{ lag: number; result: PromiseSettledResult<T>; ms: number }> {
    let last = performance.now();
    let lag = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      lag = Math.max(lag, now - last);
      last = now;
    }, 10);
    const t0 = performance.now();
    const [result] = await Promise.allSettled([work()]);
    clearInterval(timer);
    return { lag, result, ms: performance.now() - t0 };
  }

  it("a sheet of ~700 MB XML (5M rows, 3 MB zipped) is refused at once, naming the limit", async () => {
    const bytes = await makeXlsxBomb({ rows: 5_000_000 });
    const { lag, result, ms } = await maxLoopLag(() => readTable({ name: "bomb.xlsx", bytes }));
    expect(result.status).toBe("rejected");
    expect((result as PromiseRejectedResult).reason).toMatchObject({ status: 413, message: "XLSX 解压后不能超过 64 MB" });
    expect(ms).toBeLessThan(2_000);
    expect(lag).toBeLessThan(200);
  }, 120_000);

  it("a bomb declaring a small size in its headers is stopped while inflating, at the cap", async () => {
    const bytes = await makeXlsxBomb({ rows: 40, padBytes: 4_000_000, declaredSize: 4_000 }); // 160 MB of XML
    const { lag, result, ms } = await maxLoopLag(() => readTable({ name: "liar.xlsx", bytes }));
    expect((result as PromiseRejectedResult).reason).toMatchObject({ status: 413, message: "XLSX 解压后不能超过 64 MB" });
    expect(ms).toBeLessThan(10_000);
    expect(lag).toBeLessThan(200);
  }, 120_000);

  it("more than 20,000 rows is a 413 with the cap in the message (XLSX and CSV); 20,000 rows are read", async () => {
    const over = await makeXlsxBomb({ rows: 20_001 });
    await expect(readTable({ name: "many.xlsx", bytes: over })).rejects.toMatchObject({ status: 413, message: "表格不能超过 20,000 行（含表头）" });
    const atCap = await readTable({ name: "cap.xlsx", bytes: await makeXlsxBomb({ rows: 20_000 }) });
    expect(atCap.rows.length).toBe(19_999);
    expect(atCap.rows[19_998]).toEqual(["张三", "2026-03-02 10:00", "zhangsan@example.com"]);
    const csv = (n: number) => Buffer.from("用户名称,入会时间\n" + "张三,2026-03-02 10:00\n".repeat(n - 1));
    await expect(readTable({ name: "many.csv", bytes: csv(20_001) })).rejects.toMatchObject({ status: 413, message: "表格不能超过 20,000 行（含表头）" });
    expect((await readTable({ name: "cap.csv", bytes: csv(20_000) })).rows.length).toBe(19_999);
  }, 120_000);

  it("a file that is not a zip is a 400", async () => {
    await expect(readTable({ name: "x.xlsx", bytes: Buffer.from("PK not really") })).rejects.toMatchObject({ status: 400 });
  });
});
