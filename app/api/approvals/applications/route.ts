// POST /api/approvals/applications: file a leave or 补卡 application (session). 201 with its path; 400 with the
// reasons for a bad form; 422 when a cap or the org refuses it (the cap named). Nothing written on refusal.
import { applicationsRoute } from "@/lib/approvals/flows/http";

export const dynamic = "force-dynamic";

export const POST = applicationsRoute();
