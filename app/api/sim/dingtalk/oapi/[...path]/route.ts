// Simulated oapi.dingtalk.com (simulator mode only; 404 otherwise). call_back/** is served by the ingest routes.
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { handleDingtalkOapi } from "@/lib/vendors/sim/dingtalk";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };

async function handle(req: Request, ctx: Ctx): Promise<Response> {
  if (!simulatorActive("dingtalk")) return notFoundResponse();
  const { path } = await ctx.params;
  return handleDingtalkOapi(req, `/${path.join("/")}`);
}

export const GET = handle;
export const POST = handle;
