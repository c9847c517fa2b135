// The demo company as the approval-flow tests use it: the China calendar for 2026–2027, the demo seed as of 07:00
// on `monday` (Asia/Shanghai), and the default flows (leave, 补卡, 加班, 会议请假).
import type { Db } from "@/db/client";
import { seedDemo } from "@/db/seed";
import { ensureDefaultFlows } from "@/lib/approvals/flows/seed";
import { refreshCalendar } from "@/lib/attendance/calendar";
import { zonedTimeToUtc } from "@/lib/time";

/** An instant on the demo company's wall clock. */
export const shanghai = (date: string, time: string) => zonedTimeToUtc(date, time, "Asia/Shanghai");

export async function seedApprovalsDemo(db: Db, monday: string): Promise<void> {
  await refreshCalendar(db, { years: [2026, 2027] });
  await seedDemo(db, { now: shanghai(monday, "07:00") });
  await ensureDefaultFlows(db);
}
