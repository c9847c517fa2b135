// Vendor-side attendance edits for tests and the console: POST one command (lib/vendors/sim/attendance.ts
// attendanceCommand): {op:"correct", vendor, userid, date, slot, time} changes a record (a 补卡), {op:"delete", …}
// removes one, {op:"add", vendor, userid, time, checkType} adds one, {op:"reset"} drops every edit,
// {op:"forget-uploads", vendor} removes what the upload APIs (the bridge) wrote.
import { notFoundResponse, simulatorActive } from "@/lib/vendors/sim/common";
import { applyAttendanceCommand, attendanceCommand, SimAttendanceError } from "@/lib/vendors/sim/attendance";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(req: Request): Promise<Response> {
  if (!simulatorActive("any")) return notFoundResponse();
  const parsed = attendanceCommand.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "bad_request", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, { status: 400 });
  try {
    return Response.json({ ok: true, ...applyAttendanceCommand(parsed.data) });
  } catch (e) {
    if (e instanceof SimAttendanceError) return Response.json({ error: "bad_request", message: e.message }, { status: 400 });
    throw e;
  }
}
