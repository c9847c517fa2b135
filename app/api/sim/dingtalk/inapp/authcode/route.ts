// In-app authCode for the simulated DingTalk client: what dd.runtime.permission.requestAuthCode({corpId}) gives a
// page inside DingTalk. The "current user in the client" is the qd_sim_dingtalk_user cookie (set by the picker at
// /sim/dingtalk/inapp or by tests). Answers {code} (5 min, single use), or 401 {errorCode, pickUrl}.
import { dingtalkConfig } from "@/lib/vendors/config";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { readCookie, SIM_USER_COOKIE } from "@/lib/vendors/sim/grant";
import { issueCode, simState } from "@/lib/vendors/sim/state";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  if (!simulatorActive("dingtalk")) return notFoundResponse();
  const url = new URL(req.url);
  const corpId = url.searchParams.get("corpId");
  if (corpId !== dingtalkConfig().corpId) {
    return Response.json({ errorCode: "3", errorMessage: "corpId 与当前组织不匹配" }, { status: 400 });
  }
  const userId = readCookie(req, SIM_USER_COOKIE.dingtalk);
  if (!userId || !simState().directory.dingtalk.users.has(userId)) {
    const back = url.searchParams.get("return") ?? "/";
    return Response.json(
      { errorCode: "7", errorMessage: "模拟钉钉客户端未登录：请先选择身份", pickUrl: `/sim/dingtalk/inapp?corpId=${encodeURIComponent(corpId)}&return=${encodeURIComponent(back)}` },
      { status: 401 },
    );
  }
  return Response.json({ code: issueCode("dingtalk", "inapp", userId) });
}
