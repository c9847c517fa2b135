// PUT /api/attendance/groups/:id/reminders {enabled, punchInAfterMinutes, punchOut, missingNextMorning, missingAt,
// monthSummary, quietStart, quietEnd}: HR/admin set a group's chat reminders. Audited when it changes. 403 for
// everyone else; 400 for a bad body; 404 for an unknown group.
import { groupIdParam, reminderSettingsBody, setGroupReminders, assertCanManageReminders } from "@/lib/attendance/reminder-settings";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const PUT = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  assertCanManageReminders(viewer);
  const id = groupIdParam.parse(params.id);
  return Response.json(await setGroupReminders(db, viewer, id, await jsonBody(req, reminderSettingsBody)));
});
