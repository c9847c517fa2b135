// The shared GET handler of /api/jssdk/<vendor>?url=<page URL>: signed-in users only; URLs off this app's
// origin are refused (400); a vendor ticket failure is ours to retry (503).
import { z } from "zod";
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { requireApiViewer } from "@/lib/auth/session";
import { AppError, badRequest, errorResponse } from "@/lib/errors";
import { VendorError } from "@/lib/vendors/http";
import { ForeignUrlError } from "@/lib/vendors/jssdk";

const query = z.object({ url: z.string().min(1).max(4096) });

export function jssdkConfigRoute(vendor: string, makeConfig: (db: Db, url: string) => Promise<unknown>) {
  return async function GET(req: Request): Promise<Response> {
    try {
      await requireApiViewer();
      const parsed = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
      if (!parsed.success) throw badRequest("url is required");
      const body = await makeConfig(await getDb(), parsed.data.url).catch((e) => {
        if (e instanceof ForeignUrlError) throw badRequest(`url refused: ${e.message}`);
        if (e instanceof VendorError) throw new AppError("unavailable", 503, `${vendor} ticket unavailable`, { vendorError: e.kind });
        throw e;
      });
      return Response.json(body, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      return errorResponse(e);
    }
  };
}
