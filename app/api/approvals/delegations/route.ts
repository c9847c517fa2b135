// GET /api/approvals/delegations: the viewer's 外出代理 (set by them, and naming them) · POST: set one.
import { delegationsRoute } from "@/lib/approvals/flows/http";

export const dynamic = "force-dynamic";

const route = delegationsRoute();
export const GET = route.GET;
export const POST = route.POST;
