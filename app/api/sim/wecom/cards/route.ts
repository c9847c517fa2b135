// Simulator: the approval (template) cards the app sent through WeCom, as each member sees them, and the 打卡
// corrections it wrote. GET ?to=<userid> lists them; POST {op: "click", taskId, userid, key, deliveries?} presses a
// button: WeCom posts the signed template_card_event to our callback (`deliveries` > 1: the same request again).
import { z } from "zod";
import { appUrl } from "@/lib/env";
import { wecomConfig } from "@/lib/vendors/config";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { deliverCardClick, simCards, simPunchCorrections } from "@/lib/vendors/sim/wecom-cards";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ to: z.string().max(64).optional() });
const click = z.object({
  op: z.literal("click"),
  taskId: z.string().min(1).max(128),
  userid: z.string().min(1).max(64),
  key: z.string().min(1).max(128),
  deliveries: z.number().int().min(1).max(3).default(1),
});

export async function GET(req: Request): Promise<Response> {
  if (!simulatorActive("wecom")) return notFoundResponse();
  const q = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) return Response.json({ error: "bad_request", message: "to: a WeCom userid" }, { status: 400 });
  return Response.json({ cards: simCards(q.data.to), punchCorrections: simPunchCorrections() });
}

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("wecom")) return notFoundResponse();
  const parsed = click.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "bad_request", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") }, { status: 400 });
  const cfg = wecomConfig();
  const r = await deliverCardClick(parsed.data, { appUrl: appUrl(), token: cfg.callbackToken, aesKey: cfg.aesKey, corpId: cfg.corpId, agentId: cfg.agentId });
  if (!r.clicked) return Response.json({ error: "conflict", message: r.error }, { status: 409 });
  return Response.json({ clicked: true, delivered: r.statuses.length > 0 && r.statuses.every((s) => s >= 200 && s < 300), statuses: r.statuses, ...(r.error ? { reason: r.error } : {}) });
}
