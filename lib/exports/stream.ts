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
export type Cell = string | number | null;

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
  rows: AsyncIterable<Cell[]>;
}

const clip = (c: Cell): Cell => (typeof c === "string" && c.length > MAX_CELL ? `${c.slice(0, MAX_CELL)}…` : c);

/** A web ReadableStream of the table as CSV or XLSX; rows are pulled from `rows` as the client reads. */
export function streamTable(t: TableStream, format: ExportFormat): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  void (async () => {
    try {
      if (format === "csv") {
        out.write("\uFEFF"); // Excel opens UTF-8 CSV with Chinese correctly only with a BOM
        const csv = stringify();
        csv.pipe(out);
        csv.write(t.header);
        for await (const r of t.rows) {
          if (!csv.write(r.map(clip))) await new Promise((res) => csv.once("drain", res));
        }
        csv.end();
      } else {
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
        const ws = wb.addWorksheet(t.sheet.slice(0, 31)); // Excel's sheet-name limit
        ws.columns = t.header.map((h, i) => ({ header: h, key: `c${i}`, width: t.widths?.[i] ?? 14 }));
        ws.getRow(1).font = { bold: true };
        for await (const r of t.rows) {
          ws.addRow(r.map(clip)).commit();
          if (out.writableNeedDrain) await new Promise((res) => out.once("drain", res));
        }
        ws.commit();
        await wb.commit();
      }
    } catch (e) {
      // headers are gone already: the client sees a cut-off download; we log why
      log.error({ err: (e as Error).message, sheet: t.sheet, format }, "export stream failed");
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
