// POST /api/approvals/[id]/decision: a current approver agrees, refuses or returns an OA approval todo, or the active
// step of one of our own applications (lib/approvals/flows: only that step's approvers) (session).
// 201 with the decision; 403 for someone who is not a current approver; 409 when it is not open (who decided).
import { decisionRoute } from "@/lib/approvals/http";

export const dynamic = "force-dynamic";

export const POST = decisionRoute();
