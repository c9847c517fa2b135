// GET /api/attendance/sheet/export?format=xlsx|csv&month=YYYY-MM&department=<id>[&template=<id>]: the monthly sheet
// as a streamed file (lib/exports/stream.ts: keyset batches, constant memory, frozen header, CSV formula
// neutralising). The cells are the page's: the same code mapping (lib/attendance/sheet-codes.ts) in the reader's
// language; a template (导出模板) picks, orders and renames the columns. 401 without a session, 403 without a
// console, 400 with a reason for a bad filter, format or a detail template, 404 for an unknown template.
import { getLocale } from "next-intl/server";
import { sheetExport } from "@/lib/attendance/sheet-export";
import { assertCanReadSheet, sheetQuery } from "@/lib/attendance/sheet";
import { exportFormat, exportResponse, streamTable } from "@/lib/exports/stream";
import { handle } from "@/lib/meetings/http";
import { exportTemplateFor, templateIdParam } from "@/lib/attendance/export-templates";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanReadSheet(viewer);
  const { format: rawFormat, template: rawTemplate, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
  const format = exportFormat.parse(rawFormat);
  const q = sheetQuery.omit({ page: true }).parse(filters);
  const template = rawTemplate ? await exportTemplateFor(db, templateIdParam.parse(rawTemplate), "sheet") : undefined;
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const { table, local, month } = await sheetExport(db, viewer, q, locale, template);
  return exportResponse(streamTable(table, format), format, { ascii: "attendance-sheet", local }, month);
});
