// Simulated qyapi.weixin.qq.com (simulator mode only; 404 otherwise). Paths mirror the vendor: /cgi-bin/...
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { handleWecomApi } from "@/lib/vendors/sim/wecom";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };

async function handle(req: Request, ctx: Ctx): Promise<Response> {
  if (!simulatorActive("wecom")) return notFoundResponse();
  const { path } = await ctx.params;
  return handleWecomApi(req, `/${path.join("/")}`);
}

export const GET = handle;
export const POST = handle;
