// POST /api/meetings/:id/import?mode=preview|apply (multipart, field "file"): Tencent Meeting / Zoom exports.
import { applyImport, previewImport } from "@/lib/meetings/imports";
import { handle, idParam } from "@/lib/meetings/http";
import { readUploadedFile } from "@/lib/http/multipart";
import { z } from "zod";

export const dynamic = "force-dynamic";
const MAX_BYTES = 10 * 1024 * 1024;

export const POST = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  const { id } = idParam.parse(params);
  const mode = z.enum(["preview", "apply"]).default("preview").parse(new URL(req.url).searchParams.get("mode") ?? undefined);
  const file = await readUploadedFile(req, MAX_BYTES);
  const result = mode === "apply" ? await applyImport(db, viewer, id, file) : await previewImport(db, viewer, id, file);
  return Response.json(result);
});
