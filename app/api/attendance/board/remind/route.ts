// POST /api/attendance/board/remind ("提醒未打卡"): one chat nudge to each person in the viewer's scope (or
// {department}) who has not punched in today, through the notification outbox; keyed per person per day, so a
// second tap queues nothing. Answers {date, total, queued, skipped, noAccount}.
import { z } from "zod";
import { getDb } from "@/db/client";
import { remindNotYet } from "@/lib/attendance/board";
import { remindBody } from "@/lib/attendance/board-http";
import { requireApiViewer } from "@/lib/auth/session";
import { badRequest, errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  try {
    const viewer = await requireApiViewer();
    const text = await req.text();
    let raw: unknown = {};
    if (text.trim()) {
      try {
        raw = JSON.parse(text);
      } catch {
        throw badRequest("request body must be JSON");
      }
    }
    const parsed = remindBody.safeParse(raw);
    if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
    const db = await getDb();
    const result = await db.transaction((tx) => remindNotYet(tx, viewer, { departmentId: parsed.data.department }));
    return Response.json(result, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    if (e instanceof z.ZodError) return Response.json({ error: "bad_request", message: e.message }, { status: 400 });
    return errorResponse(e);
  }
}
