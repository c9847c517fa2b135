// GET /api/meetings/:id (scoped), PATCH (organiser/HR; times and thresholds recompute statuses).
import { updateMeeting } from "@/lib/meetings/mutations";
import { getMeeting } from "@/lib/meetings/queries";
import { meetingPatch } from "@/lib/meetings/schemas";
import { handle, idParam, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, params }) => {
  const { id } = idParam.parse(params);
  const { meeting, canManage } = await getMeeting(db, viewer, id);
  return Response.json({ meeting, canManage });
});

export const PATCH = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  const { id } = idParam.parse(params);
  const m = await updateMeeting(db, viewer, id, await jsonBody(req, meetingPatch));
  return Response.json({ meeting: m });
});
