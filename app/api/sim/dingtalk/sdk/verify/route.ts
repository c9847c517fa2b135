// What DingTalk does when dd.config runs: recompute the signature with its jsapi ticket.
import { json, notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { verifyInput, verifySignature } from "@/lib/vendors/sim/jssdk";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("dingtalk")) return notFoundResponse();
  const parsed = verifyInput.safeParse(await req.json().catch(() => null));
  if (!parsed.success || parsed.data.kind !== "dd.config") return json({ errorCode: "3", errorMessage: "signature invalid" });
  return verifySignature(parsed.data) ? json({ errorCode: "0", errorMessage: "ok" }) : json({ errorCode: "3", errorMessage: "signature invalid" });
}
