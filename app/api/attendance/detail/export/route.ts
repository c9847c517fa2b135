// GET /api/attendance/detail/export?format=xlsx|csv&month=YYYY-MM&department=<id>[&template=<id>]: 考勤明细, one
// row per person × person-day of the period, scoped exactly like the monthly sheet (HR/admin everyone, managers
// their subtrees), streamed through lib/exports/stream.ts. 401/403 as the sheet; 400 with a reason for a bad filter,
// format or a sheet template; 404 for an unknown template.
import { getLocale } from "next-intl/server";
import { exportTemplateFor, templateIdParam } from "@/lib/attendance/export-templates";
import { assertCanReadSheet, sheetQuery } from "@/lib/attendance/sheet";
import { detailExport } from "@/lib/attendance/sheet-export";
import { exportFormat, exportResponse, streamTable } from "@/lib/exports/stream";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanReadSheet(viewer);
  const { format: rawFormat, template: rawTemplate, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
  const format = exportFormat.parse(rawFormat);
  const q = sheetQuery.omit({ page: true }).parse(filters);
  const template = rawTemplate ? await exportTemplateFor(db, templateIdParam.parse(rawTemplate), "detail") : undefined;
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const { table, local, month } = await detailExport(db, viewer, q, locale, template);
  return exportResponse(streamTable(table, format), format, { ascii: "attendance-detail", local }, month);
});
