// GET /api/meetings/reports/departments?from=&to=[&departmentId=]: one level of the drill-down (sub-departments
// and direct members of a department, default where the viewer's report starts). Outside the scope: 404.
import { forbidden } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { departmentBreakdown } from "@/lib/meetings/report-queries";
import { reportFilter } from "@/lib/meetings/report-schemas";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  if (!consoleScope(viewer)) throw forbidden("reports are for HR and managers");
  return Response.json(await departmentBreakdown(db, viewer, reportFilter.parse(Object.fromEntries(new URL(req.url).searchParams))));
});
