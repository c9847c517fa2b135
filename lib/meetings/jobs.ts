// Scheduled work of the meetings domain, as one polling loop:
// - reminders N minutes before the start (WeCom textcard / DingTalk work notification with a check-in link);
// - one nudge M minutes after the start to invitees not checked in (and not on leave);
// - after the end, absences are written (finalizeMeeting), once per meeting.
// Each step has a watermark column on the meeting and the outbox dedupes per (kind, meeting, person).
import { and, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { meetings } from "@/db/schema";
import type { JobDefinition, LoopDefinition } from "@/lib/jobs/types";
import { appUrl } from "@/lib/env";
import { enqueueNotifications } from "@/lib/notifications/outbox";
import { dueForFinalize, finalizeMeeting } from "./mutations";

function timeLabel(d: Date, tz: string): string {
  return new Intl.DateTimeFormat("zh-CN", { timeZone: tz, month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
}

/** Queue chat messages for a set of a meeting's invitees, set-based; channel = the person's vendor account. */
async function queueFor(db: Db, m: typeof meetings.$inferSelect, kind: "meeting_reminder" | "checkin_nudge", onlyMissing: boolean): Promise<number> {
  const { env } = await import("@/lib/env");
  const tz = env().ORG_TIMEZONE;
  const url = `${appUrl()}/checkin?m=${m.id}`;
  const title = kind === "meeting_reminder" ? `会议提醒：${m.title}` : `你还未签到：${m.title}`;
  const description =
    kind === "meeting_reminder"
      ? `${timeLabel(m.startsAt, tz)} 开始${m.locationName ? ` · ${m.locationName}` : ""}。签到将在开始前 ${m.openBeforeMinutes} 分钟开放。`
      : `会议已于 ${timeLabel(m.startsAt, tz)} 开始，请尽快签到；如已请假请忽略。`;
  const payload = { title, description, url, buttonText: "去签到", meetingId: m.id };
  // Who gets it (set-based); the rows go in through the one notification outbox (lib/notifications).
  const res = await db.execute(sql`
    select i.employee_id as "employeeId",
           exists (select 1 from identities w where w.employee_id = i.employee_id and w.provider = 'wecom') as "wecom"
    from meeting_invitees i
    join employees e on e.id = i.employee_id and e.status = 'active'
    where i.meeting_id = ${m.id}
      and (${!onlyMissing} or not exists (select 1 from meeting_attendance a where a.meeting_id = i.meeting_id and a.employee_id = i.employee_id and (a.checked_in_at is not null or a.status = 'on_leave')))
      and (${!onlyMissing} or not exists (select 1 from leaves l where l.employee_id = i.employee_id and l.starts_at < ${m.endsAt.toISOString()}::timestamptz and l.ends_at > ${m.startsAt.toISOString()}::timestamptz))
      -- 会议请假: an approved excuse for this meeting silences the reminder too (lib/meetings/excuses.ts)
      and not exists (select 1 from meeting_excuses x where x.meeting_id = i.meeting_id and x.employee_id = i.employee_id and x.revoked_at is null)
    order by i.employee_id`);
  const rows = ((res as unknown as { rows?: unknown[] }).rows ?? (res as unknown as unknown[])) as { employeeId: number | string; wecom: boolean }[];
  return enqueueNotifications(
    db,
    rows.map((r) => ({
      channel: r.wecom ? "wecom" : "dingtalk",
      recipientEmployeeId: Number(r.employeeId),
      kind,
      dedupeKey: `${kind}:${m.id}:${Number(r.employeeId)}`,
      payload,
    })),
  );
}

/**
 * 签退提醒: when a meeting's check-out window opens, whoever checked in and has not checked out is sent the
 * check-out link, once (the outbox dedupes per meeting × person; people already sent one are skipped in SQL).
 */
export async function queueCheckoutReminders(db: Db, now: Date): Promise<number> {
  const { env } = await import("@/lib/env");
  const tz = env().ORG_TIMEZONE;
  const res = await db.execute(sql`
    select a.employee_id as "employeeId", m.id as "meetingId", m.title, m.ends_at as "endsAt", m.checkout_closes_after_end_minutes as "closesAfter",
           exists (select 1 from identities w where w.employee_id = a.employee_id and w.provider = 'wecom') as "wecom"
    from meetings m
    join meeting_attendance a on a.meeting_id = m.id
    where m.checkout_required and m.status <> 'cancelled' and m.finalized_at is null
      and m.ends_at - make_interval(mins => m.checkout_opens_before_end_minutes) <= ${now.toISOString()}::timestamptz
      and m.ends_at + make_interval(mins => m.checkout_closes_after_end_minutes) > ${now.toISOString()}::timestamptz
      and a.checked_in_at is not null and a.checked_out_at is null
      and not exists (select 1 from notification_outbox n where n.dedupe_key = 'checkout_reminder:' || m.id || ':' || a.employee_id)
    order by m.id, a.employee_id
    limit 2000`);
  type R = { employeeId: number | string; meetingId: number | string; title: string; endsAt: string | Date; closesAfter: number; wecom: boolean };
  const rows = ((res as unknown as { rows?: R[] }).rows ?? (res as unknown as R[])) as R[];
  return enqueueNotifications(
    db,
    rows.map((r) => {
      const closes = new Date(new Date(r.endsAt).getTime() + Number(r.closesAfter) * 60_000);
      return {
        channel: r.wecom ? "wecom" : "dingtalk",
        recipientEmployeeId: Number(r.employeeId),
        kind: "checkout_reminder",
        dedupeKey: `checkout_reminder:${Number(r.meetingId)}:${Number(r.employeeId)}`,
        payload: {
          title: `请签退：${r.title}`,
          description: `签退开放至 ${timeLabel(closes, tz)}。本会议需签退，签到后未签退将记为早退。`,
          url: `${appUrl()}/checkin?m=${Number(r.meetingId)}&a=out`,
          buttonText: "去签退",
          meetingId: Number(r.meetingId),
        },
      };
    }),
  );
}

export async function runMeetingSchedule(db: Db, now = new Date()): Promise<number> {
  let work = 0;
  const remind = await db
    .select()
    .from(meetings)
    .where(
      and(
        isNull(meetings.remindersQueuedAt),
        gt(meetings.remindBeforeMinutes, 0),
        sql`${meetings.status} <> 'cancelled'`,
        sql`${meetings.startsAt} - make_interval(mins => ${meetings.remindBeforeMinutes}) <= ${now.toISOString()}::timestamptz`,
        gt(meetings.startsAt, now),
      ),
    )
    .limit(20);
  for (const m of remind) {
    await db.transaction(async (tx) => {
      await queueFor(tx, m, "meeting_reminder", false);
      await tx.update(meetings).set({ remindersQueuedAt: now }).where(sql`${meetings.id} = ${m.id}`);
    });
    work++;
  }
  const nudge = await db
    .select()
    .from(meetings)
    .where(
      and(
        isNull(meetings.nudgesQueuedAt),
        gt(meetings.nudgeAfterMinutes, 0),
        sql`${meetings.status} <> 'cancelled'`,
        sql`${meetings.startsAt} + make_interval(mins => ${meetings.nudgeAfterMinutes}) <= ${now.toISOString()}::timestamptz`,
        gt(meetings.endsAt, now),
      ),
    )
    .limit(20);
  for (const m of nudge) {
    await db.transaction(async (tx) => {
      await queueFor(tx, m, "checkin_nudge", true);
      await tx.update(meetings).set({ nudgesQueuedAt: now }).where(sql`${meetings.id} = ${m.id}`);
    });
    work++;
  }
  if ((await queueCheckoutReminders(db, now)) > 0) work++;
  for (const m of await dueForFinalize(db, now)) {
    await db.transaction((tx) => finalizeMeeting(tx, m, now));
    work++;
  }
  if (work > 0) void import("@/lib/jobs/runtime").then((r) => r.wakeLoop("notifications.send")); // lazy: runtime imports this module
  return work;
}


// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const jobs: JobDefinition<any>[] = [];
export const loops: LoopDefinition[] = [{ name: "meetings.schedule", idleMs: 5_000, tick: ({ db }) => runMeetingSchedule(db) }];
