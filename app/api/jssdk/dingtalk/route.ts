// GET /api/jssdk/dingtalk?url=<page URL> → dd.config parameters for a page of this app.
// Signed-in users only; URLs off this app's origin are refused (400).
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireApiViewer } from "@/lib/auth/session";
import { AppError, badRequest, errorResponse } from "@/lib/errors";
import { ForeignUrlError } from "@/lib/vendors/jssdk";
import { dingtalkJsConfig } from "@/lib/vendors/jssdk-config";
import { VendorError } from "@/lib/vendors/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ url: z.string().min(1).max(4096) });

export async function GET(req: Request): Promise<Response> {
  try {
    await requireApiViewer();
    const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
    if (!parsed.success) throw badRequest("url is required");
    const body = await dingtalkJsConfig(await getDb(), parsed.data.url).catch((e) => {
      if (e instanceof ForeignUrlError) throw badRequest(`url refused: ${e.message}`);
      if (e instanceof VendorError) throw new AppError("unavailable", 503, "DingTalk ticket unavailable", { vendorError: e.kind });
      throw e;
    });
    return Response.json(body, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    return errorResponse(e);
  }
}
