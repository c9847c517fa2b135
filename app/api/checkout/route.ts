// POST /api/checkout: 签退 — the in-person check-out (QR code of purpose "out", or geofence) of a meeting that
// requires one, by the signed-in viewer. Refusals are typed 4xx with a reason; a second check-out changes nothing.
import { checkOut } from "@/lib/meetings/mutations";
import { checkOutRequest } from "@/lib/meetings/schemas";
import { deviceOf, handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  const body = await jsonBody(req, checkOutRequest);
  const result = await checkOut(db, viewer, body, { device: deviceOf(req) });
  return Response.json(result, { status: 201 });
});
