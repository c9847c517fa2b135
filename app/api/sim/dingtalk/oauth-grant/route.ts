// The simulated DingTalk pages land here when a person is picked.
// flow=pc: issue an authCode and redirect to redirect_uri?authCode=&state= (login.dingtalk.com behaviour).
// flow=inapp: remember who is "in the DingTalk client" (cookie) and go back to `return`, where the page calls
// requestAuthCode (see /api/sim/dingtalk/inapp/authcode).
import { z } from "zod";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { grant, safeReturnPath, userCookie } from "@/lib/vendors/sim/grant";
import { simState } from "@/lib/vendors/sim/state";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.discriminatedUnion("flow", [
  z.object({ flow: z.literal("pc"), userid: z.string().min(1).max(64), redirect_uri: z.string().min(1).max(2048), state: z.string().max(512).optional() }),
  z.object({ flow: z.literal("inapp"), userid: z.string().min(1).max(64), return: z.string().max(2048).optional() }),
]);

export async function GET(req: Request): Promise<Response> {
  if (!simulatorActive("dingtalk")) return notFoundResponse();
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: "bad_request", issues: parsed.error.issues.map((i) => i.path.join(".")) }, { status: 400 });
  const q = parsed.data;
  if (q.flow === "inapp") {
    if (!simState().directory.dingtalk.users.has(q.userid)) return Response.json({ error: "bad_request", message: "unknown user" }, { status: 400 });
    return new Response(null, { status: 302, headers: { location: safeReturnPath(q.return), "set-cookie": userCookie("dingtalk", q.userid) } });
  }
  const r = grant("dingtalk", "pc", q.userid, q.redirect_uri, q.state ?? null);
  if (!r.ok) return Response.json({ error: "bad_request", message: r.reason }, { status: r.status });
  return new Response(null, { status: 302, headers: { location: r.location } });
}
