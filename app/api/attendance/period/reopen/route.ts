// POST /api/attendance/period/reopen {month, reason}: HR/admin reopen a locked period (the reason is required and
// audited); the person-days with queued late evidence recompute through the inbox job. Reopening an open period is
// a no-op (changed: false). 403 for everyone else; 400 without a reason.
import { assertCanManagePeriods, reopenBody, reopenPeriod } from "@/lib/attendance/period-lock";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanManagePeriods(viewer);
  const body = await jsonBody(req, reopenBody);
  const { lock, changed, queued } = await reopenPeriod(db, viewer, body);
  return Response.json({ id: lock?.id ?? null, state: lock?.state ?? null, changed, queued });
});
