// GET /api/meetings/:id/live: the organiser's live view. With `Accept: text/event-stream` it streams
// Server-Sent Events: a cheap version check every second, the full view only when something changed.
import { getDb } from "@/db/client";
import { requireApiViewer } from "@/lib/auth/session";
import { errorResponse, forbidden } from "@/lib/errors";
import { attendanceVersion, getMeeting, liveViewUnscoped } from "@/lib/meetings/queries";
import { idParam } from "@/lib/meetings/http";

export const dynamic = "force-dynamic";

const POLL_MS = 1000;
const MAX_STREAM_MS = 10 * 60_000; // the browser's EventSource reconnects after this

export async function GET(req: Request, route: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const viewer = await requireApiViewer();
    const db = await getDb();
    const { id } = idParam.parse(await route.params);
    const { meeting, canManage } = await getMeeting(db, viewer, id);
    if (!canManage) throw forbidden("only the organiser or HR can see the live view");
    if (!(req.headers.get("accept") ?? "").includes("text/event-stream")) {
      return Response.json(await liveViewUnscoped(db, meeting), { headers: { "cache-control": "no-store" } });
    }
    const enc = new TextEncoder();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const started = Date.now();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        let last = "";
        const tick = async () => {
          if (closed) return;
          try {
            const v = await attendanceVersion(db, meeting.id);
            if (v !== last) {
              last = v;
              const view = await liveViewUnscoped(db, meeting);
              controller.enqueue(enc.encode(`event: view\ndata: ${JSON.stringify(view)}\n\n`));
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
        await tick();
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
