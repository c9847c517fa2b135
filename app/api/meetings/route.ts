// GET /api/meetings: my meetings (today + upcoming). POST: create a meeting (the viewer organises it).
import { createMeeting } from "@/lib/meetings/mutations";
import { myMeetings } from "@/lib/meetings/queries";
import { meetingInput } from "@/lib/meetings/schemas";
import { handle, jsonBody } from "@/lib/meetings/http";
import { z } from "zod";

export const dynamic = "force-dynamic";

export const GET = handle<Record<string, never>>(async ({ db, viewer }) => Response.json(await myMeetings(db, viewer)));

const createBody = z.intersection(
  meetingInput,
  z.object({ videoSource: z.enum(["tencent_meeting", "zoom", "agora", "wecom"]).optional().nullable(), videoMeetingId: z.string().trim().max(64).optional().nullable() }),
);

export const POST = handle<Record<string, never>>(async ({ db, viewer, req }) => {
  const body = await jsonBody(req, createBody);
  const m = await createMeeting(db, viewer, { ...body, videoMeetingId: body.videoMeetingId?.replace(/\s+/g, "") || null, videoSource: body.videoMeetingId ? (body.videoSource ?? "tencent_meeting") : null });
  return Response.json({ id: m.id, title: m.title }, { status: 201 });
});
