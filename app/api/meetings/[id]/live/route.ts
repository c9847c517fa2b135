// GET /api/meetings/:id/live: the organiser's live view. With `Accept: text/event-stream` it streams
// Server-Sent Events (lib/http/event-stream): a cheap version check every second, the full view only when something
// changed.
import { getDb } from "@/db/client";
import { requireApiViewer } from "@/lib/auth/session";
import { errorResponse, forbidden } from "@/lib/errors";
import { pollingEventStream, wantsEventStream } from "@/lib/http/event-stream";
import { attendanceVersion, getMeeting, liveViewUnscoped } from "@/lib/meetings/queries";
import { idParam } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

export async function GET(req: Request, route: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const viewer = await requireApiViewer();
    const db = await getDb();
    const { id } = idParam.parse(await route.params);
    const { meeting, canManage } = await getMeeting(db, viewer, id);
    if (!canManage) throw forbidden("only the organiser or HR can see the live view");
    if (!wantsEventStream(req)) {
      return Response.json(await liveViewUnscoped(db, meeting), { headers: { "cache-control": "no-store" } });
    }
    return pollingEventStream({
      signal: req.signal,
      poll: () => attendanceVersion(db, meeting.id),
      change: async (version) => ({ event: "view", version, data: await liveViewUnscoped(db, meeting) }),
    });
  } catch (e) {
    return errorResponse(e);
  }
}
