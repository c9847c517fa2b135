// GET /api/meetings/:id/export?format=xlsx|csv: one meeting's attendance, streamed.
import { exportStream } from "@/lib/meetings/export";
import { getMeeting } from "@/lib/meetings/queries";
import { handle, idParam } from "@/lib/meetings/http";
import { forbidden } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  const { id } = idParam.parse(params);
  const { canManage } = await getMeeting(db, viewer, id); // 404 when not visible
  if (!canManage && viewer.managedPaths.length === 0) throw forbidden("exports are for the organiser, managers and HR");
  const format = new URL(req.url).searchParams.get("format") === "csv" ? "csv" : "xlsx";
  return new Response(exportStream(db, viewer, { meetingId: id }, format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="meeting-${id}.${format}"; filename*=UTF-8''${encodeURIComponent(`会议签到-${id}.${format}`)}`,
      "cache-control": "no-store",
    },
  });
});
