// WeCom redirect target for both flows: ?code=CODE&state=STATE (wecom.md §2.1/§2.2; code → /cgi-bin/auth/getuserinfo).
import { cookies } from "next/headers";
import { STATE_COOKIE } from "@/lib/auth/login-flow";
import { disabledVendorResponse, finishLogin, redirectTo } from "@/lib/auth/routes";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { unseal } from "@/lib/auth/signed";
import { wecomUserFromCode } from "@/lib/auth/vendor-login";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const off = disabledVendorResponse("wecom");
  if (off) return off;
  const u = new URL(req.url);
  // Which WeCom flow this was is in our sealed state (falls back to oauth for the record when the state is bad).
  const sealed = unseal<{ flow: "wecom_oauth" | "wecom_qr"; exp: number }>(await resolveAuthSecret(), "login-state", (await cookies()).get(STATE_COOKIE)?.value);
  const flow = sealed?.flow === "wecom_qr" ? "wecom_qr" : "wecom_oauth";
  const to = await finishLogin(flow, "wecom", u.searchParams.get("state"), u.searchParams.get("code"), wecomUserFromCode);
  return redirectTo(to);
}
