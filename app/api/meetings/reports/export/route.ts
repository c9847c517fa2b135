// GET /api/meetings/reports/export?from=YYYY-MM-DD&to=YYYY-MM-DD&format=xlsx|csv: a period's attendance, streamed.
import { z } from "zod";
import { forbidden } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { exportFormat, exportResponse } from "@/lib/exports/stream";
import { exportStream } from "@/lib/meetings/export";
import { handle } from "@/lib/meetings/http";
import { FROM_AFTER_TO, fromNotAfterTo, isoDate } from "@/lib/validation";

export const dynamic = "force-dynamic";

const q = z.object({ from: isoDate(), to: isoDate(), format: exportFormat }).refine(fromNotAfterTo, FROM_AFTER_TO);

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  if (!consoleScope(viewer)) throw forbidden("reports are for HR and managers");
  const p = q.parse(Object.fromEntries(new URL(req.url).searchParams));
  return exportResponse(exportStream(db, viewer, { from: p.from, to: p.to }, p.format), p.format, { ascii: `attendance-${p.from}-${p.to}`, local: `考勤报表-${p.from}-${p.to}` });
});
