// GET /api/meetings/:id/qr: the current rotating code for the organiser's display (organiser/HR only).
// `?purpose=out` gives the check-out (签退) code of a meeting that requires one; its link opens /checkin with a=out.
import QRCode from "qrcode";
import { z } from "zod";
import { appUrl } from "@/lib/env";
import { AppError, forbidden } from "@/lib/errors";
import { qrSecret } from "@/lib/meetings/mutations";
import { getMeeting } from "@/lib/meetings/queries";
import { QR_SLOT_SECONDS, qrCode } from "@/lib/meetings/qr";
import { handle, idParam } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

const query = z.object({ purpose: z.enum(["in", "out"]).default("in") });

export const GET = handle<{ id: string }>(async ({ db, viewer, params, req }) => {
  const { id } = idParam.parse(params);
  const { purpose } = query.parse(Object.fromEntries(new URL(req.url).searchParams));
  const { meeting, canManage } = await getMeeting(db, viewer, id);
  if (!canManage) throw forbidden("only the organiser or HR can show the check-in code");
  if (purpose === "out" && !meeting.checkoutRequired) throw new AppError("checkout_not_required", 409, "本次会议无需签退");
  const now = new Date();
  const { code, expiresAt } = qrCode(await qrSecret(db), meeting.id, now, QR_SLOT_SECONDS, purpose);
  const url = `${appUrl()}/checkin?m=${meeting.id}&c=${encodeURIComponent(code)}${purpose === "out" ? "&a=out" : ""}`;
  const svg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return Response.json({ url, code, svg, purpose, expiresAt: expiresAt.toISOString(), slotSeconds: QR_SLOT_SECONDS, serverTime: now.toISOString() }, { headers: { "cache-control": "no-store" } });
});
