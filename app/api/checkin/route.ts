// POST /api/checkin: QR or geofence check-in by the signed-in viewer. Refusals are typed 4xx with a reason.
import { checkIn } from "@/lib/meetings/mutations";
import { checkInRequest } from "@/lib/meetings/schemas";
import { deviceOf, handle, jsonBody } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  const body = await jsonBody(req, checkInRequest);
  const result = await checkIn(db, viewer, body, { device: deviceOf(req) });
  return Response.json(result, { status: 201 });
});
