// The daily report as a table for lib/exports/stream.ts: the page's people list (abnormal first, the same order and
// the same words), one row per person, in the reader's language. CSV cells are formula-neutralised by the plumbing.
import "server-only";
import type { Db } from "@/db/client";
import { loadMessages } from "@/i18n/messages";
import type { Viewer } from "@/lib/auth/viewer";
import type { Cell, ExportLocale, TableStream } from "@/lib/exports/stream";
import { dailyPeople, type DailyPerson, type DailyQuery } from "./daily";
import { hours } from "./sheet-codes";

type M = {
  attendanceDaily: { sheetName: string; exportFile: string; kind: Record<string, string>; export: Record<string, string> };
  attendanceSheet: { status: Record<string, string> };
};

const COLUMNS = ["date", "employeeNo", "name", "department", "kind", "statuses", "lateMinutes", "earlyLeaveMinutes", "workedHours", "leaveHours", "overtimeHours", "explanation"] as const;

/** A person-day's statuses in words ("迟到、下班缺卡"): the page's result column. */
export const statusText = (statuses: string[], names: Record<string, string>, locale: ExportLocale): string =>
  statuses.map((s) => names[s] ?? s).join(locale === "en" ? ", " : "、");

export async function dailyExport(db: Db, viewer: Viewer, q: Omit<DailyQuery, "page">, locale: ExportLocale): Promise<{ table: TableStream; local: string; date: string }> {
  const all = (await loadMessages(locale)) as unknown as M;
  const m = all.attendanceDaily;
  const { date, people } = await dailyPeople(db, viewer, q);
  const row = (p: DailyPerson): Cell[] => [
    date,
    p.employeeNo,
    p.name,
    p.department,
    m.kind[p.kind],
    statusText(p.statuses, all.attendanceSheet.status, locale),
    p.lateMinutes,
    p.earlyLeaveMinutes,
    hours(p.workedMinutes),
    hours(p.leaveMinutes),
    hours(p.overtimeMinutes),
    p.explanation,
  ];
  async function* rows(): AsyncGenerator<Cell[]> {
    for (const p of people) yield row(p);
  }
  return {
    table: { sheet: m.sheetName, header: COLUMNS.map((c) => m.export[c]), widths: [12, 12, 10, 16, 12, 18, 10, 10, 10, 10, 10, 48], rows: rows() },
    local: m.exportFile,
    date,
  };
}
