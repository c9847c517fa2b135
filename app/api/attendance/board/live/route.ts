// GET /api/attendance/board/live: the board as Server-Sent Events (lib/http/event-stream, like the meeting live view
// app/api/meetings/[id]/live): a cheap version check every second, the full snapshot only when it moved — so a
// punch shows within about a second. Without `Accept: text/event-stream` it answers one snapshot (the polling
// fallback). Same scope and ?department as GET /api/attendance/board. ?events=version sends `event: version` with
// {version} only (the phone page re-renders on the server, router.refresh, and needs no snapshot).
import { getDb } from "@/db/client";
import { attendanceBoard, boardScope, boardVersion, scopePeople, type BoardSnapshot } from "@/lib/attendance/board";
import { parseBoardQuery } from "@/lib/attendance/board-http";
import { requireApiViewer } from "@/lib/auth/session";
import { errorResponse } from "@/lib/errors";
import { pollingEventStream, wantsEventStream, type LiveChange } from "@/lib/http/event-stream";

export const dynamic = "force-dynamic";

const SCOPE_REFRESH_MS = 60_000; // people join and leave the scope (org sync): re-read them once a minute

export async function GET(req: Request): Promise<Response> {
  try {
    const viewer = await requireApiViewer();
    const q = parseBoardQuery(req.url);
    const db = await getDb();
    const first = await attendanceBoard(db, viewer, { departmentId: q.department });
    if (!wantsEventStream(req)) {
      return Response.json(first, { headers: { "cache-control": "no-store" } });
    }
    const versionsOnly = q.events === "version";
    const asEvent = (b: BoardSnapshot): LiveChange =>
      versionsOnly ? { event: "version", version: b.version, data: { version: b.version, generatedAt: b.generatedAt } } : { event: "board", version: b.version, data: b };
    let ids: number[] = [];
    let idsAt = 0;
    let date = first.date;
    return pollingEventStream({
      signal: req.signal,
      initial: asEvent(first),
      poll: async () => {
        if (Date.now() - idsAt > SCOPE_REFRESH_MS) {
          const scope = await boardScope(db, viewer, { departmentId: q.department });
          ids = (await scopePeople(db, scope)).map((p) => p.id);
          date = scope.date;
          idsAt = Date.now();
        }
        return boardVersion(db, ids, date);
      },
      change: async (version) => {
        if (versionsOnly) return { event: "version", version, data: { version, generatedAt: new Date().toISOString() } };
        const board = await attendanceBoard(db, viewer, { departmentId: q.department });
        date = board.date;
        return asEvent(board);
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}
