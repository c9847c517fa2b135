// The one streaming export plumbing every console download uses (attendance, period reports, people, identity,
// sync, integrations, leaves, notifications): rows are read in keyset-paged batches and written to the response as
// they come — CSV through csv-stringify with a UTF-8 BOM (Excel needs it to read Chinese), XLSX through exceljs's
// WorkbookWriter, which commits each row — so memory stays flat whatever the size.
import "server-only";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify";
import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/observability/log";
import { businessDate } from "@/lib/time";

export type ExportFormat = "csv" | "xlsx";
export type ExportLocale = "zh-CN" | "en";
/** A Date cell is a local wall time in the organisation's zone (orgWallTime): XLSX writes it as a date cell. */
export type Cell = string | number | Date | null;

/** `?format=` of every export: csv or xlsx (xlsx when absent); anything else is a 400. */
export const exportFormat = z.enum(["csv", "xlsx"]).default("xlsx");

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** XLSX refuses cells over 32,767 characters; a longer value is cut (and says so). */
const MAX_CELL = 32_000;

/**
 * Keyset pagination: `page(after, limit)` returns the rows after the cursor in a stable order; the next cursor is
 * `cursorOf(last row)`. Stops on a short page. One query per batch, never OFFSET.
 */
export async function* keysetRows<R, K>(page: (after: K | undefined, limit: number) => Promise<R[]>, cursorOf: (r: R) => K, batch = 1000): AsyncGenerator<R> {
  let after: K | undefined;
  for (;;) {
    const rows = await page(after, batch);
    for (const r of rows) yield r;
    if (rows.length < batch) return;
    after = cursorOf(rows[rows.length - 1]);
  }
}

const orgFormatters = new Map<string, Intl.DateTimeFormat>();

/** "YYYY-MM-DD HH:mm:ss" of an instant in the organisation's time zone (the file's times), null stays null. */
export function orgTime(v: Date | string | null | undefined, tz: string = env().ORG_TIMEZONE): string | null {
  if (v === null || v === undefined || v === "") return null;
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) return null;
  let f = orgFormatters.get(tz);
  if (!f) {
    // sv-SE formats as ISO-like "2026-11-22 09:30:00"
    f = new Intl.DateTimeFormat("sv-SE", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    orgFormatters.set(tz, f);
  }
  return f.format(d);
}

export interface TableStream {
  /** Worksheet name (XLSX). */
  sheet: string;
  header: string[];
  /** Column widths in characters (XLSX), same order as header. */
  widths?: number[];
  /** Number formats (XLSX), same order as header: "yyyy-mm-dd hh:mm" for date cells, "0.0%" for rates. */
  formats?: (string | undefined)[];
  rows: AsyncIterable<Cell[]>;
}

/**
 * An instant as the organisation's local wall time, for a date cell: Excel has no time zones, so the cell holds
 * the wall-clock time in ORG_TIMEZONE (a Date whose UTC fields are that wall time; exceljs writes dates from their
 * UTC value). null stays null.
 */
export function orgWallTime(v: Date | string | null | undefined, tz: string = env().ORG_TIMEZONE): Date | null {
  const s = orgTime(v, tz);
  if (!s) return null;
  return new Date(`${s.replace(" ", "T")}Z`);
}

/** A business date ("YYYY-MM-DD") as a date cell (midnight). */
export function dateCell(v: string | null | undefined): Date | null {
  return v ? new Date(`${v}T00:00:00Z`) : null;
}

/** A date cell back to text (CSV): "YYYY-MM-DD HH:mm", or "YYYY-MM-DD" at midnight. */
function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * CSV injection (OWASP "CSV Injection"): a spreadsheet opening a CSV runs a cell that starts with = + - @ (or a
 * tab/CR that it strips first) as a formula — a name like "=HYPERLINK(...)" from the vendor's directory would.
 * Such text cells get a leading apostrophe, which spreadsheets read as "text". Numbers stay numbers. XLSX needs
 * none of this: exceljs writes strings as string cells, never formulas.
 */
export function csvCell(c: Cell): Cell {
  return typeof c === "string" && /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
}

const clip = (c: Cell): Cell => (typeof c === "string" && c.length > MAX_CELL ? `${c.slice(0, MAX_CELL)}…` : c);

/** A web ReadableStream of the table as CSV or XLSX; rows are pulled from `rows` as the client reads. */
export function streamTable(t: TableStream, format: ExportFormat): ReadableStream<Uint8Array> {
  return streamWorkbook([t], format);
}

/**
 * Several tables as one XLSX workbook, one sheet each, written one after another (each sheet is committed before
 * the next starts, so only the sheet being written is buffered: memory stays flat). Every sheet has a bold, frozen
 * header row with an autoFilter, column widths and number formats. CSV has one table only: the first.
 */
export function streamWorkbook(sheets: TableStream[], format: ExportFormat): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  void (async () => {
    try {
      if (format === "csv") {
        const t = sheets[0];
        out.write("\uFEFF"); // Excel opens UTF-8 CSV with Chinese correctly only with a BOM
        const csv = stringify();
        csv.pipe(out);
        csv.write(t.header.map(csvCell));
        for await (const r of t.rows) {
          if (!csv.write(r.map((c) => (c instanceof Date ? dateText(c) : csvCell(clip(c)))))) await new Promise((res) => csv.once("drain", res));
        }
        csv.end();
      } else {
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
        const names = new Set<string>();
        for (const t of sheets) {
          let name = t.sheet.replace(/[\\/?*[\]:]/g, " ").slice(0, 31); // Excel's sheet-name rules
          while (names.has(name)) name = `${name.slice(0, 28)} ${names.size}`;
          names.add(name);
          const ws = wb.addWorksheet(name, {
            views: [{ state: "frozen", ySplit: 1, xSplit: 0, topLeftCell: "A2", activeCell: "A2" }],
          });
          ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, t.header.length) } };
          ws.columns = t.header.map((h, i) => ({ header: h, key: `c${i}`, width: t.widths?.[i] ?? 14, style: t.formats?.[i] ? { numFmt: t.formats[i] } : {} }));
          const head = ws.getRow(1);
          head.font = { bold: true };
          head.alignment = { vertical: "middle" };
          head.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF1F5F9" } };
          head.commit();
          // exceljs gives every cell a fresh copy of its column's style, and its style registry then serialises each
          // copy to find its id (a month's sheet: 500,000 cells, ~400 MB of garbage). One shared object per column
          // hits the registry's cache by identity: the same styles, written once.
          const shared = t.header.map((_, i) => (t.formats?.[i] ? { numFmt: t.formats[i] } : {}));
          for await (const r of t.rows) {
            const row = ws.addRow(r.map(clip));
            for (let i = 0; i < r.length && i < shared.length; i++) row.getCell(i + 1).style = shared[i];
            row.commit();
            if (out.writableNeedDrain) await new Promise((res) => out.once("drain", res));
          }
          ws.commit();
        }
        await wb.commit();
      }
    } catch (e) {
      // headers are gone already: the client sees a cut-off download; we log why
      log.error({ err: (e as Error).message, sheet: sheets[0]?.sheet, format }, "export stream failed");
      out.destroy(e as Error);
    }
  })();
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}

/**
 * The download response: content type, no caching, and a Content-Disposition with an ASCII `filename` and the
 * localised name as RFC 5987 `filename*` (RFC 6266 §4.3: agents that understand filename* prefer it).
 */
export function exportResponse(body: ReadableStream<Uint8Array>, format: ExportFormat, name: { ascii: string; local: string }, day: string = businessDate(new Date())): Response {
  const ascii = `${name.ascii.replace(/[^A-Za-z0-9._-]/g, "-")}-${day}.${format}`;
  const local = `${name.local}-${day}.${format}`;
  return new Response(body, {
    headers: {
      "content-type": CONTENT_TYPE[format],
      "content-disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(local)}`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
