// Simulator organisation and clock: GET summary; POST one command (see lib/vendors/sim/control.ts orgCommand):
// {op:"reset", size:"demo"|"large"}, {op:"advance_clock", seconds}, {op:"reset_clock"}, {op:"expire_tokens"}, rename/move/add/remove
// users and departments, set leaders.
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { applyOrgCommand, orgCommand, SimCommandError, simStats } from "@/lib/vendors/sim/control";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  return Response.json(simStats());
}

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  const parsed = orgCommand.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "bad_request", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, { status: 400 });
  try {
    applyOrgCommand(parsed.data);
  } catch (e) {
    if (e instanceof SimCommandError) return Response.json({ error: "bad_request", message: e.message }, { status: 400 });
    throw e;
  }
  return Response.json(simStats());
}
