// POST /api/approvals/[id]/withdraw: the applicant withdraws their application before the first decision (session).
// 409 once someone has decided (who); 403 for anyone but the applicant; 404 for an item not theirs to see.
import { withdrawRoute } from "@/lib/approvals/flows/http";

export const dynamic = "force-dynamic";

export const POST = withdrawRoute();
