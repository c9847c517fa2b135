// POST /api/meetings/:id/marks: the organiser (or HR) sets a person's status with a reason; audited.
import { manualMark } from "@/lib/meetings/mutations";
import { manualMarkInput } from "@/lib/meetings/schemas";
import { handle, idParam, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  const { id } = idParam.parse(params);
  const row = await manualMark(db, viewer, id, await jsonBody(req, manualMarkInput));
  return Response.json({ status: row.status, employeeId: row.employeeId, version: row.version });
});
