// Uploaded files (multipart/form-data, field "file") for the import routes, read with a size cap that holds without a
// Content-Length too (a chunked upload is counted while it streams).
import "server-only";
import { AppError } from "@/lib/errors";
import { CallbackRejected, readBodyBytes } from "@/lib/ingest/http";

export async function readUploadedFile(req: Request, maxBytes: number): Promise<{ name: string; bytes: Buffer }> {
  const mb = `${Math.round(maxBytes / 1024 / 1024)} MB`;
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(req, maxBytes + 64 * 1024); // the file plus multipart framing
  } catch (e) {
    if (e instanceof CallbackRejected && e.status === 413) throw new AppError("payload_too_large", 413, `文件不能超过 ${mb}`);
    if (e instanceof CallbackRejected) throw new AppError("bad_request", 400, e.message);
    throw e;
  }
  const file = fileFromMultipart(bytes, req.headers.get("content-type") ?? "");
  if (file.bytes.length > maxBytes) throw new AppError("payload_too_large", 413, `文件不能超过 ${mb}`);
  return file;
}

/**
 * The "file" part of a multipart body, found with Buffer.indexOf: undici's formData() took seconds on a 3 MB
 * upload and held the event loop meanwhile (health timed out).
 */
function fileFromMultipart(body: Buffer, contentType: string): { name: string; bytes: Buffer } {
  const boundary = /^multipart\/form-data;.*\bboundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  if (!boundary) throw new AppError("bad_request", 400, "请以 multipart/form-data 上传文件");
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  for (let at = body.indexOf(delimiter); at >= 0; ) {
    const headStart = at + delimiter.length + 2; // past CRLF
    const headEnd = body.indexOf("\r\n\r\n", headStart);
    if (headEnd < 0) break;
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headEnd + 4);
    if (next < 0) break;
    const head = body.subarray(headStart, headEnd).toString("utf8");
    const disposition = /content-disposition:[^\r\n]*\bname="file"[^\r\n]*/i.exec(head)?.[0];
    if (disposition) {
      const encoded = /\bfilename\*=UTF-8''([^;\r\n]+)/i.exec(disposition)?.[1];
      const name = encoded ? safeDecode(encoded) : /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      if (!name) break;
      return { name, bytes: body.subarray(headEnd + 4, next) };
    }
    at = next + 2;
  }
  throw new AppError("bad_request", 400, "请选择要导入的文件");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
