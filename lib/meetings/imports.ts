// Import of a meeting system's attendance export: Tencent Meeting's member detail export (参会成员明细) and the
// Zoom participants CSV, as CSV or XLSX. Preview first (per-row result and reason), then apply; each row has a
// natural key, so a re-import changes nothing.
//
// Column sets:
// - Zoom participants export (web portal → Reports → Usage → Participants → Export): a meeting summary block,
//   then "Name (Original Name), User Email, Join Time, Leave Time, Duration (Minutes), Guest, …"
//   (support.zoom.com KB0082659 "meeting and webinar history report"; field list as in the participants report
//   API: name, user_email, join_time, leave_time, duration — schemas.apis.io/schemas/zoom/zoom-meeting-participant).
// - Tencent Meeting member detail: the participant list fields (meeting.tencent.com/support/topic/525:
//   userid, user_name, join_time, left_time, instance_id) with the console's Chinese headers
//   "用户名称/用户昵称, 企业成员ID/用户ID, 手机号, 邮箱, 入会时间, 退会时间, 参会时长, 入会设备". The exact console
//   headers are unconfirmed — verify against a real export; we match a list of aliases per column.
import "server-only";
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { parse as parseCsv } from "csv-parse";
import ExcelJS from "exceljs";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { meetingSessions, unmatchedParticipants } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, forbidden } from "@/lib/errors";
import { writeAudit } from "@/lib/audit";
import { zonedTimeToUtc } from "@/lib/time";
import { resolveParticipant, parkKeyFor } from "./events";
import { canManageMeeting, getMeetingForUpdate, recordInterval, type MeetingRow } from "./mutations";
import { findNul } from "@/lib/validation";
import { checkXlsxLimits, IMPORT_MAX_ROWS, tooManyRows } from "./import-limits";

export type ImportFormat = "tencent_meeting" | "zoom";

const ALIASES: Record<string, string[]> = {
  name: ["name (original name)", "name", "用户名称", "用户昵称", "参会者", "成员名称", "昵称"],
  userid: ["企业成员id", "用户id", "userid", "成员id", "企业用户id"],
  email: ["user email", "email", "邮箱", "电子邮箱"],
  phone: ["手机号", "手机号码", "phone", "phone number"],
  join: ["join time", "入会时间", "加入时间"],
  leave: ["leave time", "退会时间", "离会时间", "离开时间"],
  device: ["入会设备", "设备类型", "终端类型", "device"],
  duration: ["duration (minutes)", "参会时长", "参会时长(分钟)"],
};

export interface RawTable {
  headers: string[];
  rows: string[][];
  headerRow: number; // 1-based line/row number of the header in the file
}

const norm = (s: string) => s.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/（/g, "(").replace(/）/g, ")");

function findHeader(lines: string[][]): number {
  return lines.findIndex((cells) => {
    const c = cells.map(norm);
    return ALIASES.join.some((a) => c.includes(a)) && (ALIASES.name.some((a) => c.includes(a)) || ALIASES.email.some((a) => c.includes(a)));
  });
}

/** A cell as text: dates as ISO instants; formulas by their result, rich text and links by their text. */
function cellText(v: ExcelJS.CellValue, formatted: string): string {
  if (v == null) return "";
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== "object") return String(v);
  if ("result" in v) return v.result instanceof Date ? v.result.toISOString() : v.result == null || typeof v.result === "object" ? "" : String(v.result);
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("text" in v) return String(v.text);
  return formatted;
}

/**
 * Every line of an uploaded CSV or XLSX (first sheet) as text cells, under the size and row caps of import-limits.
 * Shared by every file import (meetings here, punch records in lib/attendance/punches/file-import.ts).
 */
export async function readSheetLines(file: { name: string; bytes: Buffer }): Promise<string[][]> {
  let lines: string[][];
  if (/\.xlsx$/i.test(file.name)) lines = await readXlsxRows(file.bytes);
  else if (/\.csv$/i.test(file.name)) lines = await readCsvRows(file.bytes);
  else throw new AppError("bad_request", 400, "只支持 .csv 或 .xlsx 文件");
  const nulAt = findNul(lines);
  if (nulAt !== null) throw new AppError("bad_request", 400, `第 ${Number(nulAt.split(".")[0]) + 1} 行含有空字符（U+0000），请用 Excel 另存后再导入`);
  return lines;
}

export async function readTable(file: { name: string; bytes: Buffer }): Promise<RawTable> {
  const lines = await readSheetLines(file);
  const h = findHeader(lines);
  if (h < 0) throw new AppError("bad_request", 400, "找不到表头：需要包含“入会时间/Join Time”和“用户名称/Name”或“邮箱/User Email”列");
  return { headers: lines[h].map((x) => x.trim()), rows: lines.slice(h + 1), headerRow: h + 1 };
}

/** The first worksheet's rows, streamed (after the zip's sizes and row counts passed their caps). */
async function readXlsxRows(bytes: Buffer): Promise<string[][]> {
  await checkXlsxLimits(bytes);
  // exceljs's streaming reader can parse a sheet before xl/workbook.xml when that entry is stored last (a race,
  // exceljs/exceljs#3064: "Cannot read properties of undefined (reading 'sheets')"); a fresh read usually wins it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await streamXlsxRows(bytes);
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (attempt < 3 && e instanceof TypeError && /Cannot read properties of undefined/.test(e.message)) continue;
      throw new AppError("bad_request", 400, "无法读取该 XLSX 文件，请确认文件未损坏");
    }
  }
}

async function streamXlsxRows(bytes: Buffer): Promise<string[][]> {
  const lines: string[][] = [];
  const input = Readable.from([bytes]);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "ignore" });
    for await (const ws of reader) {
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
        if (row.number > IMPORT_MAX_ROWS) throw tooManyRows();
        const vals: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, col) => {
          vals[col - 1] = cellText(cell.value, cell.text);
        });
        lines[row.number - 1] = vals;
        if (row.number % 500 === 0) await yieldToLoop();
      }
      break; // the first sheet only
    }
  } finally {
    input.destroy();
  }
  return Array.from(lines, (l) => l ?? []);
}

/** CSV records, parsed in chunks and stopped at the row cap. */
async function readCsvRows(bytes: Buffer): Promise<string[][]> {
  let text = bytes.toString("utf8");
  if (text.includes("\uFFFD")) text = new TextDecoder("gb18030").decode(bytes); // Excel-saved Chinese CSVs
  text = text.replace(/^\uFEFF/, "");
  const chunks = (function* () {
    for (let i = 0; i < text.length; i += 64 * 1024) yield text.slice(i, i + 64 * 1024);
  })();
  const parser = Readable.from(chunks).pipe(parseCsv({ relax_column_count: true, skip_empty_lines: false, bom: true }));
  const lines: string[][] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (lines.length >= IMPORT_MAX_ROWS) throw tooManyRows();
      lines.push(record);
      if (lines.length % 500 === 0) await yieldToLoop();
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("bad_request", 400, `CSV 格式错误：${(e as Error).message.slice(0, 120)}`);
  } finally {
    parser.destroy();
  }
  return lines;
}

export function detectFormat(headers: string[]): ImportFormat {
  const h = headers.map(norm);
  return h.includes("join time") || h.includes("user email") ? "zoom" : "tencent_meeting";
}

/** Parse an export's time: ISO, "YYYY-MM-DD HH:mm[:ss]" or Zoom's "MM/DD/YYYY hh:mm:ss AM" in the org time zone. */
export function parseExportTime(v: string, tz?: string): Date | null {
  const s = v.trim();
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (m) return withSeconds(wall(m[1], m[2], m[3], Number(m[4]), m[5], tz), m[6]);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(s);
  if (m) {
    let hh = Number(m[4]);
    if (m[7] && (hh < 1 || hh > 12)) return null;
    if (m[7]) hh = (hh % 12) + (m[7].toUpperCase() === "PM" ? 12 : 0);
    return withSeconds(wall(m[3], m[1], m[2], hh, m[5], tz), m[6]);
  }
  return null;
}
function withSeconds(d: Date | null, s?: string): Date | null {
  if (!d || (s && Number(s) > 59)) return null;
  return s ? new Date(d.getTime() + Number(s) * 1000) : d;
}
/** zonedTimeToUtc after range checks (it would roll "25:00" over into the next day). */
function wall(y: string, mo: string, d: string, h: number, mi: string, tz?: string): Date | null {
  const month = Number(mo), day = Number(d), minute = Number(mi);
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || minute > 59) return null;
  const date = `${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}`;
  if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) return null; // 02-30 and friends
  return zonedTimeToUtc(date, `${String(h).padStart(2, "0")}:${mi}`, tz);
}

export interface ImportRow {
  line: number;
  name: string | null;
  userKey: string | null;
  userid: string | null;
  email: string | null;
  phone: string | null;
  joinedAt: Date | null;
  leftAt: Date | null;
  device: string | null;
  error: string | null;
}

export function normaliseRows(table: RawTable, tz?: string): ImportRow[] {
  const idx = (k: string) => table.headers.findIndex((h) => ALIASES[k].includes(norm(h)));
  const col = Object.fromEntries(Object.keys(ALIASES).map((k) => [k, idx(k)])) as Record<string, number>;
  const out: ImportRow[] = [];
  table.rows.forEach((cells, i) => {
    if (cells.every((c) => !c || !String(c).trim())) return;
    const get = (k: string) => (col[k] >= 0 ? String(cells[col[k]] ?? "").trim() : "");
    const userid = get("userid") || null;
    const email = get("email").toLowerCase() || null;
    const phone = get("phone") || null;
    const r: ImportRow = {
      line: table.headerRow + i + 1,
      name: get("name") || null,
      userid,
      email,
      phone,
      userKey: userid ?? email ?? phone,
      joinedAt: parseExportTime(get("join"), tz),
      leftAt: parseExportTime(get("leave"), tz),
      device: get("device") || null,
      error: null,
    };
    if (!r.userKey) r.error = "缺少成员ID、邮箱或手机号，无法确认身份（不按姓名匹配）";
    else if (!get("join")) r.error = "缺少入会时间";
    else if (!r.joinedAt) r.error = `入会时间格式无法识别：${get("join")}`;
    else if (get("leave") && !r.leftAt) r.error = `退会时间格式无法识别：${get("leave")}`;
    else if (r.leftAt && r.leftAt < r.joinedAt) r.error = "退会时间早于入会时间";
    out.push(r);
  });
  return out;
}

export type RowOutcome = "new" | "duplicate" | "unmatched" | "error" | "outside";

export interface PreviewRow {
  line: number;
  name: string | null;
  userKey: string | null;
  joinedAt: string | null;
  leftAt: string | null;
  outcome: RowOutcome;
  reason: string | null;
  employeeId: number | null;
}

export interface ImportPreview {
  format: ImportFormat;
  rows: PreviewRow[];
  counts: Record<RowOutcome, number>;
}

const rowKey = (format: ImportFormat, r: ImportRow) =>
  `import:${format}:` + createHash("sha256").update(`${r.userKey}|${r.joinedAt?.toISOString()}|${r.leftAt?.toISOString() ?? ""}`).digest("hex").slice(0, 32);

async function evaluate(db: Db, m: MeetingRow, format: ImportFormat, rows: ImportRow[]): Promise<(PreviewRow & { row: ImportRow; key: string })[]> {
  const keys = rows.map((r) => rowKey(format, r));
  const existing = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const got = await db
      .select({ k: meetingSessions.externalKey })
      .from(meetingSessions)
      .where(and(eq(meetingSessions.meetingId, m.id), inArray(meetingSessions.externalKey, keys.slice(i, i + 1000))));
    for (const g of got) existing.add(g.k);
  }
  const window = { from: m.startsAt.getTime() - 6 * 3600_000, to: m.endsAt.getTime() + 6 * 3600_000 };
  const out = [];
  for (const [i, r] of rows.entries()) {
    const base = { line: r.line, name: r.name, userKey: r.userKey, joinedAt: r.joinedAt?.toISOString() ?? null, leftAt: r.leftAt?.toISOString() ?? null, row: r, key: keys[i] };
    if (r.error) {
      out.push({ ...base, outcome: "error" as const, reason: r.error, employeeId: null });
      continue;
    }
    if (r.joinedAt!.getTime() < window.from || r.joinedAt!.getTime() > window.to) {
      out.push({ ...base, outcome: "outside" as const, reason: "入会时间不在本次会议时间附近（前后 6 小时），请确认导入的是这场会议的明细", employeeId: null });
      continue;
    }
    const employeeId = await resolveParticipant(db, format, { key: r.userKey!, userid: r.userid, email: r.email, phone: r.phone, displayName: r.name });
    if (!employeeId) {
      out.push({ ...base, outcome: "unmatched" as const, reason: "该成员不在身份台账中：已列入待认领名单", employeeId: null });
      continue;
    }
    out.push({ ...base, outcome: existing.has(keys[i]) ? ("duplicate" as const) : ("new" as const), reason: existing.has(keys[i]) ? "已导入过，不会重复计入" : null, employeeId });
  }
  return out;
}

function count(rows: { outcome: RowOutcome }[]): Record<RowOutcome, number> {
  const c: Record<RowOutcome, number> = { new: 0, duplicate: 0, unmatched: 0, error: 0, outside: 0 };
  for (const r of rows) c[r.outcome]++;
  return c;
}

export async function previewImport(db: Db, viewer: Viewer, meetingId: number, file: { name: string; bytes: Buffer }): Promise<ImportPreview> {
  const m = await getMeetingForUpdate(db, meetingId);
  if (!canManageMeeting(viewer, m)) throw forbidden("only the organiser or HR can import attendance");
  const table = await readTable(file);
  const format = detectFormat(table.headers);
  const rows = await evaluate(db, m, format, normaliseRows(table));
  return { format, rows: rows.map(({ row: _r, key: _k, ...p }) => p), counts: count(rows) };
}

export async function applyImport(
  db: Db,
  viewer: Viewer,
  meetingId: number,
  file: { name: string; bytes: Buffer },
  now = new Date(),
): Promise<ImportPreview & { applied: number }> {
  const table = await readTable(file);
  const format = detectFormat(table.headers);
  const rows = normaliseRows(table);
  return db.transaction(async (tx) => {
    const m = await getMeetingForUpdate(tx, meetingId);
    if (!canManageMeeting(viewer, m)) throw forbidden("only the organiser or HR can import attendance");
    const evaluated = await evaluate(tx, m, format, rows);
    let applied = 0;
    for (const e of evaluated) {
      if (e.outcome === "new") {
        if (await recordInterval(tx, m, e.employeeId!, { source: `import_${format}`, key: e.key, joinedAt: e.row.joinedAt!, leftAt: e.row.leftAt, device: e.row.device, evidence: { line: e.line, format } }, now)) applied++;
      } else if (e.outcome === "unmatched") {
        await tx
          .insert(unmatchedParticipants)
          .values({
            source: format,
            externalUserId: e.row.userKey!,
            displayName: e.row.name,
            email: e.row.email,
            phone: e.row.phone,
            meetingId: m.id,
            parkKey: parkKeyFor(format, { key: e.row.userKey! }),
            details: { via: "import", line: e.line },
          })
          .onConflictDoNothing();
      }
    }
    await writeAudit(tx, viewer, "meeting.import", { type: "meeting", id: m.id }, { format, applied, rows: rows.length });
    return { format, rows: evaluated.map(({ row: _r, key: _k, ...p }) => p), counts: count(evaluated), applied };
  });
}
