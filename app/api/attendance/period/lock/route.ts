// POST /api/attendance/period/lock {month}: HR/admin lock (封账) a payroll period; locking a locked period is a
// no-op (changed: false). 403 for everyone else; 400 with a reason for a bad month.
import { assertCanManagePeriods, lockBody, lockPeriod } from "@/lib/attendance/period-lock";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanManagePeriods(viewer);
  const body = await jsonBody(req, lockBody);
  const { lock, changed } = await lockPeriod(db, viewer, body);
  return Response.json({ id: lock.id, state: lock.state, from: lock.fromDate, to: lock.toDate, changed });
});
