// 考勤 tab: my own meeting attendance for one month (business dates in the organisation's time zone).
// Scope: only the viewer's own invitations and attendance rows; organising a meeting is not attending it.
import "server-only";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { addDays, businessDate } from "@/lib/time";
import type { AttendanceStatus } from "./status";

export const monthParam = z.string().regex(/^2\d{3}-(0[1-9]|1[0-2])$/, "month must look like 2026-11 (years 2000–2999)");

const FINAL = ["on_time", "late", "early_leave", "absent", "on_leave"] as const;
type Final = (typeof FINAL)[number];

/** Where a meeting stands for me when it has no final status yet. */
export type Standing = Final | "upcoming" | "ongoing" | "awaiting";

export interface MyMonthItem {
  meetingId: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  locationName: string | null;
  standing: Standing;
  checkedInAt: Date | null;
  method: string | null;
}

export interface MyMonth {
  month: string;
  prevMonth: string;
  /** null when the month shown is the current one (later months hold nothing final). */
  nextMonth: string | null;
  isCurrent: boolean;
  totals: Record<Final, number> & { final: number; notYet: number; attendanceRate: number | null; latenessRate: number | null };
  days: { date: string; items: MyMonthItem[] }[];
}

function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split("-").map(Number);
  const i = y * 12 + (m - 1) + delta;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`;
}

interface Row {
  meeting_id: number | string;
  title: string;
  starts_at: Date | string;
  ends_at: Date | string;
  location_name: string | null;
  business_date: string;
  status: AttendanceStatus | null;
  checked_in_at: Date | string | null;
  method: string | null;
}

/**
 * My month: every non-cancelled meeting I was invited to (or have an attendance row for) whose business date
 * falls in `month` (default: the current month), with my status; totals count final statuses only, with the
 * same rates as the reports (attendance = present / (final − on leave); lateness = late / present).
 */
export async function myMonth(db: Db, viewer: Viewer, month?: string, now = new Date()): Promise<MyMonth> {
  const current = businessDate(now).slice(0, 7);
  const parsed = monthParam.safeParse(month ?? current);
  if (!parsed.success) throw new AppError("bad_request", 400, parsed.error.issues[0].message);
  const m = parsed.data;
  const from = `${m}-01`;
  const to = addDays(`${shiftMonth(m, 1)}-01`, -1);
  const res = await db.execute(sql`
    select m.id as meeting_id, m.title, m.starts_at, m.ends_at, m.location_name, m.business_date::text as business_date,
           a.status, a.checked_in_at, a.method
      from meetings m
      left join meeting_attendance a on a.meeting_id = m.id and a.employee_id = ${viewer.employeeId}
     where m.business_date between ${from}::date and ${to}::date
       and m.status <> 'cancelled'
       and (a.id is not null or exists (select 1 from meeting_invitees i where i.meeting_id = m.id and i.employee_id = ${viewer.employeeId}))
     order by m.starts_at desc, m.id desc
     limit 1000`);
  // Newest first from the database (a month with more than 1,000 meetings for one person keeps its latest), then
  // in time order for the per-day lists.
  const rows = (((res as unknown as { rows?: Row[] }).rows ?? (res as unknown as Row[])) as Row[]).slice().reverse();
  const counts = Object.fromEntries(FINAL.map((s) => [s, 0])) as Record<Final, number>;
  let notYet = 0;
  const byDay = new Map<string, MyMonthItem[]>();
  for (const r of rows) {
    const startsAt = new Date(r.starts_at);
    const endsAt = new Date(r.ends_at);
    let standing: Standing;
    if (r.status && (FINAL as readonly string[]).includes(r.status)) {
      standing = r.status as Final;
      counts[standing]++;
    } else {
      standing = now < startsAt ? "upcoming" : now < endsAt ? "ongoing" : "awaiting";
      notYet++;
    }
    const item: MyMonthItem = {
      meetingId: Number(r.meeting_id),
      title: r.title,
      startsAt,
      endsAt,
      locationName: r.location_name,
      standing,
      checkedInAt: r.checked_in_at ? new Date(r.checked_in_at) : null,
      method: r.method,
    };
    byDay.set(r.business_date, [...(byDay.get(r.business_date) ?? []), item]);
  }
  const final = FINAL.reduce((n, s) => n + counts[s], 0);
  const present = counts.on_time + counts.late + counts.early_leave;
  const expected = final - counts.on_leave;
  return {
    month: m,
    prevMonth: shiftMonth(m, -1),
    nextMonth: m < current ? shiftMonth(m, 1) : null,
    isCurrent: m === current,
    totals: { ...counts, final, notYet, attendanceRate: expected > 0 ? present / expected : null, latenessRate: present > 0 ? counts.late / present : null },
    // Newest day first: the month's latest meetings are what people look for.
    days: [...byDay].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([date, items]) => ({ date, items })),
  };
}
