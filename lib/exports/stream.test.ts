// CSV exports neutralise formula cells (OWASP CSV injection); XLSX stores them as plain strings.
import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { csvCell, streamTable, type Cell } from "./stream";

async function* rowsOf(rows: Cell[][]) {
  for (const r of rows) yield r;
}

async function bytes(s: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(s).arrayBuffer());
}

const cases: [name: string, cell: Cell, csv: string][] = [
  ["equals", "=HYPERLINK(\"http://evil.example\",\"点我\")", "'=HYPERLINK(\"http://evil.example\",\"点我\")"],
  ["plus", "+86 138 0000 0000", "'+86 138 0000 0000"],
  ["minus", "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
  ["at", "@SUM(1,2)", "'@SUM(1,2)"],
  ["tab", "\t=1+1", "'\t=1+1"],
  ["carriage return", "\r=1+1", "'\r=1+1"],
  ["plain Chinese name", "张三", "张三"],
  ["formula sign later in the cell", "a=1", "a=1"],
  ["empty", "", ""],
  ["negative number stays a number", -5, "-5"],
  ["null", null, ""],
];

describe("CSV export cells", () => {
  it.each(cases)("%s", (_name, cell, expected) => {
    const c = csvCell(cell);
    expect(c === null ? "" : String(c)).toBe(expected);
  });

  it("the streamed CSV carries the neutralised cells, header included", async () => {
    const body = await bytes(streamTable({ sheet: "t", header: ["=名字", "值"], rows: rowsOf(cases.map(([name, cell]) => [name, cell])) }, "csv"));
    const text = body.toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const parsed = parse(text.slice(1), { relax_column_count: false }) as string[][];
    expect(parsed[0]).toEqual(["'=名字", "值"]);
    expect(parsed.slice(1).map((r) => r[1])).toEqual(cases.map(([, , csv]) => csv));
    // Nothing in the file starts a cell with a formula character, except a number written as a number.
    for (const r of parsed) for (const c of r) if (!/^-\d+$/.test(c)) expect(c).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("XLSX keeps the text as typed, as a string cell (never a formula)", async () => {
    const body = await bytes(streamTable({ sheet: "t", header: ["a"], rows: rowsOf([["=1+1"], ["@SUM(1,2)"]]) }, "xlsx"));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getCell("A2").value).toBe("=1+1");
    expect(ws.getCell("A2").type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell("A3").value).toBe("@SUM(1,2)");
  });
});
