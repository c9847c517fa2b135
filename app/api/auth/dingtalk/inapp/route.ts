// DingTalk in-app: the login page posts the authCode from dd.runtime.permission.requestAuthCode({corpId})
// with the state it was given; the server exchanges it via /topapi/v2/user/getuserinfo. Answers {redirect}.
import { NextResponse } from "next/server";
import { z } from "zod";
import { isJsonMediaType } from "@/lib/http/request-guard";
import { disabledVendorResponse, finishLogin } from "@/lib/auth/routes";
import { dingtalkUserFromInappCode } from "@/lib/auth/vendor-login";

export const dynamic = "force-dynamic";

const body = z.object({ code: z.string().min(1).max(512), state: z.string().min(1).max(128) });

export async function POST(req: Request) {
  const off = disabledVendorResponse("dingtalk");
  if (off) return off;
  if (!isJsonMediaType(req.headers)) return NextResponse.json({ error: "unsupported_media_type", message: "request body must be application/json" }, { status: 415 });
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return NextResponse.json({ error: "bad_request", message: "body must be {code, state}" }, { status: 400 });
  const to = await finishLogin("dingtalk_inapp", "dingtalk", parsed.data.state, parsed.data.code, dingtalkUserFromInappCode);
  return NextResponse.json({ redirect: to }, { headers: { "cache-control": "no-store" } });
}
