// Simulated DingTalk failed-push list (dingtalk.md §4.4): GET /call_back/get_call_back_failed_result returns up to
// 200 undelivered events and has_more, and — like DingTalk — forgets what it returned (destructive read).
// POST (simulator control, simulator mode only) adds events to the list: {"failed_list":[{call_back_tag, …}]}.
import { z } from "zod";
import { dingtalkSimulated } from "@/lib/env";

export const dynamic = "force-dynamic";

const g = globalThis as unknown as { __qdSimDingFailed?: Record<string, unknown>[] };
const list = () => (g.__qdSimDingFailed ??= []);

export async function GET(req: Request) {
  if (!dingtalkSimulated()) return Response.json({ errcode: 404, errmsg: "simulator disabled" }, { status: 404 });
  if (!new URL(req.url).searchParams.get("access_token")) return Response.json({ errcode: 41001, errmsg: "不合法的access_token" });
  const page = list().splice(0, 200);
  return Response.json({ errcode: 0, errmsg: "ok", has_more: list().length > 0, failed_list: page });
}

const addBody = z.object({ failed_list: z.array(z.looseObject({ call_back_tag: z.string().min(1).max(100) })).max(5000) });

export async function POST(req: Request) {
  if (!dingtalkSimulated()) return Response.json({ errcode: 404, errmsg: "simulator disabled" }, { status: 404 });
  const parsed = addBody.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ errcode: 400, errmsg: "body must be {failed_list:[{call_back_tag,…}]}" }, { status: 400 });
  list().push(...parsed.data.failed_list);
  return Response.json({ errcode: 0, errmsg: "ok", queued: list().length });
}
