// DingTalk / WeCom punch-record files: layouts with title rows, CSV and XLSX generated here; preview, dry-run diff,
// confirm through the inbox, re-import, overlap with a punch pulled through the vendor API, the import caps.
import ExcelJS from "exceljs";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { attendanceDays, departments, employees, identities, inboxEvents, punches } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { processInboxBatch } from "@/lib/ingest/worker";
import { zonedTimeToUtc } from "@/lib/time-core";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { makeXlsxBomb } from "@/tests/xlsx-bomb";
import { applyPunchFile, parseFileDate, parseFileTime, previewPunchFile } from "./file-import";
import { writePunch, writePunches } from "./store";

const TZ = "Asia/Shanghai";
const NOW = new Date("2026-12-01T00:00:00Z");
let t: TestDatabase;
let db: Db;
const emp: Record<string, number> = {};
let hr: Viewer;
let employee: Viewer;

const wall = (date: string, time: string) => new Date(zonedTimeToUtc(date, time.slice(0, 5), TZ).getTime() + Number(time.slice(6, 8) || 0) * 1000);
const drain = async () => {
  while ((await processInboxBatch(db)) > 0);
};
const filePunches = async (employeeId: number) =>
  (await db.select().from(punches).where(and(eq(punches.employeeId, employeeId), eq(punches.source, "file"))).orderBy(punches.punchedAt)).map((p) => ({
    at: p.punchedAt.toISOString(),
    direction: p.direction,
    device: p.deviceId,
    place: p.placeName,
  }));

// The DingTalk 原始记录 sheet: a title, the statistics line, then the header (UserId between 工号 and 部门).
const DING_HEADER = ["姓名", "考勤组", "部门", "工号", "职位", "UserId", "考勤日期", "考勤时间", "打卡时间", "打卡结果", "打卡地址", "打卡备注", "打卡设备"];
const ding = (name: string, no: string, userid: string, date: string, sched: string, time: string, result: string, addr = "上海市浦东新区世纪大道100号") =>
  [name, "标准班", "运营部", no, "专员", userid, date, sched, time, result, addr, "", "iPhone 15"];
const DING_TITLES = [["原始记录"], ["统计日期：2026-11-01 至 2026-11-30", "", "", "报表生成时间：2026-12-01 09:12"]];
// The WeCom 打卡记录 export: a title line and a blank line above the header.
const WECOM_HEADER = ["姓名", "账号", "部门", "日期", "打卡时间", "打卡类型", "打卡状态", "打卡地点", "打卡设备", "备注"];
const wecom = (name: string, account: string, date: string, time: string, kind: string, status = "正常") => [name, account, "运营部", date, time, kind, status, "上海中心大厦", "iPhone", ""];
const WECOM_TITLES = [["企业微信 打卡记录 统计日期：2026-11-01 至 2026-11-30"], []];

function csv(lines: string[][]): Buffer {
  const q = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return Buffer.from("\uFEFF" + lines.map((l) => l.map(q).join(",")).join("\r\n") + "\r\n");
}
/** An XLSX as the vendors write it; `asDates` turns 打卡时间 / 考勤日期 cells into real Excel date cells. */
async function xlsx(lines: string[][], asDates?: { date: number; time: number }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("原始记录");
  lines.forEach((l, i) => {
    const row = ws.getRow(i + 1);
    l.forEach((v, j) => {
      const cell = row.getCell(j + 1);
      const dataRow = asDates && i > 0 && /^\d{4}-\d{2}-\d{2}/.test(l[asDates.date] ?? "");
      if (dataRow && j === asDates!.date) {
        cell.value = new Date(`${v}T00:00:00Z`);
        cell.numFmt = "yyyy-mm-dd";
      } else if (dataRow && j === asDates!.time && /^\d{2}:\d{2}$/.test(v)) {
        cell.value = new Date(`1899-12-30T${v}:00Z`);
        cell.numFmt = "hh:mm";
      } else cell.value = v;
    });
    row.commit();
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  const [dept] = await db.insert(departments).values({ code: "ops", name: "运营部", path: "/" }).returning();
  await db.update(departments).set({ path: `/${dept.id}/` }).where(eq(departments.id, dept.id));
  for (const [no, name] of [["F001", "张三"], ["F002", "李四"], ["F003", "王五"], ["F004", "赵六"]]) {
    const [e] = await db.insert(employees).values({ employeeNo: no, name, departmentId: dept.id }).returning();
    emp[no] = e.id;
  }
  await db.insert(identities).values([
    { provider: "dingtalk", externalId: "ding-zhang", employeeId: emp.F001, matchedBy: "seed" },
    { provider: "wecom", externalId: "lisi", employeeId: emp.F002, matchedBy: "seed" },
    { provider: "wecom", externalId: "zhaoliu", employeeId: emp.F004, matchedBy: "seed" },
  ]);
  const base = { departmentId: dept.id, departmentName: "运营部", managedPaths: [], provider: null };
  hr = { ...base, employeeId: emp.F003, employeeNo: "F003", name: "王五", roles: new Set(["employee", "hr"]) };
  employee = { ...base, employeeId: emp.F002, employeeNo: "F002", name: "李四", roles: new Set(["employee"]) };
});
afterAll(async () => t?.close());

describe("file times: wall clock in the org time zone", () => {
  const cases: { name: string; time: string; date: string; want: string | RegExp }[] = [
    { name: "time only + 考勤日期", time: "08:55", date: "2026-11-03", want: "2026-11-03T00:55:00.000Z" },
    { name: "seconds kept", time: "08:55:12", date: "2026-11-03", want: "2026-11-03T00:55:12.000Z" },
    { name: "full date-time in the time cell", time: "2026-11-03 18:01:09", date: "", want: "2026-11-03T10:01:09.000Z" },
    { name: "DingTalk's short date with the weekday", time: "09:01", date: "26-11-04 星期三", want: "2026-11-04T01:01:00.000Z" },
    { name: "slashes", time: "2026/11/5 7:30", date: "", want: "2026-11-04T23:30:00.000Z" },
    { name: "次日: a night shift's morning punch", time: "次日 06:03", date: "2026-11-05", want: "2026-11-05T22:03:00.000Z" },
    { name: "XLSX date-time cell (its UTC fields are the wall clock)", time: "2026-11-06T08:30:00.000Z", date: "", want: "2026-11-06T00:30:00.000Z" },
    { name: "XLSX cell with seconds", time: "2026-11-06T08:30:07.000Z", date: "", want: "2026-11-06T00:30:07.000Z" },
    { name: "XLSX time-only cell + XLSX date cell", time: "1899-12-30T08:30:00.000Z", date: "2026-11-06T00:00:00.000Z", want: "2026-11-06T00:30:00.000Z" },
    { name: "25:00 is refused", time: "25:00", date: "2026-11-03", want: /打卡时间无效/ },
    { name: "seconds past 59 refused", time: "08:00:61", date: "2026-11-03", want: /打卡时间无效/ },
    { name: "February 30 refused", time: "2026-02-30 08:00", date: "", want: /日期无效/ },
    { name: "words refused", time: "上午八点", date: "2026-11-03", want: /格式无法识别/ },
    { name: "time without a date refused", time: "08:55", date: "", want: /缺少考勤日期/ },
    { name: "empty refused", time: "", date: "2026-11-03", want: /缺少打卡时间/ },
  ];
  it.each(cases)("$name", ({ time, date, want }) => {
    const got = parseFileTime(time, date, TZ);
    if (typeof want === "string") expect(typeof got === "string" ? got : got.at.toISOString()).toBe(want);
    else expect(got).toMatch(want);
  });
  it("minute-only vs seconds", () => {
    expect((parseFileTime("08:55", "2026-11-03", TZ) as { minuteOnly: boolean }).minuteOnly).toBe(true);
    expect((parseFileTime("08:55:00", "2026-11-03", TZ) as { minuteOnly: boolean }).minuteOnly).toBe(false);
  });
  it("dates", () => {
    expect(parseFileDate("2026年11月3日")).toBe("2026-11-03");
    expect(parseFileDate("2026-13-01")).toBeNull();
  });
});

describe("preview and dry-run diff", () => {
  const dingLines = () => [
    ...DING_TITLES,
    DING_HEADER,
    ding("张三", "F001", "ding-zhang", "2026-11-02", "上班 09:00", "08:57", "正常"),
    ding("张三", "F001", "ding-zhang", "2026-11-02", "下班 18:00", "18:03", "正常"),
    ding("张三", "F001", "ding-zhang", "2026-11-02", "下班 18:00", "18:03", "正常"), // the same punch again
    ding("张三", "F001", "ding-zhang", "2026-11-03", "上班 09:00", "", "未打卡"), // a missed slot: no punch
    ding("钱七", "F999", "ding-qian", "2026-11-02", "上班 09:00", "08:40", "正常"), // nobody we know
    ding("张三", "F001", "ding-zhang", "2026-11-04", "上班 09:00", "8点半", "正常"), // unreadable
    ding("王五", "F003", "", "2026-11-02", "上班 09:00", "09:20", "迟到"), // by 工号 alone
  ];

  const cases = [
    { name: "DingTalk 原始记录 as CSV", file: async () => ({ name: "钉钉考勤报表.csv", bytes: csv(dingLines()) }), vendor: "dingtalk", headerRow: 3 },
    { name: "DingTalk 原始记录 as XLSX (text cells)", file: async () => ({ name: "考勤报表.xlsx", bytes: await xlsx(dingLines()) }), vendor: "dingtalk", headerRow: 3 },
    { name: "DingTalk 原始记录 as XLSX (date cells)", file: async () => ({ name: "report.xlsx", bytes: await xlsx(dingLines(), { date: 6, time: 8 }) }), vendor: "dingtalk", headerRow: 3 },
  ];
  it.each(cases)("$name: vendor, header below the titles, counts, reasons", async ({ file, vendor, headerRow }) => {
    const p = await previewPunchFile(db, hr, await file(), { tz: TZ, now: NOW });
    expect(p.vendor).toBe(vendor);
    expect(p.headerRow).toBe(headerRow);
    expect(p.titles[1]).toContain("统计日期：2026-11-01 至 2026-11-30");
    expect(p.counts).toEqual({ new: 3, existing: 0, duplicate: 1, unmatched: 1, invalid: 1, skipped: 1 });
    expect(p.range).toEqual({ from: "2026-11-02", to: "2026-11-02" });
    expect(p.sample[0]).toMatchObject({ line: 4, employeeId: emp.F001, employeeName: "张三", localDate: "2026-11-02", localTime: "08:57", outcome: "new" });
    const byLine = Object.fromEntries(p.issues.map((r) => [r.line, [r.outcome, r.reason]]));
    expect(byLine).toEqual({
      6: ["duplicate", "与文件中前面的一行是同一次打卡"],
      7: ["skipped", "未打卡：没有打卡时间，不是一次打卡"],
      8: ["unmatched", "工号 F999、钉钉账号 ding-qian 不在身份台账或员工名单中"],
      9: ["invalid", "打卡时间格式无法识别：8点半"],
    });
    expect(p.unmatchedPeople).toEqual([{ name: "钱七", employeeNo: "F999", userid: "ding-qian", rows: 1, reason: "工号 F999、钉钉账号 ding-qian 不在身份台账或员工名单中" }]);
    expect(p.sample.find((r) => r.line === 10)).toMatchObject({ employeeId: emp.F003, outcome: "new" });
    expect(await db.$count(inboxEvents, eq(inboxEvents.source, "import"))).toBe(0); // a preview writes nothing
  });

  it("WeCom 打卡记录 as CSV: 账号 through the ledger, 上班/下班打卡 as directions, 外出打卡 as field", async () => {
    const bytes = csv([
      ...WECOM_TITLES,
      WECOM_HEADER,
      wecom("李四", "lisi", "2026-11-02", "09:02", "上班打卡"),
      wecom("李四", "lisi", "2026-11-02", "14:10", "外出打卡"),
      wecom("李四", "lisi", "2026-11-02", "2026-11-02 18:30:05", "下班打卡"),
      wecom("孙八", "sunba", "2026-11-02", "09:00", "上班打卡"),
      wecom("李四", "lisi", "2026-11-02", "2026-12-24 09:00", "上班打卡"), // after NOW
    ]);
    const p = await previewPunchFile(db, hr, { name: "export.csv", bytes }, { tz: TZ, now: NOW });
    expect(p.vendor).toBe("wecom");
    expect(p.headerRow).toBe(3);
    expect(p.counts).toEqual({ new: 3, existing: 0, duplicate: 0, unmatched: 1, invalid: 1, skipped: 0 });
    expect(p.sample.slice(0, 3).map((r) => [r.localTime, r.direction])).toEqual([["09:02", "in"], ["14:10", null], ["18:30:05", "out"]]);
    expect(p.issues.map((r) => r.reason)).toEqual(["企业微信账号 sunba 不在身份台账或员工名单中", "打卡时间在未来：2026-12-24 09:00"]);
  });

  it("a file that is neither: 400 naming the missing columns; no 工号/账号: 400; not HR: 403", async () => {
    await expect(previewPunchFile(db, hr, { name: "x.csv", bytes: csv([["a", "b"], ["1", "2"]]) }, { tz: TZ })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("找不到表头") });
    await expect(previewPunchFile(db, hr, { name: "x.csv", bytes: csv([["姓名", "打卡时间"], ["张三", "2026-11-02 09:00"]]) }, { tz: TZ })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("缺少“工号”或“UserId/账号”列") });
    await expect(previewPunchFile(db, hr, { name: "x.csv", bytes: csv([["姓名", "工号", "打卡时间"], ["张三", "F001", "2026-11-02 09:00"]]) }, { tz: TZ })).rejects.toMatchObject({ status: 400, message: expect.stringContaining("无法判断文件来自钉钉还是企业微信") });
    const chosen = await previewPunchFile(db, hr, { name: "x.csv", bytes: csv([["姓名", "工号", "打卡时间"], ["张三", "F001", "2026-11-02 09:00"]]), vendor: "dingtalk" }, { tz: TZ, now: NOW });
    expect(chosen.counts.new).toBe(1);
    await expect(previewPunchFile(db, employee, { name: "x.csv", bytes: csv(dingLines()) }, { tz: TZ })).rejects.toMatchObject({ status: 403 });
  });

  it("an XLSX bomb is refused with 413 naming the limit (the shared import caps)", async () => {
    const bytes = await makeXlsxBomb({ rows: 1_000, padBytes: 70_000 }); // ~70 MB of sheet XML, a few hundred KB zipped
    await expect(previewPunchFile(db, hr, { name: "bomb.xlsx", bytes }, { tz: TZ })).rejects.toMatchObject({ status: 413, message: "XLSX 解压后不能超过 64 MB" });
  });
});

describe("confirm: inbox → job → punches; idempotent", () => {
  it("writes the new rows once; a second import of the same file adds nothing; an API-pulled punch is already there", async () => {
    // F004 already has the 09:01:37 punch pulled from WeCom's API; the file says 09:01 (minutes only).
    await writePunch(db, { source: "wecom", recordId: "zhaoliu:1793581200:上班打卡:0", employeeId: emp.F004, punchedAt: wall("2026-11-09", "09:01:37"), direction: "in" }, TZ);
    const lines = [
      ...WECOM_TITLES,
      WECOM_HEADER,
      wecom("赵六", "zhaoliu", "2026-11-09", "09:01", "上班打卡"),
      wecom("赵六", "zhaoliu", "2026-11-09", "18:05", "下班打卡"),
      wecom("李四", "lisi", "2026-11-09", "08:48", "上班打卡"),
      wecom("李四", "lisi", "2026-11-09", "08:48", "上班打卡"),
    ];
    const file = { name: "打卡记录.xlsx", bytes: await xlsx(lines) };
    const dry = await previewPunchFile(db, hr, file, { tz: TZ, now: NOW });
    expect(dry.counts).toEqual({ new: 2, existing: 1, duplicate: 1, unmatched: 0, invalid: 0, skipped: 0 });
    expect(dry.sample[0]).toMatchObject({ outcome: "existing", reason: "已有这次打卡（之前导入过，或已通过接口同步）" });

    const applied = await applyPunchFile(db, hr, file, { tz: TZ, now: NOW });
    expect(applied.queued).toBe(2);
    // Confirmed but not yet written by the worker: a second upload already sees them.
    expect((await previewPunchFile(db, hr, file, { tz: TZ, now: NOW })).counts).toMatchObject({ new: 0, existing: 3 });
    await drain();
    expect(await filePunches(emp.F004)).toEqual([{ at: wall("2026-11-09", "18:05").toISOString(), direction: "out", device: "wecom_file", place: "上海中心大厦" }]);
    expect(await filePunches(emp.F002)).toEqual([{ at: wall("2026-11-09", "08:48").toISOString(), direction: "in", device: "wecom_file", place: "上海中心大厦" }]);
    expect(await db.$count(punches, eq(punches.employeeId, emp.F004))).toBe(2); // the API punch and the file's 18:05, not a third

    const again = await applyPunchFile(db, hr, file, { tz: TZ, now: NOW });
    expect(again.queued).toBe(0);
    expect(again.counts).toEqual({ new: 0, existing: 3, duplicate: 1, unmatched: 0, invalid: 0, skipped: 0 });
    // The same rows saved as CSV (a different file) are the same punches.
    const asCsv = await applyPunchFile(db, hr, { name: "打卡记录.csv", bytes: csv(lines) }, { tz: TZ, now: NOW });
    expect(asCsv.queued).toBe(0);
    await drain();
    expect((await db.select({ n: sql<number>`count(*)::int` }).from(punches).where(eq(punches.source, "file")))[0].n).toBe(2);
    const [handled] = await db.select({ n: sql<number>`count(*)::int` }).from(inboxEvents).where(and(eq(inboxEvents.source, "import"), eq(inboxEvents.status, "handled")));
    expect(handled.n).toBe(2);
  });
});

describe("a vendor pull after the file: one punch, the vendor's", () => {
  it("the file's row is superseded by the API record (same person, within its minute, same direction); a re-pull changes nothing", async () => {
    // 李四's 08:48 came from the file above (minutes only); WeCom's API now returns it at 08:48:21, and an 18:30 nobody imported
    const pulled = await writePunches(
      db,
      [
        { source: "wecom", recordId: "lisi:1793580480:上班打卡:0", employeeId: emp.F002, punchedAt: wall("2026-11-09", "08:48:21"), direction: "in" },
        { source: "wecom", recordId: "lisi:1793613000:下班打卡:0", employeeId: emp.F002, punchedAt: wall("2026-11-09", "18:30:02"), direction: "out" },
      ],
      TZ,
    );
    expect(pulled.map((r) => r.state)).toEqual(["added", "added"]);
    const rows = await db.select().from(punches).where(eq(punches.employeeId, emp.F002)).orderBy(punches.id);
    const live = rows.filter((r) => r.changeState !== "vanished");
    expect(live.map((r) => r.source)).toEqual(["wecom", "wecom"]);
    const file = rows.find((r) => r.source === "file")!;
    expect(file.changeState).toBe("vanished");
    expect(file.history.at(-1)?.before).toEqual({ supersededBy: pulled[0].id });
    // the day counts the API punch once
    const [day] = await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, emp.F002), eq(attendanceDays.businessDate, "2026-11-09")));
    expect(day.evidencePunchIds).not.toContain(file.id);
    expect(day.evidencePunchIds).toContain(pulled[0].id);
    // the same records again: unchanged, and the file row stays replaced
    const again = await writePunches(db, [{ source: "wecom", recordId: "lisi:1793580480:上班打卡:0", employeeId: emp.F002, punchedAt: wall("2026-11-09", "08:48:21"), direction: "in" }], TZ);
    expect(again[0].state).toBe("unchanged");
    expect((await db.select().from(punches).where(eq(punches.employeeId, emp.F002))).filter((r) => r.changeState !== "vanished")).toHaveLength(2);
  });

  it("a record of another direction, another vendor or more than a minute later replaces nothing", async () => {
    // 赵六's 18:05 out came from the WeCom file
    await writePunches(
      db,
      [
        { source: "wecom", recordId: "zhaoliu:in-1805", employeeId: emp.F004, punchedAt: wall("2026-11-09", "18:05:10"), direction: "in" },
        { source: "dingtalk", recordId: "ding-1805", employeeId: emp.F004, punchedAt: wall("2026-11-09", "18:05:20"), direction: "out" },
        { source: "wecom", recordId: "zhaoliu:out-1806", employeeId: emp.F004, punchedAt: wall("2026-11-09", "18:06:01"), direction: "out" },
      ],
      TZ,
    );
    const [file] = await db.select().from(punches).where(and(eq(punches.employeeId, emp.F004), eq(punches.source, "file")));
    expect(file.changeState).toBe("added");
  });
});

