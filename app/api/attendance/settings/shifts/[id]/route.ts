// PUT /api/attendance/settings/shifts/:id {…shift, preview?}: HR/admin edit a shift; the stored person-days on it from
// the current payroll period on are queued for recompute (preview: true counts them and keeps nothing). 403 for
// everyone else; 400 for a bad body; 404 for an unknown shift.
import { assertCanEditAttendanceSettings, previewParam } from "@/lib/attendance/settings/impact";
import { deleteShift, saveShift, shiftBody } from "@/lib/attendance/settings/shift-settings";
import { handle, idParam, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const PUT = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  assertCanEditAttendanceSettings(viewer);
  const { id } = idParam.parse(params);
  return Response.json(await saveShift(db, viewer, id, await jsonBody(req, shiftBody)));
});

// DELETE /api/attendance/settings/shifts/:id[?preview=1]: HR/admin delete a shift. 409 with the reason while a group's
// default or a roster from today on uses it; a shift past days were computed with is archived (kept for history),
// one never used is removed. preview=1 runs the same checks and keeps nothing.
export const DELETE = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  assertCanEditAttendanceSettings(viewer);
  const { id } = idParam.parse(params);
  return Response.json(await deleteShift(db, viewer, id, { preview: previewParam.parse(new URL(req.url).searchParams.get("preview") ?? "0") }));
});
