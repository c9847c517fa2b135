// GET /api/meetings/reports/export?from=YYYY-MM-DD&to=YYYY-MM-DD&format=xlsx|csv: a period's attendance, streamed.
import { z } from "zod";
import { forbidden } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { exportStream } from "@/lib/meetings/export";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

const q = z.object({ from: z.iso.date(), to: z.iso.date(), format: z.enum(["csv", "xlsx"]).default("xlsx") });

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  if (!consoleScope(viewer)) throw forbidden("reports are for HR and managers");
  const p = q.parse(Object.fromEntries(new URL(req.url).searchParams));
  return new Response(exportStream(db, viewer, { from: p.from, to: p.to }, p.format), {
    headers: {
      "content-type": p.format === "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="attendance-${p.from}-${p.to}.${p.format}"`,
      "cache-control": "no-store",
    },
  });
});
