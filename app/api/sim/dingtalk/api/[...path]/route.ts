// Simulated api.dingtalk.com (simulator mode only; 404 otherwise). Paths mirror the vendor: /v1.0/...
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { handleDingtalkApi } from "@/lib/vendors/sim/dingtalk";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };

async function handle(req: Request, ctx: Ctx): Promise<Response> {
  if (!simulatorActive("dingtalk")) return notFoundResponse();
  const { path } = await ctx.params;
  return handleDingtalkApi(req, `/${path.join("/")}`);
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const DELETE = handle;
