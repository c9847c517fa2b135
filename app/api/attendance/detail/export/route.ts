// GET /api/attendance/detail/export?format=xlsx|csv&month=YYYY-MM&department=<id>[&template=<id>]: 考勤明细, one
// row per person × person-day of the period, scoped exactly like the monthly sheet (HR/admin everyone, managers
// their subtrees), streamed through lib/exports/stream.ts. 401/403 as the sheet; 400 with a reason for a bad filter,
// format or a sheet template; 404 for an unknown template.
import { monthExportRoute } from "@/lib/attendance/export-route";

export const dynamic = "force-dynamic";

export const GET = monthExportRoute("detail");
