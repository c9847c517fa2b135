// WeCom sign-in start: ?flow=oauth (in-app, silent) | qr (PC, wwlogin/sso/login) &next=/path
import { startRedirect } from "@/lib/auth/routes";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const u = new URL(req.url);
  const flow = u.searchParams.get("flow") === "qr" ? "wecom_qr" : "wecom_oauth";
  return startRedirect(flow, u.searchParams.get("next"), { privateInfo: u.searchParams.get("scope") === "privateinfo" });
}
