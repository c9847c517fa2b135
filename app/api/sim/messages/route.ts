// Messages sent through the simulated WeCom message/send and DingTalk asyncsend_v2.
// GET ?vendor=&to=&since= lists them (newest last); DELETE clears.
import { z } from "zod";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { simState } from "@/lib/vendors/sim/state";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ vendor: z.enum(["wecom", "dingtalk"]).optional(), to: z.string().optional(), since: z.iso.datetime().optional() });

export async function GET(req: Request): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) return Response.json({ error: "bad_request", issues: parsed.error.issues.map((i) => i.path.join(".")) }, { status: 400 });
  const q = parsed.data;
  const messages = simState().messages.filter(
    (m) => (!q.vendor || m.vendor === q.vendor) && (!q.to || m.to.includes(q.to)) && (!q.since || m.at >= q.since),
  );
  return Response.json({ messages });
}

export async function DELETE(): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  simState().messages = [];
  return Response.json({ messages: [] });
}
