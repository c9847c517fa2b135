// Import-bomb XLSX files for tests, generated on demand (no large binaries in the repository): a valid workbook
// whose one sheet holds `rows` rows of inline strings (~150 bytes of XML each: 5M rows ≈ 750 MB, ~1.3 MB zipped).
// `padBytes` adds a cell of that many bytes to every row. `declaredSize` writes a false uncompressed size into the zip headers, as a crafted bomb would.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

interface Entry {
  name: string;
  data: Buffer; // deflated
  crc: number;
  size: number;
}

const HEADER = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n`;
const SMALL: Record<string, string> = {
  "[Content_Types].xml": `${HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  "_rels/.rels": `${HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/workbook.xml": `${HEADER}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="参会明细" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  "xl/_rels/workbook.xml.rels": `${HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
};

// Big files leave out the optional r="" attributes: identical rows are what make them compress ~250×.
// (exceljs needs the attributes, so files meant to be read have them.)
const cell = (text: string, ref?: string) => `<c${ref ? ` r="${ref}"` : ""} t="inlineStr"><is><t>${text}</t></is></c>`;
function* sheetXml(rows: number, padBytes: number): Generator<string> {
  const refs = rows <= 100_000;
  const row = (r: number, a: string, b: string, c: string) =>
    `<row${refs ? ` r="${r}"` : ""}>${cell(a, refs ? `A${r}` : "")}${cell(b, refs ? `B${r}` : "")}${cell(c, refs ? `C${r}` : "")}${padBytes ? cell("x".repeat(padBytes), refs ? `D${r}` : "") : ""}</row>`;
  yield `${HEADER}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
  yield row(1, "用户名称", "入会时间", "邮箱");
  const same = row(2, "张三", "2026-03-02 10:00", "zhangsan@example.com");
  let batch = "";
  for (let r = 2; r <= rows; r++) {
    batch += refs ? row(r, "张三", "2026-03-02 10:00", "zhangsan@example.com") : same;
    if (batch.length > 1 << 20) {
      yield batch;
      batch = "";
    }
  }
  yield `${batch}</sheetData></worksheet>`;
}

async function deflate(parts: Iterable<string>): Promise<Entry & { name: "" }> {
  const z = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on("data", (b: Buffer) => out.push(b));
  const ended = new Promise((resolve, reject) => z.on("end", resolve).on("error", reject));
  let crc = 0;
  let size = 0;
  for (const p of parts) {
    const b = Buffer.from(p, "utf8");
    crc = zlib.crc32(b, crc);
    size += b.length;
    if (!z.write(b)) await new Promise((r) => z.once("drain", r));
  }
  z.end();
  await ended;
  return { name: "", data: Buffer.concat(out), crc, size };
}

function zip(entries: Entry[], declared: (e: Entry) => number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(declared(e), 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(declared(e), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** An XLSX with `rows` rows (header included) in its one sheet; cached in the temp directory between runs. */
export async function makeXlsxBomb(opts: { rows: number; declaredSize?: number; padBytes?: number }): Promise<Buffer> {
  const file = path.join(os.tmpdir(), `qd-xlsx-bomb-${opts.rows}-${opts.padBytes ?? 0}-${opts.declaredSize ?? "true"}.xlsx`);
  if (fs.existsSync(file)) return fs.readFileSync(file);
  const entries: Entry[] = [];
  for (const [name, xml] of Object.entries(SMALL)) entries.push({ ...(await deflate([xml])), name });
  entries.push({ ...(await deflate(sheetXml(opts.rows, opts.padBytes ?? 0))), name: "xl/worksheets/sheet1.xml" });
  const sheet = entries.at(-1)!;
  if (sheet.size > 0xffffffff) throw new Error("sheet too large for a zip without zip64");
  const buf = zip(entries, (e) => (e === sheet && opts.declaredSize !== undefined ? opts.declaredSize : e.size));
  fs.writeFileSync(`${file}.tmp`, buf);
  fs.renameSync(`${file}.tmp`, file);
  return buf;
}
