// GET /api/exports/<report>?format=csv|xlsx&<the page's filters>: a console report as a streamed CSV or XLSX
// (lib/exports/reports.ts lists them). 401 without a session, 403 for a viewer the page refuses, 404 for an
// unknown report, 400 with a reason for a bad filter or format.
import { getLocale } from "next-intl/server";
import { notFound } from "@/lib/errors";
import { EXPORTS } from "@/lib/exports/reports";
import { exportFormat, exportResponse, streamTable } from "@/lib/exports/stream";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<{ report: string }>(async ({ db, viewer, req, params }) => {
  const report = Object.hasOwn(EXPORTS, params.report) ? EXPORTS[params.report] : undefined;
  if (!report) throw notFound("no such export");
  report.authorize(viewer);
  const { format: rawFormat, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
  const format = exportFormat.parse(rawFormat);
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const { table, local } = await report.open(db, viewer, filters, locale);
  return exportResponse(streamTable(table, format), format, { ascii: report.ascii, local });
});
