// GET /console/approvals/export?format=csv|xlsx&<the list's filters>: the audit log of the filtered items (every act,
// who, when, client, comment) streamed through lib/exports/stream. 401 without a session, 403 without a console,
// 404 for a department outside the viewer's scope, 400 with a reason for a bad filter or format.
import { getLocale } from "next-intl/server";
import { approvalLogExport } from "@/lib/approvals/console/export";
import { assertCanReadApprovalConsole } from "@/lib/approvals/console/queries";
import { exportFormat, exportResponse, streamTable } from "@/lib/exports/stream";
import { handle } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  assertCanReadApprovalConsole(viewer);
  const { format: rawFormat, ...filters } = Object.fromEntries(new URL(req.url).searchParams);
  const format = exportFormat.parse(rawFormat);
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const { table, local } = await approvalLogExport(db, viewer, filters, locale);
  return exportResponse(streamTable(table, format), format, { ascii: "approval-log", local });
});
