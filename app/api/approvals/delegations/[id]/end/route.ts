// POST /api/approvals/delegations/[id]/end: its principal ends a delegation now; 404 for anyone else's.
import { endDelegationRoute } from "@/lib/approvals/flows/http";

export const dynamic = "force-dynamic";

export const POST = endDelegationRoute();
