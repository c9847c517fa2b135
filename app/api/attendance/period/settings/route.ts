// PUT /api/attendance/period/settings {startDay}: HR/admin set the payroll period start day (1 = calendar month,
// 26 = the 26th to the 25th; at most 28). Audited when it changes. 403 for everyone else; 400 out of range.
import { assertCanManagePeriods, setPayrollStartDay, startDayBody } from "@/lib/attendance/period-lock";
import { handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const PUT = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanManagePeriods(viewer);
  return Response.json(await setPayrollStartDay(db, viewer, await jsonBody(req, startDayBody)));
});
