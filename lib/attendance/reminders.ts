// The "attendance.reminders" loop: chat reminders per attendance group's settings (attendance_groups.reminders).
// Each tick reads where everyone in a reminding group stands yesterday and today (the board's dayStates: stored
// person-days, or the engine without punches), asks reminder-rules.ts what is due at `now`, and queues it through
// the one notification outbox. The outbox's natural key (kind × business date or period × person) makes a second
// tick, a second loop instance or a restart queue nothing new; the punch-in reminder shares the manager board's
// 提醒未打卡 key, so nobody gets both.
import "server-only";
import { and, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attendanceDays, employees } from "@/db/schema";
import type { GroupReminderSettings } from "@/db/schema/attendance";
import { appUrl, env } from "@/lib/env";
import { enqueueNotifications, type ChatNotification } from "@/lib/notifications/outbox";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { anyText } from "@/lib/sql-arrays";
import { addDays, businessDate } from "@/lib/time";
import { chatChannelsOf, dayStates, punchInNudge } from "./board";
import { periodOf, periodRange } from "./payroll-period";
import { payrollStartDay } from "./period-lock";
import { groupsOf } from "./recompute";
import { hours, totalsOf, type SheetDayInput } from "./sheet-codes";
import { CATCH_UP_MS, inQuietHours, morningAfter, reminderSettings, remindersDue, type DueReminder } from "./reminder-rules";

export const PUNCH_OUT_KIND = "attendance_punch_out";
export const MISSING_KIND = "attendance_missing_punch";
export const MONTH_SUMMARY_KIND = "attendance_month_summary";

const hhmm = (at: Date, tz: string) => new Intl.DateTimeFormat("zh-CN", { timeZone: tz, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
const monthDay = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

function message(channel: "wecom" | "dingtalk", employeeId: number, r: DueReminder, dueAt: string | null, tz: string): ChatNotification {
  if (r.kind === "punch_in") return punchInNudge(channel, employeeId, r.businessDate, dueAt);
  if (r.kind === "punch_out") {
    return {
      channel,
      recipientEmployeeId: employeeId,
      kind: PUNCH_OUT_KIND,
      dedupeKey: `${PUNCH_OUT_KIND}:${r.businessDate}:${employeeId}`,
      payload: {
        title: "记得打下班卡",
        description: `下班时间 ${hhmm(r.dueAt, tz)}，离开前请在「考勤」里打下班卡。`,
        url: `${appUrl()}/attendance`,
        buttonText: "去打卡",
        businessDate: r.businessDate,
      },
    };
  }
  return {
    channel,
    recipientEmployeeId: employeeId,
    kind: MISSING_KIND,
    dedupeKey: `${MISSING_KIND}:${r.businessDate}:${employeeId}`,
    payload: {
      title: "昨天有缺卡 — 去补卡",
      description: `${monthDay(r.businessDate)}的考勤有缺卡，如确有出勤请在「考勤」里申请补卡。`,
      url: `${appUrl()}/attendance?month=${r.businessDate.slice(0, 7)}`,
      buttonText: "去补卡",
      businessDate: r.businessDate,
    },
  };
}

/** Active people whose attendance group has reminders on, with the group's settings. */
async function remindedPeople(db: Db): Promise<Map<number, GroupReminderSettings>> {
  const ids = (await db.select({ id: employees.id }).from(employees).where(sql`${employees.status} = 'active'`)).map((r) => r.id);
  const groups = await groupsOf(db, ids);
  const out = new Map<number, GroupReminderSettings>();
  for (const [id, g] of groups) {
    if (!g) continue;
    const s = reminderSettings(g.reminders);
    if (s.enabled) out.set(id, s);
  }
  return out;
}

/** Each person's summary of the payroll period that ended yesterday, the morning after (once per person × period). */
async function monthSummaries(db: Db, people: Map<number, GroupReminderSettings>, channels: Map<number, "wecom" | "dingtalk">, now: Date, tz: string): Promise<ChatNotification[]> {
  const today = businessDate(now, tz);
  const yesterday = addDays(today, -1);
  const startDay = await payrollStartDay(db);
  const period = periodOf(yesterday, startDay);
  if (periodOf(today, startDay) === period) return [];
  const due = [...people].filter(([id, s]) => {
    if (!s.monthSummary || !channels.has(id)) return false;
    const at = morningAfter(yesterday, s, tz);
    const age = now.getTime() - at.getTime();
    return age >= 0 && age < 4 * CATCH_UP_MS && !inQuietHours(now, s, tz);
  });
  if (!due.length) return [];
  const { from, to } = periodRange(period, startDay);
  const rows = await db
    .select({
      employeeId: attendanceDays.employeeId,
      businessDate: attendanceDays.businessDate,
      dayType: attendanceDays.dayType,
      shiftId: attendanceDays.shiftId,
      statuses: attendanceDays.statuses,
      lateMinutes: attendanceDays.lateMinutes,
      earlyLeaveMinutes: attendanceDays.earlyLeaveMinutes,
      workedMinutes: attendanceDays.workedMinutes,
      leaveMinutes: attendanceDays.leaveMinutes,
      overtimeWorkdayMinutes: attendanceDays.overtimeWorkdayMinutes,
      overtimeRestDayMinutes: attendanceDays.overtimeRestDayMinutes,
      overtimeHolidayMinutes: attendanceDays.overtimeHolidayMinutes,
      detail: attendanceDays.detail,
    })
    .from(attendanceDays)
    .where(and(inArray(attendanceDays.employeeId, due.map(([id]) => id)), gte(attendanceDays.businessDate, from), lte(attendanceDays.businessDate, to)));
  // The HR sheet's totals over the same stored person-days, so the summary says what HR's sheet says.
  const byPerson = new Map<number, SheetDayInput[]>();
  for (const r of rows) {
    const slots = (r.detail as { slots?: { status: string }[] }).slots;
    byPerson.set(r.employeeId, [...(byPerson.get(r.employeeId) ?? []), { ...r, slots: Array.isArray(slots) ? slots : undefined }]);
  }
  return [...byPerson].map(([employeeId, days]) => {
    const t = totalsOf(days);
    const leave = hours(Object.values(t.leaveMinutes).reduce((a, b) => a + b, 0));
    return {
      channel: channels.get(employeeId)!,
      recipientEmployeeId: employeeId,
      kind: MONTH_SUMMARY_KIND,
      dedupeKey: `${MONTH_SUMMARY_KIND}:${period}:${employeeId}`,
      payload: {
        title: `${Number(period.slice(5, 7))}月考勤汇总`,
        description:
          `${monthDay(from)}至${monthDay(to)}：应出勤 ${t.expectedDays} 天，出勤 ${t.attendedDays} 天，迟到 ${t.lateCount} 次（${t.lateMinutes} 分钟），` +
          `早退 ${t.earlyLeaveCount} 次，缺卡 ${t.missingPunches} 次，旷工 ${t.absentDays} 天${leave > 0 ? `，请假 ${leave} 小时` : ""}。`,
        url: `${appUrl()}/attendance?month=${period}`,
        buttonText: "查看明细",
        period,
      },
    };
  });
}

/**
 * The reminders not in the outbox yet. Until a person punches, every tick of the day finds their punch-in reminder
 * due again; reading which keys are queued already is one indexed read, where offering all of them to the insert
 * again cost ~2 s a tick at 10,000 people (bench/attendance-reminders.ts). The insert's ON CONFLICT DO NOTHING stays
 * the guarantee (a second instance may queue one between the read and the insert).
 */
async function notQueued(db: Db, list: ChatNotification[]): Promise<ChatNotification[]> {
  if (!list.length) return list;
  const have = new Set<string>();
  for (let i = 0; i < list.length; i += 5000) {
    const keys = list.slice(i, i + 5000).map((n) => n.dedupeKey);
    const r = await db.execute(sql`select dedupe_key as k from notification_outbox where ${anyText(sql`dedupe_key`, keys)}`);
    for (const row of rowsOf<{ k: string }>(r)) have.add(row.k);
  }
  return have.size ? list.filter((n) => !have.has(n.dedupeKey)) : list;
}

/**
 * One pass at `now` (tests pass their own clock): queue every reminder due now. Returns how many were new; running
 * it again at the same minute, or from a second instance, returns 0.
 */
export async function runAttendanceReminders(db: Db, now = new Date()): Promise<number> {
  const tz = env().ORG_TIMEZONE;
  const people = await remindedPeople(db);
  if (!people.size) return 0;
  const ids = [...people.keys()];
  const today = businessDate(now, tz);
  const dates = [addDays(today, -1), today];
  const [states, channels] = await Promise.all([dayStates(db, ids, dates, now), chatChannelsOf(db, ids)]);
  const list: ChatNotification[] = [];
  for (const id of ids) {
    const channel = channels.get(id);
    if (!channel) continue;
    for (const date of dates) {
      const s = states.get(`${id}:${date}`);
      if (!s) continue;
      const due = remindersDue({ businessDate: date, shiftKind: s.shiftKind, statuses: s.statuses, slots: s.slots }, people.get(id)!, now, tz);
      for (const r of due) list.push(message(channel, id, r, s.dueAt, tz));
    }
  }
  list.push(...(await monthSummaries(db, people, channels, now, tz)));
  const fresh = await notQueued(db, list);
  const queued = fresh.length ? await enqueueNotifications(db, fresh) : 0;
  if (queued > 0) void import("@/lib/jobs/runtime").then((r) => r.wakeLoop("notifications.send")); // lazy: runtime imports this module
  return queued;
}
