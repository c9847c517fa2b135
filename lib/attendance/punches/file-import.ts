// Punch-record files exported from DingTalk (考勤打卡 → 考勤统计 → 原始记录 / 打卡时间表) and WeCom (打卡 → 打卡记录 /
// 打卡详情): preview (rows as parsed, people matched through the identity ledger or by 工号), a dry-run diff (new /
// already there / invalid with reasons), then on confirm the new punches go to the inbox (source "import", the row is
// the job) and the "import:punch" handler writes them through the one punch write path (store.ts) and recomputes.
//
// Layout, as far as public material shows it (exact headers vary by vendor version, so each column has aliases):
// - DingTalk's report workbook has sheets 月度汇总 / 打卡时间 / 原始记录 / 每日统计; the 原始记录 sheet freezes its first
//   three rows (a title, the 统计日期 line, then the header) — github.com/LebinDing749/DingTalk-attendance-statistics-
//   and-visualization, "3.10-4.17/PI Lab_考勤报表_20240411-20240417.xlsx" (xl/worksheets/sheet3.xml, ySplit="3").
//   pandas readers of DingTalk exports skip two title rows (github.com/zjo0/practice-program 考勤.py, header=2).
//   原始记录 columns used by importers: 姓名, 工号, UserId, 部门, 考勤日期, 考勤时间 (the scheduled time), 打卡时间,
//   打卡结果 (正常/迟到/…/未打卡: a 未打卡 row has no punch), 打卡地址, 打卡设备 (an ASP.NET importer's table
//   yuanshijilus keeps 考勤时间 / 打卡时间 / 打卡结果 = '未打卡'; a pandas reader of 每日统计 uses "UserId" and "姓名").
// - WeCom records carry userid, checkin_type 上班打卡/下班打卡/外出打卡, exception_type, location_title, wifiname,
//   notes (getcheckindata, /work/shared/vendors/wecom.md §5.2); the console export shows them as 姓名, 账号, 部门,
//   打卡日期/日期, 打卡时间, 打卡类型, 打卡状态/异常类型, 打卡地点, 打卡设备, 备注. Unconfirmed against a real
//   export — verify with one and extend ALIASES.
// Times are wall-clock times in ORG_TIMEZONE (XLSX date cells have no zone: their UTC fields are the wall clock).
import "server-only";
import { createHash } from "node:crypto";
import { and, eq, gte, inArray, lte, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { employees, identities, inboxEvents, punches } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { writeAudit } from "@/lib/audit";
import { env } from "@/lib/env";
import { AppError, forbidden } from "@/lib/errors";
import { readSheetLines } from "@/lib/meetings/imports";
import { addDays, zonedTimeToUtc } from "@/lib/time-core";
import { FUTURE_SKEW_MS } from "./schemas";

export type PunchFileVendor = "dingtalk" | "wecom";
export type PunchRowOutcome = "new" | "existing" | "duplicate" | "unmatched" | "invalid" | "skipped";

const ALIASES = {
  name: ["姓名", "员工姓名", "成员", "成员姓名", "名字", "name"],
  employeeNo: ["工号", "员工工号", "人员编号", "员工编号", "employee no", "employee_no"],
  userid: ["userid", "user id", "用户id", "账号", "成员账号", "企业微信账号", "钉钉id", "钉钉userid"],
  department: ["部门", "所属部门", "department"],
  date: ["考勤日期", "打卡日期", "日期", "date"],
  time: ["打卡时间", "实际打卡时间", "打卡时刻", "check-in time", "time"],
  result: ["打卡结果", "打卡状态", "异常类型", "打卡异常", "校准状态"],
  place: ["打卡地址", "打卡地点", "打卡位置", "地点", "位置"],
  device: ["打卡设备", "设备", "设备名称", "设备型号"],
  kind: ["打卡类型", "上下班", "类型", "考勤类型"],
  remark: ["打卡备注", "备注", "异常打卡原因"],
  group: ["考勤组"],
} as const;
type Column = keyof typeof ALIASES;

const norm = (s: unknown) => String(s ?? "").replace(/^\uFEFF/, "").replace(/\s+/g, " ").trim().toLowerCase().replace(/（/g, "(").replace(/）/g, ")");
const HEADER_SCAN = 30;

export interface PunchFileTable {
  vendor: PunchFileVendor;
  /** 1-based line of the header */
  headerRow: number;
  headers: string[];
  /** the title lines above the header (e.g. "打卡时间表 统计日期：2026-11-01 至 2026-11-30"), as text */
  titles: string[];
  col: Record<Column, number>;
  rows: { line: number; cells: string[] }[];
}

/** Find the header below the title rows and tell DingTalk from WeCom; `hint` decides when the file does not. */
export function locatePunchTable(lines: string[][], hint?: PunchFileVendor, fileName = ""): PunchFileTable {
  const h = lines.slice(0, HEADER_SCAN).findIndex((cells) => {
    const c = cells.map(norm);
    const has = (k: Column) => ALIASES[k].some((a) => c.includes(a));
    return has("time") && (has("name") || has("employeeNo") || has("userid"));
  });
  if (h < 0) throw new AppError("bad_request", 400, "找不到表头：需要“打卡时间”列，以及“姓名”“工号”“UserId/账号”中的一列（请上传钉钉原始记录或企业微信打卡记录的导出文件）");
  const headers = lines[h].map((x) => String(x ?? "").trim());
  const normed = headers.map(norm);
  const col = Object.fromEntries((Object.keys(ALIASES) as Column[]).map((k) => [k, normed.findIndex((x) => (ALIASES[k] as readonly string[]).includes(x))])) as Record<Column, number>;
  if (col.employeeNo < 0 && col.userid < 0) throw new AppError("bad_request", 400, "缺少“工号”或“UserId/账号”列：不按姓名匹配人员，请导出包含工号或账号的版本");
  const titles = lines
    .slice(0, h)
    .map((l) => l.map((c) => String(c ?? "").trim()).filter(Boolean).join(" "))
    .filter(Boolean);
  const rows = lines.slice(h + 1).map((cells, i) => ({ line: h + 2 + i, cells: cells.map((c) => String(c ?? "")) }));
  return { vendor: hint ?? detectVendor(titles, normed, rows, fileName), headerRow: h + 1, headers, titles, col, rows };
}

function detectVendor(titles: string[], headers: string[], rows: { cells: string[] }[], fileName: string): PunchFileVendor {
  const text = `${titles.join(" ")} ${fileName}`.toLowerCase();
  if (/企业微信|wecom|wework|wxwork/.test(text)) return "wecom";
  if (/钉钉|dingtalk/.test(text)) return "dingtalk";
  let ding = 0;
  let wecom = 0;
  for (const x of headers) {
    if (x === "userid" || x === "考勤组" || x === "打卡地址" || x === "打卡结果" || x === "考勤时间") ding++;
    if (x === "账号" || x === "成员账号" || x === "企业微信账号" || x === "打卡地点" || x === "打卡状态") wecom++;
  }
  const kind = headers.findIndex((x) => (ALIASES.kind as readonly string[]).includes(x));
  if (kind >= 0 && rows.slice(0, 50).some((r) => /^(上班|下班|外出)打卡$/.test((r.cells[kind] ?? "").trim()))) wecom++;
  if (ding === wecom) throw new AppError("bad_request", 400, "无法判断文件来自钉钉还是企业微信：请在页面上选择来源后重新上传");
  return ding > wecom ? "dingtalk" : "wecom";
}

// ——— times ———

const pad = (n: number | string) => String(n).padStart(2, "0");
const validDate = (y: number, m: number, d: number) => {
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso ? iso : null;
};
/** An XLSX date cell read by lib/meetings/imports (ISO in UTC = the sheet's wall clock). */
const XLSX_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;

/** "2026-11-03", "2026/11/3", "26-11-03 星期二", "2026年11月3日", an XLSX date → YYYY-MM-DD, or null. */
export function parseFileDate(v: string): string | null {
  const s = v.trim().replace(/\s*(星期|周)[一二三四五六日天]$/, "");
  let m = XLSX_ISO.exec(s);
  if (m) return validDate(+m[1], +m[2], +m[3]);
  m = /^(\d{2}|\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return null;
  const y = m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]);
  return validDate(y, +m[2], +m[3]);
}

export interface FileTime {
  at: Date;
  /** the file gives minutes only: a punch in the same minute is the same punch */
  minuteOnly: boolean;
  localDate: string;
  localTime: string;
}

/**
 * The instant of a punch: the 打卡时间 cell alone ("2026-11-03 08:55:12") or with the date column ("08:55",
 * "次日 06:03" for a night shift's next morning), in `tz`. An error message in Chinese when it cannot be read.
 */
export function parseFileTime(timeCell: string, dateCell: string, tz: string): FileTime | string {
  let s = timeCell.trim();
  if (!s) return "缺少打卡时间";
  let nextDay = false;
  if (/^次日\s*/.test(s)) {
    nextDay = true;
    s = s.replace(/^次日\s*/, "");
  }
  let date: string | null = null;
  let hh: number, mi: number, ss: number | null;
  const x = XLSX_ISO.exec(s);
  if (x) {
    // Excel keeps a time-only cell as a day-fraction on 1899-12-30 (1900 system) or 1904-01-01.
    if (!["1899", "1900", "1904"].includes(x[1])) date = validDate(+x[1], +x[2], +x[3]);
    // A date cell shows minutes unless the vendor wrote seconds: ":00" is read as a minute-precision time.
    [hh, mi, ss] = [+x[4], +x[5], x[6] === "00" ? null : +x[6]];
  } else {
    const full = /^(\d{2}|\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
    const only = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
    if (full) {
      date = validDate(full[1].length === 2 ? 2000 + +full[1] : +full[1], +full[2], +full[3]);
      if (!date) return `打卡时间的日期无效：${timeCell.trim()}`;
      [hh, mi, ss] = [+full[4], +full[5], full[6] === undefined ? null : +full[6]];
    } else if (only) {
      [hh, mi, ss] = [+only[1], +only[2], only[3] === undefined ? null : +only[3]];
    } else return `打卡时间格式无法识别：${timeCell.trim()}`;
  }
  if (hh > 23 || mi > 59 || (ss ?? 0) > 59) return `打卡时间无效：${timeCell.trim()}`;
  if (!date) {
    if (!dateCell.trim()) return "打卡时间只有时刻，缺少考勤日期";
    date = parseFileDate(dateCell);
    if (!date) return `考勤日期格式无法识别：${dateCell.trim()}`;
  }
  if (nextDay) date = addDays(date, 1);
  const localTime = `${pad(hh)}:${pad(mi)}`;
  const at = new Date(zonedTimeToUtc(date, localTime, tz).getTime() + (ss ?? 0) * 1000);
  return { at, minuteOnly: ss === null, localDate: date, localTime: ss === null ? localTime : `${localTime}:${pad(ss)}` };
}

// ——— rows ———

export interface PunchFileRow {
  line: number;
  name: string | null;
  employeeNo: string | null;
  userid: string | null;
  department: string | null;
  time: FileTime | null;
  direction: "in" | "out" | null;
  field: boolean;
  place: string | null;
  device: string | null;
  result: string | null;
  remark: string | null;
  /** set for rows that are not a punch (未打卡) or cannot be read */
  problem: { outcome: "invalid" | "skipped"; reason: string } | null;
}

const NO_PUNCH = /未打卡|缺卡|无打卡/;

export function readPunchRows(table: PunchFileTable, tz: string, now = new Date()): PunchFileRow[] {
  const out: PunchFileRow[] = [];
  for (const { line, cells } of table.rows) {
    if (cells.every((c) => !c.trim())) continue;
    const get = (k: Column) => (table.col[k] >= 0 ? (cells[table.col[k]] ?? "").trim() : "");
    const kind = get("kind");
    const result = get("result") || null;
    const row: PunchFileRow = {
      line,
      name: get("name") || null,
      employeeNo: get("employeeNo") || null,
      userid: get("userid") || null,
      department: get("department") || null,
      time: null,
      direction: /上班|签到|^in$/i.test(kind) ? "in" : /下班|签退|^out$/i.test(kind) ? "out" : null,
      field: /外出|外勤/.test(kind) || /外勤/.test(result ?? ""),
      place: get("place") || null,
      device: get("device") || null,
      result,
      remark: get("remark") || null,
      problem: null,
    };
    const rawTime = get("time");
    if (!rawTime && NO_PUNCH.test(`${result ?? ""} ${kind}`)) {
      row.problem = { outcome: "skipped", reason: `${result ?? kind}：没有打卡时间，不是一次打卡` };
    } else if (!row.employeeNo && !row.userid) {
      row.problem = { outcome: "invalid", reason: "缺少工号和账号，无法确认是谁（不按姓名匹配）" };
    } else {
      const t = parseFileTime(rawTime, get("date"), tz);
      if (typeof t === "string") row.problem = { outcome: "invalid", reason: t };
      else if (t.at.getTime() > now.getTime() + FUTURE_SKEW_MS) row.problem = { outcome: "invalid", reason: `打卡时间在未来：${t.localDate} ${t.localTime}` };
      else row.time = t;
    }
    out.push(row);
  }
  return out;
}

// ——— matching and the diff ———

export interface PunchPreviewRow {
  line: number;
  name: string | null;
  employeeNo: string | null;
  userid: string | null;
  localDate: string | null;
  localTime: string | null;
  direction: "in" | "out" | null;
  place: string | null;
  outcome: PunchRowOutcome;
  reason: string | null;
  employeeId: number | null;
  employeeName: string | null;
}

export interface PunchImportPreview {
  vendor: PunchFileVendor;
  headerRow: number;
  titles: string[];
  totalRows: number;
  counts: Record<PunchRowOutcome, number>;
  /** the first rows as parsed */
  sample: PunchPreviewRow[];
  /** every row that will not be added as new (unmatched, invalid, duplicate, skipped), capped */
  issues: PunchPreviewRow[];
  /** each unmatched person once, with how many rows they have */
  unmatchedPeople: { name: string | null; employeeNo: string | null; userid: string | null; rows: number; reason: string }[];
  range: { from: string; to: string } | null;
}

const SAMPLE_ROWS = 20;
const ISSUE_ROWS = 200;
const fileDevice = (v: PunchFileVendor) => `${v}_file`;

/** The natural key of a file row: the vendor, its user (userid, else 工号), the instant and the direction. */
export function punchFileRecordId(vendor: PunchFileVendor, r: Pick<PunchFileRow, "userid" | "employeeNo" | "direction"> & { at: Date }): string {
  const who = r.userid ? `u:${r.userid}` : `no:${r.employeeNo}`;
  return createHash("sha256").update(`${vendor}|${who}|${r.at.toISOString()}|${r.direction ?? ""}`).digest("hex").slice(0, 32);
}
const inboxKey = (vendor: PunchFileVendor, recordId: string) => JSON.stringify([fileDevice(vendor), recordId]);

interface Evaluated extends PunchPreviewRow {
  row: PunchFileRow;
  recordId: string | null;
}

async function evaluate(db: Db, vendor: PunchFileVendor, rows: PunchFileRow[]): Promise<Evaluated[]> {
  const chunks = <T,>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / 1000) }, (_, i) => xs.slice(i * 1000, i * 1000 + 1000));
  // People: the vendor account through the identity ledger, else the 工号.
  const userids = [...new Set(rows.filter((r) => !r.problem && r.userid).map((r) => r.userid!))];
  const nos = [...new Set(rows.filter((r) => !r.problem && r.employeeNo).map((r) => r.employeeNo!))];
  const byUserid = new Map<string, Set<number>>();
  for (const c of chunks(userids)) {
    for (const x of await db.select({ ext: identities.externalId, emp: identities.employeeId }).from(identities).where(and(eq(identities.provider, vendor), inArray(identities.externalId, c)))) {
      byUserid.set(x.ext, (byUserid.get(x.ext) ?? new Set()).add(x.emp));
    }
  }
  const byNo = new Map<string, number>();
  for (const c of chunks(nos)) {
    for (const x of await db.select({ id: employees.id, no: employees.employeeNo }).from(employees).where(inArray(employees.employeeNo, c))) byNo.set(x.no, x.id);
  }
  const matched = new Set<number>([...byNo.values(), ...[...byUserid.values()].flatMap((s) => [...s])]);
  const names = new Map<number, string>();
  for (const c of chunks([...matched])) {
    for (const x of await db.select({ id: employees.id, name: employees.name }).from(employees).where(inArray(employees.id, c))) names.set(x.id, x.name);
  }

  const resolve = (r: PunchFileRow): { employeeId: number } | { reason: string } => {
    const viaUser = r.userid ? byUserid.get(r.userid) : undefined;
    if (viaUser && viaUser.size > 1) return { reason: `账号 ${r.userid} 在身份台账中对应多人，请先在身份台账中处理` };
    const u = viaUser ? [...viaUser][0] : undefined;
    const n = r.employeeNo ? byNo.get(r.employeeNo) : undefined;
    if (u !== undefined && n !== undefined && u !== n) return { reason: `账号 ${r.userid} 与工号 ${r.employeeNo} 不是同一人` };
    if (u !== undefined || n !== undefined) return { employeeId: (u ?? n)! };
    const parts = [r.employeeNo ? `工号 ${r.employeeNo}` : null, r.userid ? `${vendor === "dingtalk" ? "钉钉" : "企业微信"}账号 ${r.userid}` : null].filter(Boolean);
    return { reason: `${parts.join("、")} 不在身份台账或员工名单中` };
  };

  // What is already there: any punch of the person at that instant (the same minute when the file gives minutes
  // only), from any channel — e.g. the same punch pulled through the vendor API — or this row already queued.
  const timed = rows.filter((r) => r.time);
  const existingAt = new Map<number, number[]>();
  if (timed.length && matched.size) {
    const min = Math.min(...timed.map((r) => r.time!.at.getTime()));
    const max = Math.max(...timed.map((r) => r.time!.at.getTime())) + 60_000;
    for (const c of chunks([...matched])) {
      const got = await db
        .select({ emp: punches.employeeId, at: punches.punchedAt })
        .from(punches)
        .where(and(inArray(punches.employeeId, c), gte(punches.punchedAt, new Date(min)), lte(punches.punchedAt, new Date(max)), ne(punches.changeState, "vanished")));
      for (const g of got) existingAt.set(g.emp, [...(existingAt.get(g.emp) ?? []), g.at.getTime()]);
    }
  }
  const recordIds = timed.map((r) => punchFileRecordId(vendor, { ...r, at: r.time!.at }));
  const queued = new Set<string>();
  for (const c of chunks(recordIds.map((id) => inboxKey(vendor, id)))) {
    for (const x of await db.select({ k: inboxEvents.dedupeKey }).from(inboxEvents).where(and(eq(inboxEvents.source, "import"), inArray(inboxEvents.dedupeKey, c)))) queued.add(x.k);
  }

  const seen = new Set<string>();
  let ti = 0;
  return rows.map((r) => {
    const base = {
      line: r.line,
      name: r.name,
      employeeNo: r.employeeNo,
      userid: r.userid,
      localDate: r.time?.localDate ?? null,
      localTime: r.time?.localTime ?? null,
      direction: r.direction,
      place: r.place,
      employeeId: null as number | null,
      employeeName: null as string | null,
      row: r,
      recordId: null as string | null,
    };
    if (r.problem) return { ...base, outcome: r.problem.outcome, reason: r.problem.reason };
    const recordId = recordIds[ti++];
    const who = resolve(r);
    if ("reason" in who) return { ...base, recordId, outcome: "unmatched" as const, reason: who.reason };
    const at = r.time!.at.getTime();
    const span = r.time!.minuteOnly ? 60_000 : 1_000;
    const withEmp = { ...base, recordId, employeeId: who.employeeId, employeeName: names.get(who.employeeId) ?? null };
    const instant = `${who.employeeId}|${Math.floor(at / span)}`;
    if (seen.has(instant)) return { ...withEmp, outcome: "duplicate" as const, reason: "与文件中前面的一行是同一次打卡" };
    seen.add(instant);
    if (queued.has(inboxKey(vendor, recordId)) || (existingAt.get(who.employeeId) ?? []).some((t) => t >= at && t < at + span)) {
      return { ...withEmp, outcome: "existing" as const, reason: "已有这次打卡（之前导入过，或已通过接口同步）" };
    }
    return { ...withEmp, outcome: "new" as const, reason: null };
  });
}

function summarise(vendor: PunchFileVendor, table: PunchFileTable, evaluated: Evaluated[]): PunchImportPreview {
  const counts: Record<PunchRowOutcome, number> = { new: 0, existing: 0, duplicate: 0, unmatched: 0, invalid: 0, skipped: 0 };
  const people = new Map<string, PunchImportPreview["unmatchedPeople"][number]>();
  let from: string | null = null;
  let to: string | null = null;
  for (const e of evaluated) {
    counts[e.outcome]++;
    if (e.localDate) {
      if (!from || e.localDate < from) from = e.localDate;
      if (!to || e.localDate > to) to = e.localDate;
    }
    if (e.outcome === "unmatched") {
      const k = `${e.userid ?? ""}|${e.employeeNo ?? ""}`;
      const p = people.get(k);
      if (p) p.rows++;
      else people.set(k, { name: e.name, employeeNo: e.employeeNo, userid: e.userid, rows: 1, reason: e.reason! });
    }
  }
  const strip = ({ row: _r, recordId: _k, ...p }: Evaluated): PunchPreviewRow => p;
  return {
    vendor,
    headerRow: table.headerRow,
    titles: table.titles.slice(0, 5),
    totalRows: evaluated.length,
    counts,
    sample: evaluated.slice(0, SAMPLE_ROWS).map(strip),
    issues: evaluated.filter((e) => e.outcome !== "new" && e.outcome !== "existing").slice(0, ISSUE_ROWS).map(strip),
    unmatchedPeople: [...people.values()],
    range: from && to ? { from, to } : null,
  };
}

export interface PunchFileInput {
  name: string;
  bytes: Buffer;
  vendor?: PunchFileVendor;
}

async function parse(file: PunchFileInput, tz: string, now: Date) {
  const lines = await readSheetLines(file);
  const table = locatePunchTable(lines, file.vendor, file.name);
  return { table, rows: readPunchRows(table, tz, now) };
}

const hrOnly = (viewer: Viewer) => {
  if (!canSeeEveryone(viewer)) throw forbidden("only HR or an admin can import punch records");
};

/** The dry run: what the file holds and what confirming it would change. Writes nothing. */
export async function previewPunchFile(db: Db, viewer: Viewer, file: PunchFileInput, opts: { tz?: string; now?: Date } = {}): Promise<PunchImportPreview> {
  hrOnly(viewer);
  const { table, rows } = await parse(file, opts.tz ?? env().ORG_TIMEZONE, opts.now ?? new Date());
  return summarise(table.vendor, table, await evaluate(db, table.vendor, rows));
}

/**
 * Confirm: the rows the dry run calls new go to the inbox (one event each, keyed by the row's natural key, so a
 * second confirm of the same file queues nothing); the worker writes and recomputes. Returns the diff as applied.
 */
export async function applyPunchFile(
  db: Db,
  viewer: Viewer,
  file: PunchFileInput,
  opts: { tz?: string; now?: Date } = {},
): Promise<PunchImportPreview & { queued: number }> {
  hrOnly(viewer);
  const { table, rows } = await parse(file, opts.tz ?? env().ORG_TIMEZONE, opts.now ?? new Date());
  return db.transaction(async (tx) => {
    const evaluated = await evaluate(tx, table.vendor, rows);
    const fresh = evaluated.filter((e) => e.outcome === "new");
    let queued = 0;
    for (let i = 0; i < fresh.length; i += 500) {
      const values = fresh.slice(i, i + 500).map((e) => {
        const r = e.row;
        const payload: ImportedPunchPayload = {
          vendor: table.vendor,
          record_id: e.recordId!,
          employee_id: e.employeeId!,
          time: r.time!.at.toISOString(),
          direction: r.direction,
          field: r.field,
          place: r.place,
          remark: r.remark,
          evidence: { line: r.line, name: r.name, employee_no: r.employeeNo, userid: r.userid, department: r.department, result: r.result, device: r.device, file: file.name.slice(0, 200) },
        };
        return { source: "import" as const, channel: "file" as const, eventType: "punch", dedupeKey: inboxKey(table.vendor, e.recordId!), raw: JSON.stringify(r), payload: payload as unknown as Record<string, unknown> };
      });
      const inserted = await tx.insert(inboxEvents).values(values).onConflictDoNothing({ target: [inboxEvents.source, inboxEvents.dedupeKey] }).returning({ id: inboxEvents.id });
      queued += inserted.length;
    }
    await writeAudit(tx, viewer, "attendance.punch_import", { type: "punch_file", id: table.vendor }, { vendor: table.vendor, rows: evaluated.length, queued, file: file.name.slice(0, 200) });
    const preview = summarise(table.vendor, table, evaluated);
    return { ...preview, queued };
  });
}

/** The inbox payload of one imported punch ("import:punch"). */
export interface ImportedPunchPayload {
  vendor: PunchFileVendor;
  record_id: string;
  employee_id: number;
  time: string;
  direction: "in" | "out" | null;
  field: boolean;
  place: string | null;
  remark: string | null;
  evidence: Record<string, unknown>;
}
export { fileDevice as punchFileDevice };
