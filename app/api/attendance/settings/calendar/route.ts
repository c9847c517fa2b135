// POST /api/attendance/settings/calendar {date, dayType (null: clear HR's mark), name?, preview?}: HR/admin mark or
// clear a company day. preview: true answers what the save would do ({impact: {personDays, held, from}}) and keeps
// nothing. 403 for everyone else; 400 for a bad body (nothing written).
import { saveCalendarDay, calendarDayBody } from "@/lib/attendance/settings/calendar-settings";
import { assertCanEditAttendanceSettings } from "@/lib/attendance/settings/impact";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle(async ({ db, viewer, req }) => {
  assertCanEditAttendanceSettings(viewer);
  return Response.json(await saveCalendarDay(db, viewer, await jsonBody(req, calendarDayBody)));
});
