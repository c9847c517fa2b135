// GET /api/meetings/reports/people?from=&to=[&departmentId=&sort=rate|absent|late|invited|employeeNo&dir=&page=&pageSize=]:
// the per-person summary over the period, one sorted page. Outside the scope: 404.
import { forbidden } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { personSummary } from "@/lib/meetings/report-queries";
import { personSummaryQuery } from "@/lib/meetings/report-schemas";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  if (!consoleScope(viewer)) throw forbidden("reports are for HR and managers");
  return Response.json(await personSummary(db, viewer, personSummaryQuery.parse(Object.fromEntries(new URL(req.url).searchParams))));
});
