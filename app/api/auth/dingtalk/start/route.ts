// DingTalk sign-in start.
// GET ?next=: PC browser → login.dingtalk.com/oauth2/auth (the redirect carries authCode).
// POST {next}: the in-app page asks for a state before dd.runtime.permission.requestAuthCode; answers {state}.
import { NextResponse } from "next/server";
import { z } from "zod";
import { isJsonMediaType } from "@/lib/http/request-guard";
import { STATE_COOKIE, beginLogin, stateCookieOptions } from "@/lib/auth/login-flow";
import { disabledVendorResponse, startRedirect } from "@/lib/auth/routes";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { dingtalkConfig } from "@/lib/vendors/config";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const off = disabledVendorResponse("dingtalk");
  if (off) return off;
  return startRedirect("dingtalk_oauth", new URL(req.url).searchParams.get("next"));
}

const body = z.object({ next: z.string().max(512).optional() });

export async function POST(req: Request) {
  const off = disabledVendorResponse("dingtalk");
  if (off) return off;
  if (!isJsonMediaType(req.headers)) return NextResponse.json({ error: "unsupported_media_type", message: "request body must be application/json" }, { status: 415 });
  const parsed = body.safeParse(await req.json().catch(() => ({})));
  if (!parsed.success) return NextResponse.json({ error: "bad_request", message: "body must be {next?: string}" }, { status: 400 });
  const { state, cookie } = beginLogin(await resolveAuthSecret(), "dingtalk_inapp", parsed.data.next ?? "/");
  const c = dingtalkConfig();
  const res = NextResponse.json({ state, corpId: c.corpId, clientId: c.clientId, simulated: c.simulated });
  res.cookies.set(STATE_COOKIE, cookie, stateCookieOptions());
  res.headers.set("cache-control", "no-store");
  return res;
}
