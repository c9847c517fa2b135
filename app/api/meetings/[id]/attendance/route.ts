// GET /api/meetings/:id/attendance: everyone of the meeting with status and evidence (scoped).
import { attendanceList } from "@/lib/meetings/queries";
import { handle, idParam } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, params }) => {
  const { id } = idParam.parse(params);
  return Response.json({ rows: await attendanceList(db, viewer, id) });
});
