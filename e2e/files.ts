// Downloaded files in e2e: click a 导出 button and read what arrived, a small reader for the CSV we write
// (csv-stringify: quotes only where needed, "" inside quotes; a BOM is dropped) and the first sheet of an XLSX.
import ExcelJS from "exceljs";
import fs from "node:fs/promises";
import { expect, type Download, type Page } from "@playwright/test";

export async function download(page: Page, testId: string): Promise<{ d: Download; body: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  expect(await d.failure()).toBeNull();
  return { d, body: await fs.readFile((await d.path())!) };
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") endCell();
    else if (c === "\n") {
      endCell();
      rows.push(row);
      row = [];
    } else if (c !== "\r" && c !== "\uFEFF") cell += c;
  }
  if (cell || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}

export async function sheetRows(body: Buffer): Promise<{ name: string; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: string[][] = [];
  ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))));
  return { name: ws.name, rows };
}

/** Today in the demo organisation's zone (the files are named by it). */
export const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
