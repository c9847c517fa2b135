// PUT /api/attendance/settings/rosters {groupId, cells: [{employeeId, date, shiftId (null: rest)}], preview?}: HR/admin
// save a roster group's grid; the stored person-days among the changed cells recompute (preview: counts, keeps
// nothing). 403 for everyone else; 400 for a bad body (not a roster group, a stranger, an unknown shift); 404 for an
// unknown group.
import { assertCanEditAttendanceSettings } from "@/lib/attendance/settings/impact";
import { rosterBody, saveRoster } from "@/lib/attendance/settings/roster-settings";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const PUT = handle(async ({ db, viewer, req }) => {
  assertCanEditAttendanceSettings(viewer);
  return Response.json(await saveRoster(db, viewer, await jsonBody(req, rosterBody)));
});
