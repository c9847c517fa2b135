// POST /api/attendance/settings/shifts {name, kind, sections, thresholds…, preview?}: HR/admin create a shift.
// 403 for everyone else; 400 naming the field (Chinese) for a bad body, nothing written.
import { assertCanEditAttendanceSettings } from "@/lib/attendance/settings/impact";
import { saveShift, shiftBody } from "@/lib/attendance/settings/shift-settings";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle(async ({ db, viewer, req }) => {
  assertCanEditAttendanceSettings(viewer);
  return Response.json(await saveShift(db, viewer, null, await jsonBody(req, shiftBody)));
});
