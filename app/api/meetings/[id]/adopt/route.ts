// /api/meetings/:id/adopt — a meeting a video platform created, adopted by its organiser (or HR):
// GET: the current invitees/thresholds and the vendor's invitee list mapped through the identity ledger;
// POST {inviteeIds, employeeNos, lateAfterMinutes, earlyLeaveMinutes}: add invitees, set thresholds, recompute.
import { sql } from "drizzle-orm";
import { AppError, forbidden } from "@/lib/errors";
import { adoptInput, adoptMeeting, isVideoCreated, mapVendorInvitees, type InviteeCandidate } from "@/lib/meetings/adopt";
import { handle, idParam, jsonBody } from "@/lib/meetings/http";
import { getMeeting } from "@/lib/meetings/queries";
import { fetchVendorInvitees, inviteeSourceConfigured, vendorRefOf } from "@/lib/reconcile/invitees";
import { log } from "@/lib/observability/log";

export const dynamic = "force-dynamic";

export const GET = handle<{ id: string }>(async ({ db, viewer, params }) => {
  const { id } = idParam.parse(params);
  const { meeting: m, canManage } = await getMeeting(db, viewer, id);
  if (!canManage) throw forbidden("only the organiser of the meeting or HR can adopt it");
  if (!isVideoCreated(m)) throw new AppError("bad_request", 400, "该会议是在应用内创建的，请在编辑页修改受邀人和规则");
  const [{ n }] = (await db.execute(sql`select count(*)::int as n from meeting_invitees where meeting_id = ${m.id}`).then((r) => (r as unknown as { rows: { n: number }[] }).rows));
  const ref = await vendorRefOf(db, m.id);
  let vendor: { available: boolean; source: string | null; people: InviteeCandidate[]; reason?: string } = { available: false, source: ref?.source ?? null, people: [] };
  if (ref && inviteeSourceConfigured(ref.source)) {
    try {
      const list = await fetchVendorInvitees(db, ref);
      vendor = { available: true, source: ref.source, people: await mapVendorInvitees(db, m.id, ref.source, list) };
    } catch (e) {
      log.warn({ meetingId: m.id, source: ref.source, err: (e as Error).message.slice(0, 200) }, "vendor invitee list unavailable");
      vendor = { available: false, source: ref.source, people: [], reason: "vendor_error" };
    }
  } else {
    vendor.reason = ref ? "not_configured" : "no_list";
  }
  return Response.json({
    meeting: { id: m.id, source: m.source, lateAfterMinutes: m.lateAfterMinutes, earlyLeaveMinutes: m.earlyLeaveMinutes, invitees: Number(n) },
    vendor,
  });
});

export const POST = handle<{ id: string }>(async ({ db, viewer, req, params }) => {
  const { id } = idParam.parse(params);
  await getMeeting(db, viewer, id); // 404 for a meeting the viewer may not see, before anything else
  const r = await adoptMeeting(db, viewer, id, await jsonBody(req, adoptInput));
  return Response.json({
    id: r.meeting.id,
    added: r.added,
    invitees: r.invitees,
    recomputed: r.recomputed,
    lateAfterMinutes: r.meeting.lateAfterMinutes,
    earlyLeaveMinutes: r.meeting.earlyLeaveMinutes,
  });
});
