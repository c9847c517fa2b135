// 日历调整: HR reads the org calendar a month at a time (five day types, package vs HR source) and marks or clears a
// company-specific day. The save is editCompanyDay / removeCompanyDay (they enqueue the recompute of the person-days
// stored on that date); the preview is the same save rolled back (./impact.ts).
import "server-only";
import { and, eq, gte, lte } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { calendarDays } from "@/db/schema";
import { DAY_TYPES } from "@/db/schema/attendance";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { addDays } from "@/lib/time";
import { packageDayType, type DayType } from "../calendar";
import { editCompanyDay, removeCompanyDay } from "../calendar-refresh";
import { personDaysOn } from "../recompute";
import { periodDays } from "../sheet-codes";
import { assertCanEditAttendanceSettings, impactOf, saveOrPreview, type Impact } from "./impact";

export const monthParam = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, "month must be YYYY-MM");

export const calendarDayBody = z
  .object({
    date: z.iso.date("date 必须是 YYYY-MM-DD 日期").refine((d) => d >= "2000-01-01" && d <= "2099-12-31", "date 超出 2000–2099"),
    /** null: clear HR's mark (the package's type returns). */
    dayType: z.enum(DAY_TYPES, "dayType 必须是 workday、weekend、statutory_holiday、in_lieu_rest 或 makeup_workday 之一").nullable(),
    name: z.string().trim().max(40, "名称最多 40 个字").nullish(),
    preview: z.boolean().default(false),
  })
  .strict();

export interface CalendarDayView {
  date: string;
  dayType: DayType;
  name: string | null;
  source: "chinese-days" | "hr";
}

/** Every day of `month` (YYYY-MM): stored rows first, the package for dates not stored. */
export async function calendarMonth(db: Db, viewer: Viewer, month: string): Promise<CalendarDayView[]> {
  assertCanEditAttendanceSettings(viewer);
  const { from, to: last } = periodDays(month, 1);
  const rows = new Map((await db.select().from(calendarDays).where(and(gte(calendarDays.date, from), lte(calendarDays.date, last)))).map((r) => [r.date, r]));
  const out: CalendarDayView[] = [];
  for (let d = from; d <= last; d = addDays(d, 1)) {
    const r = rows.get(d);
    const p = r ? null : packageDayType(d);
    out.push(r ? { date: d, dayType: r.dayType, name: r.name, source: r.source } : { date: d, dayType: p!.dayType, name: p!.name ?? null, source: "chinese-days" });
  }
  return out;
}

export interface CalendarSaveResult {
  day: CalendarDayView;
  changed: boolean;
  impact: Impact;
}

/** Mark (dayType) or clear (null) a company day; `preview` answers the same without keeping anything. */
export async function saveCalendarDay(db: Db, viewer: Viewer, input: z.infer<typeof calendarDayBody>): Promise<CalendarSaveResult & { preview: boolean }> {
  assertCanEditAttendanceSettings(viewer);
  return saveOrPreview(db, input.preview, async (tx) => {
    const [before] = await calendarMonthDay(tx, input.date);
    const r = input.dayType ? await editCompanyDay(tx, { date: input.date, dayType: input.dayType, name: input.name ?? null, editedBy: viewer.employeeId }) : await removeCompanyDay(tx, input.date);
    const [after] = await calendarMonthDay(tx, input.date);
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    const impact = await impactOf(tx, r.changed ? await personDaysOn(tx, [input.date]) : [], r.queued, input.date);
    if (changed) await writeAudit(tx, viewer, "attendance.calendar.day", { type: "calendar_day", id: input.date }, { from: before, to: after, personDays: impact.personDays });
    return { day: after, changed, impact };
  });
}

async function calendarMonthDay(db: Db, date: string): Promise<CalendarDayView[]> {
  const rows = await db.select().from(calendarDays).where(eq(calendarDays.date, date));
  if (rows[0]) return [{ date, dayType: rows[0].dayType, name: rows[0].name, source: rows[0].source }];
  const p = packageDayType(date);
  return [{ date, dayType: p.dayType, name: p.name ?? null, source: "chinese-days" }];
}
