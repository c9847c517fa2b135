// GET /api/meetings/:id/export?format=xlsx|csv: one meeting's attendance, streamed.
import { exportFormat, exportResponse } from "@/lib/exports/stream";
import { exportStream } from "@/lib/meetings/export";
import { getMeeting } from "@/lib/meetings/queries";
import { handle, idParam } from "@/lib/meetings/http";
import { forbidden } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  const { id } = idParam.parse(params);
  const { canManage } = await getMeeting(db, viewer, id); // 404 when not visible
  if (!canManage && viewer.managedPaths.length === 0) throw forbidden("exports are for the organiser, managers and HR");
  const raw = new URL(req.url).searchParams.get("format");
  const format = exportFormat.parse(raw ?? undefined);
  return exportResponse(exportStream(db, viewer, { meetingId: id }, format), format, { ascii: `meeting-${id}`, local: `会议签到-${id}` });
});
