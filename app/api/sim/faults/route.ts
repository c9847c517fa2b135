// Fault injection for the simulator: GET lists, POST adds {vendor, api, kind, count?, delayMs?}, DELETE clears.
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { addFault, clearFaults, faultInput } from "@/lib/vendors/sim/control";
import { simState } from "@/lib/vendors/sim/state";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  return Response.json({ faults: simState().faults });
}

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  const parsed = faultInput.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "bad_request", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, { status: 400 });
  addFault(parsed.data);
  return Response.json({ faults: simState().faults });
}

export async function DELETE(): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  clearFaults();
  return Response.json({ faults: [] });
}
