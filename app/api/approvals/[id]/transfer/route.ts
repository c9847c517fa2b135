// POST /api/approvals/[id]/transfer: 转交 — an approver of the active step (or their delegate) hands that place to a
// colleague by 工号. 422 for the applicant, oneself or someone already on the step; 409 once the step is decided.
import { transferRoute } from "@/lib/approvals/flows/http";

export const dynamic = "force-dynamic";

export const POST = transferRoute();
