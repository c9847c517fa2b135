// The simulator's stand-in for WeCom's jweixin script (lib/vendors/jssdk-client.ts loads it in simulator mode).
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { jweixinStub } from "@/lib/vendors/sim/jssdk";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  if (!simulatorActive("wecom")) return notFoundResponse();
  return new Response(jweixinStub(), { headers: { "content-type": "application/javascript; charset=utf-8", "cache-control": "no-store" } });
}
