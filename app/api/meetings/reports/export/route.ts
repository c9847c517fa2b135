// GET /api/meetings/reports/export?from=YYYY-MM-DD&to=YYYY-MM-DD[&departmentId=]&format=xlsx|csv: the period report
// with the page's filters, streamed. XLSX: per-person and per-department summaries beside the detail; CSV: the detail.
import { getLocale } from "next-intl/server";
import { z } from "zod";
import { forbidden } from "@/lib/errors";
import { consoleScope } from "@/lib/ui/console-access";
import { periodReportExport } from "@/lib/exports/period-report";
import { exportFormat, exportResponse } from "@/lib/exports/stream";
import { departmentParam } from "@/lib/meetings/report-schemas";
import { handle } from "@/lib/meetings/http";
import { FROM_AFTER_TO, fromNotAfterTo, isoDate } from "@/lib/validation";

export const dynamic = "force-dynamic";

const q = z.object({ from: isoDate(), to: isoDate(), departmentId: departmentParam, format: exportFormat }).strict().refine(fromNotAfterTo, FROM_AFTER_TO);

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  if (!consoleScope(viewer)) throw forbidden("reports are for HR and managers");
  const p = q.parse(Object.fromEntries(new URL(req.url).searchParams));
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const { body, local } = await periodReportExport(db, viewer, { from: p.from, to: p.to, departmentId: p.departmentId }, p.format, locale);
  return exportResponse(body, p.format, { ascii: `attendance-${p.from}-${p.to}`, local });
});
