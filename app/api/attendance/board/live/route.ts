// GET /api/attendance/board/live: the board as Server-Sent Events, the way the meeting live view streams
// (app/api/meetings/[id]/live): a cheap version check every second, the full snapshot only when it moved — so a
// punch shows within about a second. Without `Accept: text/event-stream` it answers one snapshot (the polling
// fallback). Same scope and ?department as GET /api/attendance/board. ?events=version sends `event: version` with
// {version} only (the phone page re-renders on the server, router.refresh, and needs no snapshot).
import { getDb } from "@/db/client";
import { attendanceBoard, boardScope, boardVersion, scopePeople } from "@/lib/attendance/board";
import { parseBoardQuery } from "@/lib/attendance/board-http";
import { requireApiViewer } from "@/lib/auth/session";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

const POLL_MS = 1000;
const SCOPE_REFRESH_MS = 60_000; // people join and leave the scope (org sync): re-read them once a minute
const MAX_STREAM_MS = 10 * 60_000; // the browser's EventSource reconnects after this

export async function GET(req: Request): Promise<Response> {
  try {
    const viewer = await requireApiViewer();
    const q = parseBoardQuery(req.url);
    const db = await getDb();
    const first = await attendanceBoard(db, viewer, { departmentId: q.department });
    if (!(req.headers.get("accept") ?? "").includes("text/event-stream")) {
      return Response.json(first, { headers: { "cache-control": "no-store" } });
    }
    const enc = new TextEncoder();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const started = Date.now();
    let ids: number[] = [];
    let idsAt = 0;
    let date = first.date;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        let last = first.version;
        const versionsOnly = q.events === "version";
        const send = (b: typeof first) =>
          controller.enqueue(enc.encode(versionsOnly ? `event: version\ndata: ${JSON.stringify({ version: b.version, generatedAt: b.generatedAt })}\n\n` : `event: board\ndata: ${JSON.stringify(b)}\n\n`));
        controller.enqueue(enc.encode("retry: 2000\n"));
        send(first);
        const tick = async () => {
          if (closed) return;
          try {
            if (Date.now() - idsAt > SCOPE_REFRESH_MS) {
              const scope = await boardScope(db, viewer, { departmentId: q.department });
              ids = (await scopePeople(db, scope)).map((p) => p.id);
              date = scope.date;
              idsAt = Date.now();
            }
            const v = await boardVersion(db, ids, date);
            if (v !== last && versionsOnly) {
              last = v;
              controller.enqueue(enc.encode(`event: version\ndata: ${JSON.stringify({ version: v, generatedAt: new Date().toISOString() })}\n\n`));
            } else if (v !== last) {
              const board = await attendanceBoard(db, viewer, { departmentId: q.department });
              last = board.version;
              date = board.date;
              send(board);
            } else {
              controller.enqueue(enc.encode(`: ping\n\n`));
            }
          } catch {
            controller.enqueue(enc.encode(`event: error\ndata: {}\n\n`));
          }
          if (Date.now() - started > MAX_STREAM_MS) {
            closed = true;
            controller.close();
            return;
          }
          timer = setTimeout(() => void tick(), POLL_MS);
        };
        req.signal.addEventListener("abort", () => {
          closed = true;
          if (timer) clearTimeout(timer);
          try {
            controller.close();
          } catch {
            /* already closed */
          }
        });
        timer = setTimeout(() => void tick(), POLL_MS);
      },
      cancel() {
        closed = true;
        if (timer) clearTimeout(timer);
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store, no-transform", "x-accel-buffering": "no" } });
  } catch (e) {
    return errorResponse(e);
  }
}
