// POST /api/v1/approval-items: the OA pushes approval todos (API key, scope approvals:write), answered per item.
import { approvalItemsRoute } from "@/lib/approvals/http";

export const dynamic = "force-dynamic";

export const POST = approvalItemsRoute();
