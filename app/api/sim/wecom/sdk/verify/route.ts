// What WeCom does when wx.config / wx.agentConfig run: recompute the signature with its ticket (40093 on mismatch).
import { json, notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { verifyInput, verifySignature } from "@/lib/vendors/sim/jssdk";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("wecom")) return notFoundResponse();
  const parsed = verifyInput.safeParse(await req.json().catch(() => null));
  if (!parsed.success || parsed.data.kind === "dd.config") return json({ errcode: 40093, errmsg: "invalid signature" });
  return verifySignature(parsed.data) ? json({ errcode: 0, errmsg: "ok" }) : json({ errcode: 40093, errmsg: "invalid signature" });
}
