// The OpenAPI 3.1 document of the pull API (public: it describes the API, it holds no data).
import { appUrl } from "@/lib/env";
import { buildOpenApiDocument } from "@/lib/oa-sync/api/openapi";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json(buildOpenApiDocument(appUrl()), { headers: { "cache-control": "public, max-age=300" } });
}
