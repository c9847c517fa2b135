import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Prometheus text exposition: counts only, no personal data. With METRICS_TOKEN set, a bearer token is required. */
export async function GET(req: Request) {
  const token = env().METRICS_TOKEN;
  if (token) {
    const sent = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
    // Compare digests (equal length) in constant time: the token never leaks through timing.
    if (!timingSafeEqual(digest(sent), digest(token))) {
      return Response.json({ error: "unauthorized", message: "metrics need Authorization: Bearer <METRICS_TOKEN>" }, { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
    }
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
}
