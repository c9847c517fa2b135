// WeCom sign-in start: ?flow=oauth (in-app, silent; scope from WECOM_OAUTH_SCOPE) | qr (PC, wwlogin/sso/login) &next=/path
import { disabledVendorResponse, startRedirect } from "@/lib/auth/routes";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const off = disabledVendorResponse("wecom");
  if (off) return off;
  const u = new URL(req.url);
  const flow = u.searchParams.get("flow") === "qr" ? "wecom_qr" : "wecom_oauth";
  return startRedirect(flow, u.searchParams.get("next"), { privateInfo: env().WECOM_OAUTH_SCOPE === "snsapi_privateinfo" });
}
