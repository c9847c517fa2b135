// POST /api/meetings/leaves {employeeId, startsAt, endsAt, reason}: HR enters a leave; affected meetings recompute.
import { addLeave } from "@/lib/meetings/mutations";
import { leaveInput } from "@/lib/meetings/schemas";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  const l = await addLeave(db, viewer, await jsonBody(req, leaveInput));
  return Response.json({ id: l.id }, { status: 201 });
});
