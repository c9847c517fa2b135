// GET /api/meetings/:id/report: one meeting's totals and departments (organiser, managers of invitees, HR).
import { forbidden } from "@/lib/errors";
import { meetingReport } from "@/lib/meetings/queries";
import { handle, idParam } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, params }) => {
  const { id } = idParam.parse(params);
  const r = await meetingReport(db, viewer, id);
  if (!r.meeting) throw forbidden();
  return Response.json({ totals: r.totals, byDepartment: r.byDepartment });
});
