// Caps for imported files, checked while streaming: a 1 MB XLSX can hold 750 MB of sheet XML (a zip bomb), and
// parsing it whole froze the server for a minute. Every step here works in chunks, so the event loop keeps serving.
import "server-only";
import { Readable } from "node:stream";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import yauzl from "yauzl";
import { AppError } from "@/lib/errors";

export const IMPORT_MAX_ROWS = 20_000;
export const IMPORT_MAX_UNCOMPRESSED = 64 * 1024 * 1024; // all entries together, as inflated
const MAX_ENTRIES = 500;

const fmt = (n: number) => n.toLocaleString("en-US");
export const tooManyRows = () => new AppError("payload_too_large", 413, `表格不能超过 ${fmt(IMPORT_MAX_ROWS)} 行（含表头）`, { limit: { rows: IMPORT_MAX_ROWS } });
const tooBig = () =>
  new AppError("payload_too_large", 413, `XLSX 解压后不能超过 ${IMPORT_MAX_UNCOMPRESSED / 1024 / 1024} MB`, { limit: { uncompressedBytes: IMPORT_MAX_UNCOMPRESSED } });
const damaged = () => new AppError("bad_request", 400, "无法读取该 XLSX 文件，请确认文件未损坏");

/**
 * Check an XLSX before anything parses it: the central directory's declared sizes, then every entry inflated
 * with its bytes counted (declared sizes can lie) and each worksheet's <row> elements counted, stopping at a cap.
 */
export async function checkXlsxLimits(bytes: Buffer): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    // validateEntrySizes off: our own counter refuses an entry that inflates past the cap, with the cap's message.
    zip = await yauzl.fromBufferPromise(bytes, { validateEntrySizes: false, decodeStrings: true });
  } catch {
    throw damaged();
  }
  const entries: yauzl.Entry[] = [];
  try {
    let declared = 0;
    for await (const e of zipEntries(zip)) {
      if (entries.length >= MAX_ENTRIES) throw damaged();
      declared += e.uncompressedSize;
      if (e.uncompressedSize > IMPORT_MAX_UNCOMPRESSED || declared > IMPORT_MAX_UNCOMPRESSED) throw tooBig();
      entries.push(e);
    }
    let inflated = 0;
    for (const e of entries) {
      if (e.fileName.endsWith("/")) continue;
      const isSheet = /^xl\/worksheets\/[^/]+\.xml$/i.test(e.fileName);
      let rows = 0;
      let tail = "";
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(e);
      } catch {
        throw damaged();
      }
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          inflated += chunk.length;
          if (inflated > IMPORT_MAX_UNCOMPRESSED) throw tooBig();
          if (isSheet) {
            // Count "<row " / "<row>" across chunk boundaries (keep the last 5 characters).
            const text = tail + chunk.toString("latin1");
            rows += text.match(/<row[\s>/]/g)?.length ?? 0;
            tail = text.slice(-5).replace(/<row[\s>/]$/, "");
            if (rows > IMPORT_MAX_ROWS) throw tooManyRows();
          }
          await yieldToLoop();
        }
      } catch (err) {
        stream.destroy();
        throw err instanceof AppError ? err : damaged();
      }
    }
  } finally {
    zip.close();
  }
}

async function* zipEntries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => done(() => resolve(e));
      const onEnd = () => done(() => resolve(null));
      const onError = () => done(() => reject(damaged()));
      const done = (f: () => void) => {
        zip.off("entry", onEntry).off("end", onEnd).off("error", onError);
        f();
      };
      zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
      zip.readEntry();
    });
    if (!next) return;
    yield next;
  }
}
