// GET /api/attendance/daily/export?format=xlsx|csv&date=YYYY-MM-DD&department=<id>: the daily report's people (abnormal
// first, as on the page) as a streamed file through lib/exports/stream.ts (CSV formula neutralising included).
// 401 without a session, 403 without a console, 404 for a department outside the viewer's scope, 400 with a reason
// for a bad filter or format.
import { getLocale } from "next-intl/server";
import { dailyExport } from "@/lib/attendance/daily-export";
import { dailyQuery } from "@/lib/attendance/daily";
import { assertCanReadSheet } from "@/lib/attendance/sheet";
import { exportFormat, exportResponse, streamTable } from "@/lib/exports/stream";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanReadSheet(viewer);
  const { format: rawFormat, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
  const format = exportFormat.parse(rawFormat);
  const q = dailyQuery.omit({ page: true }).parse(filters);
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const { table, local, date } = await dailyExport(db, viewer, q, locale);
  return exportResponse(streamTable(table, format), format, { ascii: "attendance-daily", local }, date);
});
