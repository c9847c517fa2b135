// GET /api/meetings: my meetings (today + upcoming). POST: create a meeting (the viewer organises it).
import { createMeeting } from "@/lib/meetings/mutations";
import { employeeIdsByNo, myMeetings } from "@/lib/meetings/queries";
import { AppError } from "@/lib/errors";
import { meetingInput } from "@/lib/meetings/schemas";
import { handle, jsonBody } from "@/lib/meetings/http";
import { z } from "zod";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer }) => Response.json(await myMeetings(db, viewer)));

const createBody = z.intersection(
  meetingInput,
  z.object({ inviteeEmployeeNos: z.array(z.string().trim().min(1).max(32)).max(20_000).default([]), videoSource: z.enum(["tencent_meeting", "zoom", "agora", "wecom"]).optional().nullable(), videoMeetingId: z.string().trim().max(64).optional().nullable() }),
);

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  const body = await jsonBody(req, createBody);
  const byNo = await employeeIdsByNo(db, body.inviteeEmployeeNos);
  if (byNo.unknown.length) throw new AppError("bad_request", 400, `找不到这些工号：${byNo.unknown.slice(0, 10).join("、")}`, { unknown: byNo.unknown });
  body.inviteeIds = [...new Set([...body.inviteeIds, ...byNo.ids])];
  const m = await createMeeting(db, viewer, { ...body, videoMeetingId: body.videoMeetingId?.replace(/\s+/g, "") || null, videoSource: body.videoMeetingId ? (body.videoSource ?? "tencent_meeting") : null });
  return Response.json({ id: m.id, title: m.title }, { status: 201 });
});
