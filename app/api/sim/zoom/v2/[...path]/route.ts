// Simulated api.zoom.us/v2 (simulator mode only): the past-meeting participants report, bearer token required.
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { handleZoomApi } from "@/lib/vendors/sim/zoom";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  // The raw (still encoded) path: meeting UUIDs may arrive double-encoded, as Zoom requires for some.
  const p = new URL(req.url).pathname;
  const i = p.indexOf("/api/sim/zoom/v2/");
  return handleZoomApi(req, p.slice(i + "/api/sim/zoom/v2/".length));
}
