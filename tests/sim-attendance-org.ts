// The simulator's demo organisation in a test database, ready for attendance against the vendors: both directories
// synced (people with their WeCom and DingTalk identities), the 2026 calendar, and a 标准班 (09:00–18:00, lunch
// 12:00–13:00, 5 minutes' grace, serious late 30, absent-late 120) group covering every root department.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attendanceGroupMembers, attendanceGroups, departments, shifts } from "@/db/schema";
import { refreshCalendar } from "@/lib/attendance/calendar";
import { syncOrganisation } from "@/lib/org/run";
import { simulatorFetch } from "@/lib/vendors/sim/fetch";
import { resetSim } from "@/lib/vendors/sim/state";

export async function seedSimAttendanceOrg(db: Db): Promise<{ shiftId: number; groupId: number }> {
  resetSim("demo");
  const http = { fetch: simulatorFetch, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000 };
  await syncOrganisation(db, "wecom", { http });
  await syncOrganisation(db, "dingtalk", { http });
  await refreshCalendar(db, { years: [2026] });
  const [standard] = await db
    .insert(shifts)
    .values({ name: "标准班", kind: "fixed", sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }], graceMinutes: 5, seriousLateMinutes: 30, absentLateMinutes: 120 })
    .returning({ id: shifts.id });
  const [group] = await db.insert(attendanceGroups).values({ name: "标准班组", defaultShiftId: standard.id }).returning({ id: attendanceGroups.id });
  const roots = await db.select({ id: departments.id }).from(departments).where(sql`${departments.path} ~ '^/[0-9]+/$'`);
  if (roots.length) await db.insert(attendanceGroupMembers).values(roots.map((r) => ({ groupId: group.id, departmentId: r.id })));
  return { shiftId: standard.id, groupId: group.id };
}
