// Console exports against a real migrated database (the demo organisation): the shared streaming plumbing (CSV with
// BOM, XLSX read back with exceljs, keyset paging, RFC 5987 file names, times in the organisation's zone) and each
// report's rows — scoped like its page (a manager sees only their subtree), filtered like its page, and masked.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, gt, inArray, like } from "drizzle-orm";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { departments, employees, identityConflicts, inboxEvents, leaves, meetingAttendance, meetings, notificationOutbox, oaOutbox, syncRuns, unmatchedParticipants } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { exportStream } from "@/lib/meetings/export";
import { consoleMeetings } from "@/lib/meetings/queries";
import { EXPORTS } from "./reports";
import { exportResponse, keysetRows, orgTime, streamTable, type Cell, type ExportLocale } from "./stream";

let t: TestDatabase;
let db: Db;
type Person = { id: number; employeeNo: string; name: string; departmentId: number | null };
let everyone: Person[];
let inSubtree: Set<number>;
let hr: Viewer;
let manager: Viewer;
let plain: Viewer;

const viewerOf = (p: Person, roles: string[], managedPaths: string[] = []): Viewer => ({
  employeeId: p.id, employeeNo: p.employeeNo, name: p.name, departmentId: p.departmentId, departmentName: null,
  roles: new Set(roles) as Viewer["roles"], managedPaths, provider: "wecom",
});

async function table(name: string, viewer: Viewer, params: Record<string, string> = {}, locale: ExportLocale = "zh-CN") {
  const r = EXPORTS[name];
  r.authorize(viewer);
  const { table, local } = await r.open(db, viewer, params, locale);
  const rows: Cell[][] = [];
  for await (const c of table.rows) rows.push(c);
  const col = (h: string) => {
    const i = table.header.indexOf(h);
    if (i < 0) throw new Error(`no column ${h} in ${table.header.join(",")}`);
    return rows.map((x) => x[i]);
  };
  return { header: table.header, rows, col, local, sheet: table.sheet };
}

async function bytes(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(s).arrayBuffer());
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  everyone = await db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name, departmentId: employees.departmentId }).from(employees).orderBy(asc(employees.id));
  const [d110] = await db.select().from(departments).where(eq(departments.code, "D110"));
  const sub = await db.select({ id: departments.id }).from(departments).where(like(departments.path, `${d110.path}%`));
  const subIds = new Set(sub.map((d) => d.id));
  inSubtree = new Set(everyone.filter((p) => p.departmentId !== null && subIds.has(p.departmentId)).map((p) => p.id));
  const boss = everyone.find((p) => inSubtree.has(p.id))!;
  manager = viewerOf(boss, ["employee"], [d110.path]);
  hr = viewerOf(everyone[0], ["hr"]);
  plain = viewerOf(everyone.find((p) => !inSubtree.has(p.id) && p.id !== everyone[0].id)!, ["employee"]);
});
afterAll(async () => t?.close());

describe("the streaming plumbing", () => {
  it("keyset pages cover every row once, in order, with batches smaller than the table", async () => {
    const seen: number[] = [];
    const pages: number[] = [];
    for await (const r of keysetRows(
      async (after: number | undefined, limit) => {
        pages.push(after ?? 0);
        return db.select({ id: employees.id }).from(employees).where(after === undefined ? undefined : gt(employees.id, after)).orderBy(asc(employees.id)).limit(limit);
      },
      (r) => r.id,
      7,
    ))
      seen.push(r.id);
    expect(seen).toEqual(everyone.map((p) => p.id));
    expect(pages.length).toBe(Math.floor(everyone.length / 7) + 1);
  });

  it("CSV starts with a BOM and quotes; XLSX reads back with exceljs; names are RFC 5987", async () => {
    async function* rows(): AsyncGenerator<Cell[]> {
      yield ["张三", 'say "hi", ok', 3];
      yield ["李四", null, 4];
    }
    const csv = (await bytes(streamTable({ sheet: "表", header: ["姓名", "备注", "数"], rows: rows() }, "csv"))).toString("utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split("\n").slice(0, 3)).toEqual(["姓名,备注,数", '张三,"say ""hi"", ok",3', "李四,,4"]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bytes(streamTable({ sheet: "表", header: ["姓名", "备注", "数"], rows: rows() }, "xlsx"))) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe("表");
    expect(ws.getRow(1).values).toEqual([undefined, "姓名", "备注", "数"]);
    expect(ws.getRow(2).getCell(1).value).toBe("张三");
    expect(ws.getRow(2).getCell(3).value).toBe(3);

    const res = exportResponse(new Response("x").body!, "csv", { ascii: "people", local: "人员" }, "2026-11-22");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="people-2026-11-22.csv"; filename*=UTF-8''${encodeURIComponent("人员-2026-11-22.csv")}`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  });

  it("times are the organisation's wall clock", () => {
    expect(orgTime(new Date("2026-03-01T01:02:03Z"), "Asia/Shanghai")).toBe("2026-03-01 09:02:03");
    expect(orgTime(null)).toBeNull();
  });
});

describe("people", () => {
  it("HR gets every active person; a manager only their subtree; search and status filter like the page", async () => {
    const all = await table("people", hr);
    const active = await db.select({ n: employees.id }).from(employees).where(eq(employees.status, "active"));
    expect(all.rows.length).toBe(active.length);
    expect(all.header.slice(0, 3)).toEqual(["工号", "姓名", "部门"]);
    expect(all.col("状态").every((s) => s === "在职")).toBe(true);

    const mine = await table("people", manager, { status: "all" });
    const nos = new Set(everyone.filter((p) => inSubtree.has(p.id)).map((p) => p.employeeNo));
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.length).toBeLessThan(everyone.length);
    for (const no of mine.col("工号")) expect(nos.has(no as string) || no === manager.employeeNo).toBe(true);

    const one = await table("people", hr, { q: everyone[3].employeeNo, status: "all" }, "en");
    expect(one.col("Employee no.")).toEqual([everyone[3].employeeNo]);
    expect(one.col("Name")).toEqual([everyone[3].name]);
    expect(one.local).toBe("people");
  });

  it("refuses plain employees and bad filters", async () => {
    expect(() => EXPORTS.people.authorize(plain)).toThrow(AppError);
    await expect(EXPORTS.people.open(db, hr, { status: "sometimes" }, "zh-CN")).rejects.toBeInstanceOf(ZodError);
    await expect(EXPORTS.people.open(db, hr, { page: "2" }, "zh-CN")).rejects.toBeInstanceOf(ZodError);
  });
});

describe("leaves", () => {
  it("a manager sees their subtree's leaves only, HR all; times in the organisation's zone", async () => {
    const insider = everyone.find((p) => inSubtree.has(p.id) && p.id !== manager.employeeId)!;
    const outsider = everyone.find((p) => !inSubtree.has(p.id) && p.departmentId !== null)!;
    await db.insert(leaves).values([
      { employeeId: insider.id, startsAt: new Date("2026-05-01T00:00:00Z"), endsAt: new Date("2026-05-01T10:00:00Z"), reason: "病假-内", createdBy: hr.employeeId },
      { employeeId: outsider.id, startsAt: new Date("2026-05-02T00:00:00Z"), endsAt: new Date("2026-05-02T10:00:00Z"), reason: "事假-外", createdBy: hr.employeeId },
    ]);
    const h = await table("leaves", hr);
    expect(h.col("事由")).toEqual(expect.arrayContaining(["病假-内", "事假-外"]));
    const m = await table("leaves", manager);
    expect(m.col("事由")).toContain("病假-内");
    expect(m.col("事由")).not.toContain("事假-外");
    const row = m.rows[m.col("事由").indexOf("病假-内")];
    expect(row[0]).toBe(insider.employeeNo);
    expect(m.col("开始时间")[m.col("事由").indexOf("病假-内")]).toBe(orgTime(new Date("2026-05-01T00:00:00Z")));
    expect(() => EXPORTS.leaves.authorize(plain)).toThrow(AppError);
  });
});

describe("integrations inbox", () => {
  it("masks mobiles and emails in the payload like the page, never exports the raw body, and filters like the page", async () => {
    await db.insert(inboxEvents).values([
      {
        source: "wecom", eventType: "change_contact", dedupeKey: "exp-1", raw: "RAW-SECRET-BODY 13812345678",
        payload: { UserID: "zhangsan", Mobile: "13812345678", Email: "zhangsan@example.com", note: "call 13987654321" }, status: "handled",
        lastError: "retry for lisi@example.org", receivedAt: new Date("2026-06-01T02:00:00Z"), handledAt: new Date("2026-06-01T02:00:01.500Z"),
      },
      { source: "zoom", eventType: "meeting.started", dedupeKey: "exp-2", raw: "{}", payload: { id: 1 }, status: "dead", receivedAt: new Date("2026-06-02T02:00:00Z") },
    ]);
    const x = await table("inbox", hr, { source: "wecom" });
    expect(x.rows.length).toBe(1);
    const payload = x.col("内容（已脱敏）")[0] as string;
    expect(payload).toContain('"Mobile":"*******5678"');
    expect(payload).toContain("z***@example.com");
    expect(payload).toContain("139****4321");
    const flat = JSON.stringify(x.rows);
    expect(flat).not.toContain("13812345678");
    expect(flat).not.toContain("zhangsan@example.com");
    expect(flat).not.toContain("RAW-SECRET-BODY");
    expect(x.col("错误")[0]).toBe("retry for l***@example.org");
    expect(x.col("来源")[0]).toBe("企业微信");
    expect(x.col("延迟（毫秒）")[0]).toBe(1500);
    expect(x.col("接收时间")[0]).toBe(orgTime(new Date("2026-06-01T02:00:00Z")));

    const dead = await table("inbox", hr, { status: "dead", from: "2026-06-01", to: "2026-06-30" });
    expect(dead.col("事件类型")).toEqual(["meeting.started"]);
    await expect(EXPORTS.inbox.open(db, hr, { source: "nope" }, "zh-CN")).rejects.toBeInstanceOf(ZodError);
    await expect(EXPORTS.inbox.open(db, hr, { from: "2026-07-01", to: "2026-06-01" }, "zh-CN")).rejects.toBeInstanceOf(ZodError);
    expect(() => EXPORTS.inbox.authorize(manager)).toThrow(AppError);
  });
});

describe("notifications", () => {
  it("masks recipients like the page and keeps the page's window and channel filter", async () => {
    const p = everyone[5];
    await db.insert(notificationOutbox).values([
      { channel: "wecom", recipientEmployeeId: p.id, kind: "meeting_reminder", dedupeKey: "exp-n1", payload: { title: "周会提醒" }, status: "sent", sentAt: new Date() },
      { channel: "dingtalk", recipientEmployeeId: p.id, kind: "checkin_nudge", dedupeKey: "exp-n2", payload: { title: "请签到" }, status: "failed", lastError: "user 13812345678 blocked" },
      { channel: "wecom", recipientEmployeeId: p.id, kind: "meeting_reminder", dedupeKey: "exp-n3", payload: { title: "很久以前" }, status: "sent", createdAt: new Date(Date.now() - 40 * 86_400_000) },
    ]);
    const x = await table("notifications", hr, { channel: "wecom", days: "30" });
    expect(x.col("标题")).toEqual(["周会提醒"]);
    expect(x.col("类型")).toEqual(["会前提醒"]);
    const recipient = x.col("接收人（脱敏）")[0] as string;
    expect(recipient).not.toContain(p.name.slice(1) || "\u0000");
    expect(recipient).not.toContain(p.employeeNo);
    const failed = await table("notifications", hr, { channel: "dingtalk" });
    expect(failed.col("错误")).toEqual(["user 1********** blocked"]);
    await expect(EXPORTS.notifications.open(db, hr, { days: "3" }, "zh-CN")).rejects.toBeInstanceOf(ZodError);
    expect(() => EXPORTS.notifications.authorize(manager)).toThrow(AppError);
  });
});

describe("identity, unmatched participants, sync", () => {
  it("identity conflicts by status with the evidence mobile masked", async () => {
    await db.insert(identityConflicts).values({
      provider: "wecom", externalId: "wx-exp", reason: "ambiguous", candidateEmployeeIds: [everyone[1].id, everyone[2].id],
      evidence: { name: "王五", mobile: "13800001111", email: "w@example.com" },
    });
    const x = await table("identity-conflicts", hr);
    const i = x.col("平台账号").indexOf("wx-exp");
    expect(i).toBeGreaterThanOrEqual(0);
    expect(x.col("手机（脱敏）")[i]).toBe("138****1111");
    expect(x.col("原因")[i]).toBe("多个候选");
    expect(x.col("候选人")[i]).toBe(`${everyone[1].name} (${everyone[1].employeeNo}); ${everyone[2].name} (${everyone[2].employeeNo})`);
    expect((await table("identity-conflicts", hr, { status: "linked" })).col("平台账号")).not.toContain("wx-exp");
    expect(() => EXPORTS["identity-conflicts"].authorize(manager)).toThrow(AppError);
  });

  it("unmatched participants: HR all, an organiser only their meetings'", async () => {
    const mk = async (organizerId: number, title: string) =>
      (await db.insert(meetings).values({ externalId: `exp-${title}`, title, organizerId, startsAt: new Date(), endsAt: new Date(Date.now() + 3_600_000), businessDate: "2026-06-01" }).returning({ id: meetings.id }))[0].id;
    const mine = await mk(manager.employeeId, "经理的会");
    const theirs = await mk(hr.employeeId, "别人的会");
    await db.insert(unmatchedParticipants).values([
      { source: "zoom", externalUserId: "z-mine", displayName: "访客甲", meetingId: mine },
      { source: "zoom", externalUserId: "z-theirs", displayName: "访客乙", meetingId: theirs },
    ]);
    expect((await table("unmatched", hr)).col("平台用户 ID")).toEqual(expect.arrayContaining(["z-mine", "z-theirs"]));
    const m = await table("unmatched", manager);
    expect(m.col("平台用户 ID")).toEqual(["z-mine"]);
    expect(m.col("会议")).toEqual(["经理的会"]);
  });

  it("OA outbox rows by sink and status, and reconciliation runs", async () => {
    await db.insert(oaOutbox).values([
      { sink: "http", aggregateType: "meeting_attendance", aggregateId: "7", version: 2, idempotencyKey: "ma:7:v2", payload: {}, status: "dead", failureReason: "http_5xx", lastError: "500 from oa" },
      { sink: "postgres", aggregateType: "meeting_attendance", aggregateId: "8", version: 1, idempotencyKey: "ma:8:v1", payload: {}, status: "dead" },
      { sink: "http", aggregateType: "meeting_attendance", aggregateId: "9", version: 1, idempotencyKey: "ma:9:v1", payload: {}, status: "delivered" },
    ]);
    const dead = await table("sync-outbox", hr, { sink: "http" });
    expect(dead.col("记录")).toEqual(["ma:7:v2"]);
    expect(dead.col("失败原因")).toEqual(["服务端错误 (5xx)"]);
    expect((await table("sync-outbox", hr, { status: "delivered" })).col("记录")).toEqual(["ma:9:v1"]);

    await db.insert(syncRuns).values([
      { source: "zoom", kind: "reconcile", status: "succeeded", added: 3, details: { checked: 2, meetings: 2 }, watermark: new Date("2026-06-01T00:00:00Z") },
      { source: "wecom", kind: "org_full", status: "succeeded" },
    ]);
    const runs = await table("sync-runs", hr, {}, "en");
    expect(runs.col("Source")).toEqual(["Zoom"]);
    expect(runs.col("Added")).toEqual([3]);
    expect(runs.col("Checked")).toEqual([2]);
    expect(runs.col("Complete up to")).toEqual([orgTime(new Date("2026-06-01T00:00:00Z"))]);
    expect(() => EXPORTS["sync-runs"].authorize(manager)).toThrow(AppError);
    const ids = await db.select({ id: oaOutbox.id }).from(oaOutbox).where(inArray(oaOutbox.idempotencyKey, ["ma:7:v2"]));
    expect(dead.col("编号")).toEqual([ids[0].id]);
  });
});

describe("a whole export read back", () => {
  it("the people export as XLSX parses and holds the same rows as the CSV", async () => {
    const open = async (format: "csv" | "xlsx") => {
      const { table: tb } = await EXPORTS.people.open(db, manager, {}, "zh-CN");
      return bytes(streamTable(tb, format));
    };
    const csv = (await open("csv")).toString("utf8").slice(1).trim().split("\n");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await open("xlsx")) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe("人员");
    expect(ws.rowCount).toBe(csv.length);
    expect(String(ws.getRow(2).getCell(1).value)).toBe(csv[1].split(",")[0]);
  });
});

describe("attendance exports (meeting and period) through the shared plumbing", () => {
  it("a manager's period export holds their subtree's rows only, statuses in Chinese, times in the organisation's zone", async () => {
    const insider = everyone.find((p) => inSubtree.has(p.id) && p.id !== manager.employeeId)!;
    const outsider = everyone.find((p) => !inSubtree.has(p.id) && p.departmentId !== null && p.id !== hr.employeeId)!;
    const [m] = await db
      .insert(meetings)
      .values({ externalId: "exp-att", title: "导出考勤会", organizerId: hr.employeeId, startsAt: new Date("2026-04-01T01:00:00Z"), endsAt: new Date("2026-04-01T02:00:00Z"), businessDate: "2026-04-01" })
      .returning({ id: meetings.id });
    await db.insert(meetingAttendance).values([
      { meetingId: m.id, employeeId: insider.id, status: "late", method: "qr", checkedInAt: new Date("2026-04-01T01:07:00Z"), businessDate: "2026-04-01" },
      { meetingId: m.id, employeeId: outsider.id, status: "on_time", method: "qr", checkedInAt: new Date("2026-04-01T00:58:00Z"), businessDate: "2026-04-01" },
    ]);
    const read = async (v: Viewer, f: { meetingId?: number; from?: string; to?: string }) =>
      parse((await bytes(exportStream(db, v, f, "csv"))).toString("utf8"));
    const parse = (text: string) => text.slice(1).trim().split("\n").map((l) => l.split(","));
    const mine = await read(manager, { from: "2026-04-01", to: "2026-04-01" });
    expect(mine[0]).toEqual(["日期", "会议", "开始时间", "工号", "姓名", "部门", "状态", "签到方式", "签到时间", "离开时间", "设备", "签退时间"]);
    expect(mine.slice(1).map((r) => [r[3], r[6], r[7], r[8]])).toEqual([[insider.employeeNo, "迟到", "扫码", "2026-04-01 09:07:00"]]);
    const all = await read(hr, { meetingId: m.id });
    expect(all.slice(1).map((r) => r[3]).sort()).toEqual([insider.employeeNo, outsider.employeeNo].sort());
  });
});

describe("meetings list", () => {
  it("keyset pages of the page's own query cover the list in order; a manager sees only meetings in their scope", async () => {
    const full = await consoleMeetings(db, hr, { limit: 10_000 });
    const paged = [];
    for await (const r of keysetRows((after: { startsAt: Date; id: number } | undefined, limit) => consoleMeetings(db, hr, { limit, after }), (r) => ({ startsAt: r.startsAt, id: r.id }), 2)) paged.push(r.id);
    expect(paged).toEqual(full.map((m) => m.id));

    const h = await table("meetings", hr);
    expect(h.rows.length).toBe(full.length);
    expect(h.col("会议")).toEqual(expect.arrayContaining(["经理的会", "别人的会"]));
    const m = await table("meetings", manager);
    expect(m.col("会议")).toContain("经理的会");
    expect(m.col("会议")).not.toContain("别人的会");
    expect(() => EXPORTS.meetings.authorize(plain)).toThrow(AppError);
  });
});
