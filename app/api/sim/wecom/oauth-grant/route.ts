// The simulated WeCom login pages post here when a person is picked: issue a code, remember who is "in the
// client" (cookie, for later silent logins), redirect to redirect_uri?code=&state=.
import { z } from "zod";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { grant, userCookie } from "@/lib/vendors/sim/grant";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({
  userid: z.string().min(1).max(64),
  redirect_uri: z.string().min(1).max(2048),
  state: z.string().max(512).optional(),
  flow: z.enum(["oauth", "sso"]).default("oauth"),
});

export async function GET(req: Request): Promise<Response> {
  if (!simulatorActive("wecom")) return notFoundResponse();
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: "bad_request", issues: parsed.error.issues.map((i) => i.path.join(".")) }, { status: 400 });
  const q = parsed.data;
  const r = grant("wecom", q.flow, q.userid, q.redirect_uri, q.state ?? null);
  if (!r.ok) return Response.json({ error: "bad_request", message: r.reason }, { status: r.status });
  return new Response(null, { status: 302, headers: { location: r.location, "set-cookie": userCookie("wecom", r.userId) } });
}
