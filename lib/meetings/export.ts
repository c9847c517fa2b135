// Streaming exports (CSV and XLSX) of attendance rows: keyset-paged batches through the shared export plumbing
// (lib/exports/stream.ts), so memory stays flat whatever the size.
import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { keysetRows, streamTable, type Cell, type ExportFormat, type ExportLocale } from "@/lib/exports/stream";
import { reportScope } from "./queries";

export interface ExportFilter {
  meetingId?: number;
  from?: string;
  to?: string;
}

export const EXPORT_COLUMNS = [
  { key: "business_date", zh: "日期", en: "Date", width: 12 },
  { key: "meeting_title", zh: "会议", en: "Meeting", width: 28 },
  { key: "starts_at", zh: "开始时间", en: "Starts", width: 18 },
  { key: "employee_no", zh: "工号", en: "Employee no.", width: 12 },
  { key: "name", zh: "姓名", en: "Name", width: 12 },
  { key: "department", zh: "部门", en: "Department", width: 18 },
  { key: "status", zh: "状态", en: "Status", width: 10 },
  { key: "method", zh: "签到方式", en: "Method", width: 10 },
  { key: "checked_in_at", zh: "签到时间", en: "Checked in", width: 18 },
  { key: "last_leave_at", zh: "离开时间", en: "Left", width: 18 },
  { key: "device", zh: "设备", en: "Device", width: 14 },
  { key: "checked_out_at", zh: "签退时间", en: "Checked out", width: 18 },
] as const;

export const STATUS_ZH: Record<string, string> = { on_time: "准时", late: "迟到", early_leave: "早退", absent: "缺席", on_leave: "请假", pending: "未签到" };
const METHOD_ZH: Record<string, string> = { qr: "扫码", geofence: "定位", video: "视频会议", manual: "组织者补签", import: "导入" };

type Row = Record<(typeof EXPORT_COLUMNS)[number]["key"], string | null> & { id: string };

/** Keyset-paged rows of the viewer's scope. */
export function exportRows(db: Db, viewer: Viewer, f: ExportFilter, batch = 2000): AsyncGenerator<Row> {
  const tz = env().ORG_TIMEZONE;
  const filter = f.meetingId
    ? sql`a.meeting_id = ${f.meetingId}`
    : sql`a.business_date between ${f.from ?? "1970-01-01"} and ${f.to ?? "9999-12-31"}`;
  return keysetRows(
    async (after: number | undefined, limit) => {
      const res = await db.execute(sql`
        select a.id::text as id, a.business_date::text as business_date, m.title as meeting_title,
          to_char(m.starts_at at time zone ${tz}, 'YYYY-MM-DD HH24:MI') as starts_at,
          e.employee_no, e.name, d.name as department, a.status, a.method,
          to_char(a.checked_in_at at time zone ${tz}, 'YYYY-MM-DD HH24:MI:SS') as checked_in_at,
          to_char(a.last_leave_at at time zone ${tz}, 'YYYY-MM-DD HH24:MI:SS') as last_leave_at, a.device,
          to_char(a.checked_out_at at time zone ${tz}, 'YYYY-MM-DD HH24:MI:SS') as checked_out_at
        from meeting_attendance a
        join meetings m on m.id = a.meeting_id
        join employees e on e.id = a.employee_id
        left join departments d on d.id = a.department_id
        where ${filter} and a.status <> 'pending' and ${reportScope(viewer)} and a.id > ${after ?? 0}
        order by a.id limit ${limit}`);
      return ((res as unknown as { rows?: Row[] }).rows ?? (res as unknown as Row[])) as Row[];
    },
    (r) => Number(r.id),
    batch,
  );
}

function cells(r: Row, locale: ExportLocale): Cell[] {
  return EXPORT_COLUMNS.map((c) => {
    const v = r[c.key];
    if (locale === "zh-CN" && c.key === "status" && v) return STATUS_ZH[v] ?? v;
    if (locale === "zh-CN" && c.key === "method" && v) return METHOD_ZH[v] ?? v;
    return v;
  });
}

async function* cellRows(rows: AsyncIterable<Row>, locale: ExportLocale): AsyncGenerator<Cell[]> {
  for await (const r of rows) yield cells(r, locale);
}

/** A web ReadableStream of the export; the caller wraps it in a Response (exportResponse). */
export function exportStream(db: Db, viewer: Viewer, f: ExportFilter, format: ExportFormat, locale: ExportLocale = "zh-CN"): ReadableStream<Uint8Array> {
  return streamTable(
    {
      sheet: locale === "zh-CN" ? "签到明细" : "Attendance",
      header: EXPORT_COLUMNS.map((c) => (locale === "zh-CN" ? c.zh : c.en)),
      widths: EXPORT_COLUMNS.map((c) => c.width),
      rows: cellRows(exportRows(db, viewer, f), locale),
    },
    format,
  );
}
