// POST /api/attendance/import?mode=preview|apply[&vendor=dingtalk|wecom] (multipart, field "file"): a DingTalk or
// WeCom punch-record export. preview is the dry run (writes nothing); apply queues the new punches (inbox → job).
import { z } from "zod";
import { applyPunchFile, previewPunchFile } from "@/lib/attendance/punches/file-import";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { forbidden } from "@/lib/errors";
import { readUploadedFile } from "@/lib/http/multipart";
import { wakeInbox } from "@/lib/ingest/worker";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";
const MAX_BYTES = 10 * 1024 * 1024;
const query = z.strictObject({
  mode: z.enum(["preview", "apply"]).default("preview"),
  vendor: z.enum(["auto", "dingtalk", "wecom"]).default("auto"),
});

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  // The role first: nobody else's upload is read.
  if (!canSeeEveryone(viewer)) throw forbidden("only HR or an admin can import punch records");
  const q = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  const file = await readUploadedFile(req, MAX_BYTES);
  const input = { ...file, vendor: q.vendor === "auto" ? undefined : q.vendor };
  if (q.mode === "preview") return Response.json(await previewPunchFile(db, viewer, input));
  const result = await applyPunchFile(db, viewer, input);
  if (result.queued > 0) wakeInbox();
  return Response.json(result);
});
