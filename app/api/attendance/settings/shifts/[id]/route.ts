// PUT /api/attendance/settings/shifts/:id {…shift, preview?}: HR/admin edit a shift; the stored person-days on it from
// the current payroll period on are queued for recompute (preview: true counts them and keeps nothing). 403 for
// everyone else; 400 for a bad body; 404 for an unknown shift.
import { assertCanEditAttendanceSettings } from "@/lib/attendance/settings/impact";
import { saveShift, shiftBody } from "@/lib/attendance/settings/shift-settings";
import { handle, idParam, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const PUT = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  assertCanEditAttendanceSettings(viewer);
  const { id } = idParam.parse(params);
  return Response.json(await saveShift(db, viewer, id, await jsonBody(req, shiftBody)));
});
