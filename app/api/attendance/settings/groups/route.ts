// POST /api/attendance/settings/groups {name, priority, defaultShiftId, schedule, members, places, wifi, fieldAllowed,
// preview?}: HR/admin create an attendance group (people moving into it recompute). 403 for everyone else; 400 naming
// the field for a bad body (unknown shift, department or 工号; BSSID format), nothing written.
import { assertCanEditAttendanceSettings } from "@/lib/attendance/settings/impact";
import { groupBody, saveGroup } from "@/lib/attendance/settings/group-settings";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle(async ({ db, viewer, req }) => {
  assertCanEditAttendanceSettings(viewer);
  return Response.json(await saveGroup(db, viewer, null, await jsonBody(req, groupBody)));
});
