// GET /api/meetings/:id/qr: the current rotating code for the organiser's display (organiser/HR only).
import QRCode from "qrcode";
import { appUrl } from "@/lib/env";
import { forbidden } from "@/lib/errors";
import { qrSecret } from "@/lib/meetings/mutations";
import { getMeeting } from "@/lib/meetings/queries";
import { QR_SLOT_SECONDS, qrCode } from "@/lib/meetings/qr";
import { handle, idParam } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, params }) => {
  const { id } = idParam.parse(params);
  const { meeting, canManage } = await getMeeting(db, viewer, id);
  if (!canManage) throw forbidden("only the organiser or HR can show the check-in code");
  const now = new Date();
  const { code, expiresAt } = qrCode(await qrSecret(db), meeting.id, now);
  const url = `${appUrl()}/checkin?m=${meeting.id}&c=${encodeURIComponent(code)}`;
  const svg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return Response.json({ url, code, svg, expiresAt: expiresAt.toISOString(), slotSeconds: QR_SLOT_SECONDS, serverTime: now.toISOString() }, { headers: { "cache-control": "no-store" } });
});
