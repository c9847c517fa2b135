// GET /api/approvals/applications/preview: the approval path an application would take, resolved now (session),
// and for 补卡 how many corrections are left this payroll period.
import { previewRoute } from "@/lib/approvals/flows/http";

export const dynamic = "force-dynamic";

export const GET = previewRoute();
