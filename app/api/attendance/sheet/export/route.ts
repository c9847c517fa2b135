// GET /api/attendance/sheet/export?format=xlsx|csv&month=YYYY-MM&department=<id>[&template=<id>]: the monthly sheet
// as a streamed file (lib/exports/stream.ts: keyset batches, constant memory, frozen header, CSV formula
// neutralising). The cells are the page's: the same code mapping (lib/attendance/sheet-codes.ts) in the reader's
// language; a template (导出模板) picks, orders and renames the columns. 401 without a session, 403 without a
// console, 400 with a reason for a bad filter, format or a detail template, 404 for an unknown template.
import { monthExportRoute } from "@/lib/attendance/export-route";

export const dynamic = "force-dynamic";

export const GET = monthExportRoute("sheet");
