// GET /api/attendance/period?month=YYYY-MM: a payroll period's lock state (封账), its queued late evidence (the
// viewer's scope) and its audited history (lib/attendance/period-lock.ts). Sheet readers only (HR/admin, managers).
import { z } from "zod";
import { currentPeriod, lockBody, payrollStartDay, periodState } from "@/lib/attendance/period-lock";
import { assertCanReadSheet } from "@/lib/attendance/sheet";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

const query = z.object({ month: lockBody.shape.month.optional() }).strict();

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanReadSheet(viewer);
  const q = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  const startDay = await payrollStartDay(db);
  return Response.json(await periodState(db, viewer, q.month ?? currentPeriod(startDay), startDay), { headers: { "cache-control": "no-store" } });
});
