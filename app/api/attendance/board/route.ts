// GET /api/attendance/board: today's attendance board in the viewer's scope (managers: the subtrees they lead; HR
// and admins: everyone). ?department=<id> narrows to a sub-department (404 outside the scope); ?week=1 adds the
// last 7 days' counts. Employees who lead nothing: 403.
import { getDb } from "@/db/client";
import { attendanceBoard, attendanceBoardWeek } from "@/lib/attendance/board";
import { parseBoardQuery } from "@/lib/attendance/board-http";
import { requireApiViewer } from "@/lib/auth/session";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  try {
    const viewer = await requireApiViewer();
    const q = parseBoardQuery(req.url);
    const db = await getDb();
    const board = await attendanceBoard(db, viewer, { departmentId: q.department });
    const week = q.week === "1" ? await attendanceBoardWeek(db, viewer, { departmentId: q.department }) : undefined;
    return Response.json({ ...board, ...(week ? { week } : {}) }, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
