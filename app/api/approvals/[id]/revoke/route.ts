// POST /api/approvals/[id]/revoke {reason}: 撤销 an approved application of our own flows (session): the applicant
// (409 once its payroll period is locked) or HR / an admin. 400 without a reason; 409 when it is not approved or
// already revoked; 403 for an approver; 404 for an item not theirs to see. What the approval did is undone.
import { revokeRoute } from "@/lib/approvals/flows/http";

export const dynamic = "force-dynamic";

export const POST = revokeRoute();
