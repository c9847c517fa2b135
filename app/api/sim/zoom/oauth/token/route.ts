// Simulated zoom.us/oauth/token (Server-to-Server OAuth, grant_type=account_credentials; simulator mode only).
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { handleZoomOAuthToken } from "@/lib/vendors/sim/zoom";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  return handleZoomOAuthToken(req);
}
