// GET /api/meetings/reports?from=&to=[&departmentId=]: the period report as JSON (scoped to the viewer).
import { forbidden } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { periodReport } from "@/lib/meetings/queries";
import { reportQuery } from "@/lib/meetings/schemas";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  if (!consoleScope(viewer)) throw forbidden("reports are for HR and managers");
  return Response.json(await periodReport(db, viewer, reportQuery.parse(Object.fromEntries(new URL(req.url).searchParams))));
});
