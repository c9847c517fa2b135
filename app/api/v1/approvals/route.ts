// GET /api/v1/approvals: approval items with their state and decision (API key, scope approvals:read).
import { listApprovalsPage } from "@/lib/approvals/queries";
import { approvalsQuery } from "@/lib/approvals/schemas";
import { apiRoute } from "@/lib/oa-sync/api/handler";

export const dynamic = "force-dynamic";

export const GET = apiRoute("approvals:read", approvalsQuery, (db, args) => listApprovalsPage(db, args));
