// PUT /api/attendance/settings/groups/:id {…group, preview?}: HR/admin edit an attendance group; the stored person-days
// of everyone whose group was or becomes this one recompute from the current payroll period on (preview: true counts
// them and keeps nothing). 403 for everyone else; 400 for a bad body; 404 for an unknown group.
import { assertCanEditAttendanceSettings, previewParam } from "@/lib/attendance/settings/impact";
import { deleteGroup, groupBody, saveGroup } from "@/lib/attendance/settings/group-settings";
import { handle, idParam, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const PUT = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  assertCanEditAttendanceSettings(viewer);
  const { id } = idParam.parse(params);
  return Response.json(await saveGroup(db, viewer, id, await jsonBody(req, groupBody)));
});

// DELETE /api/attendance/settings/groups/:id[?preview=1]: HR/admin delete an attendance group; its people fall to the
// next group that covers them (or none) and their stored person-days recompute from the current payroll period on.
// preview=1 counts them and keeps nothing.
export const DELETE = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  assertCanEditAttendanceSettings(viewer);
  const { id } = idParam.parse(params);
  return Response.json(await deleteGroup(db, viewer, id, { preview: previewParam.parse(new URL(req.url).searchParams.get("preview") ?? "0") }));
});
