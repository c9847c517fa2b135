// POST /api/meetings/:id/import?mode=preview|apply (multipart, field "file"): Tencent Meeting / Zoom exports.
import { AppError } from "@/lib/errors";
import { applyImport, previewImport } from "@/lib/meetings/imports";
import { handle, idParam } from "@/lib/meetings/http";
import { CallbackRejected, readBodyBytes } from "@/lib/ingest/http";
import { z } from "zod";

export const dynamic = "force-dynamic";
const MAX_BYTES = 10 * 1024 * 1024;

export const POST = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  const { id } = idParam.parse(params);
  const mode = z.enum(["preview", "apply"]).default("preview").parse(new URL(req.url).searchParams.get("mode") ?? undefined);
  // The size cap holds without a Content-Length too (a chunked upload is counted while it streams).
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(req, MAX_BYTES + 64 * 1024); // the file plus multipart framing
  } catch (e) {
    if (e instanceof CallbackRejected && e.status === 413) throw new AppError("payload_too_large", 413, "文件不能超过 10 MB");
    if (e instanceof CallbackRejected) throw new AppError("bad_request", 400, e.message);
    throw e;
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new AppError("bad_request", 400, "请以 multipart/form-data 上传文件");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("bad_request", 400, "请选择要导入的文件");
  if (file.size > MAX_BYTES) throw new AppError("payload_too_large", 413, "文件不能超过 10 MB");
  const input = { name: file.name, bytes: Buffer.from(await file.arrayBuffer()) };
  const result = mode === "apply" ? await applyImport(db, viewer, id, input) : await previewImport(db, viewer, id, input);
  return Response.json(result);
});
