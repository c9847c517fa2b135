// DingTalk PC OAuth redirect target: ?authCode=…&state=… (note authCode, not code; dingtalk.md §3),
// or ?error=…&state=… when the user declined.
import { disabledVendorResponse, finishLogin, redirectTo } from "@/lib/auth/routes";
import { dingtalkUserFromOAuthCode } from "@/lib/auth/vendor-login";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const off = disabledVendorResponse("dingtalk");
  if (off) return off;
  const u = new URL(req.url);
  const code = u.searchParams.get("authCode") ?? u.searchParams.get("code");
  const to = await finishLogin("dingtalk_oauth", "dingtalk", u.searchParams.get("state"), code, dingtalkUserFromOAuthCode);
  return redirectTo(to);
}
