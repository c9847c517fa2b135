// Simulator: what the app wrote into the simulated DingTalk — 待办 (GET ?unionId= filters) and attendance
// approvals (approvals/finish, approve/check; each with how many calls reached it).
import { z } from "zod";
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { simAttendanceApprovals, simTodos } from "@/lib/vendors/sim/dingtalk-todo";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const query = z.object({ unionId: z.string().max(64).optional() });

export async function GET(req: Request): Promise<Response> {
  if (!simulatorActive("dingtalk")) return notFoundResponse();
  const q = query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) return Response.json({ error: "bad_request", message: "unionId: a DingTalk unionId" }, { status: 400 });
  return Response.json({ todos: simTodos(q.data.unionId), attendanceApprovals: simAttendanceApprovals() });
}
