// POST /api/meetings/series: create a recurring meeting (周例会) — the first occurrence's fields plus frequency and
// count; one meeting per occurrence, the viewer organises them all.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { handle, jsonBody } from "@/lib/meetings/http";
import { employeeIdsByNo } from "@/lib/meetings/queries";
import { meetingInput, seriesFields } from "@/lib/meetings/schemas";
import { createSeries } from "@/lib/meetings/series";

export const dynamic = "force-dynamic";

const body = z.intersection(
  z.intersection(meetingInput, seriesFields),
  z.object({ inviteeEmployeeNos: z.array(z.string().trim().min(1).max(32)).max(20_000).default([]), videoMeetingId: z.string().trim().max(64).optional().nullable() }),
);

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  const input = await jsonBody(req, body);
  const byNo = await employeeIdsByNo(db, input.inviteeEmployeeNos);
  if (byNo.unknown.length) throw new AppError("bad_request", 400, `找不到这些工号：${byNo.unknown.slice(0, 10).join("、")}`, { unknown: byNo.unknown });
  input.inviteeIds = [...new Set([...input.inviteeIds, ...byNo.ids])];
  const video = input.videoMeetingId?.replace(/\s+/g, "") || null;
  const { series, meetingIds } = await createSeries(db, viewer, { ...input, videoMeetingId: video, videoSource: video ? "tencent_meeting" : null });
  return Response.json({ seriesId: series.id, meetingIds, firstMeetingId: meetingIds[0] }, { status: 201 });
});
