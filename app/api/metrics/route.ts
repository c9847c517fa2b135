import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

/** Prometheus text exposition. */
export async function GET() {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
