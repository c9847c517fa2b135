// GET /api/meetings/reports/people/<employeeId>?from=&to=[&departmentId=]: one person's meetings of the period.
// A person with nothing in the viewer's scope: 404.
import { forbidden } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { personMeetings } from "@/lib/meetings/report-queries";
import { reportFilter } from "@/lib/meetings/report-schemas";
import { handle, idParam } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  if (!consoleScope(viewer)) throw forbidden("reports are for HR and managers");
  const { id } = idParam.parse(params);
  return Response.json(await personMeetings(db, viewer, { ...reportFilter.parse(Object.fromEntries(new URL(req.url).searchParams)), employeeId: id }));
});
