// Call and rate-limit counters per vendor API (benchmarks read them). DELETE resets the counters.
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { resetCounters, simStats } from "@/lib/vendors/sim/control";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  return Response.json(simStats());
}

export async function DELETE(): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  resetCounters();
  return Response.json(simStats());
}
