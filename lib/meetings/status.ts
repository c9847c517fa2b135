// Pure attendance status computation: evidence + thresholds + leave → status. No I/O, no clock of its own
// (the caller passes `now`), so the same inputs always give the same answer and late evidence just recomputes.

export type AttendanceStatus = "pending" | "on_time" | "late" | "early_leave" | "absent" | "on_leave";

export interface MeetingRules {
  startsAt: Date;
  endsAt: Date;
  lateAfterMinutes: number;
  earlyLeaveMinutes: number;
  /** 签退: in-person attendees must check out in the window [end − opensBefore, end + closesAfter]. */
  checkoutRequired?: boolean;
  checkoutOpensBeforeEndMinutes?: number;
  checkoutClosesAfterEndMinutes?: number;
}

export interface Interval {
  joinedAt: Date;
  leftAt: Date | null; // null: still in the meeting
}

export interface Evidence {
  /** Point check-ins (QR, geofence, manual, import without a leave time): the instant of the check-in. */
  checkIns: Date[];
  /** Video/import presence intervals. */
  sessions: Interval[];
  /** The in-person check-out (签退), when the meeting requires one. */
  checkOutAt?: Date | null;
  /** An HR-entered leave overlapping the meeting. */
  onLeave: boolean;
  /** An organiser's explicit decision wins over computed evidence. */
  manualStatus?: Exclude<AttendanceStatus, "pending"> | null;
}

export interface ComputedAttendance {
  status: AttendanceStatus;
  checkedInAt: Date | null;
  firstJoinAt: Date | null;
  lastLeaveAt: Date | null;
  checkedOutAt: Date | null;
  lateMinutes: number;
  /** Minutes before the end that the last leave happened (early leave only). */
  leftEarlyMinutes: number;
}

/** Merge overlapping or touching intervals; an open interval swallows everything after its start. */
export function mergeSessions(sessions: Interval[]): Interval[] {
  const sorted = [...sessions].sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  const out: Interval[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && (last.leftAt === null || s.joinedAt.getTime() <= last.leftAt.getTime())) {
      if (last.leftAt !== null) last.leftAt = s.leftAt === null ? null : new Date(Math.max(last.leftAt.getTime(), s.leftAt.getTime()));
    } else {
      out.push({ joinedAt: s.joinedAt, leftAt: s.leftAt });
    }
  }
  return out;
}

const MIN = 60_000;

export function computeAttendance(rules: MeetingRules, ev: Evidence, now: Date): ComputedAttendance {
  const merged = mergeSessions(ev.sessions);
  const firstJoinAt = merged.length ? merged[0].joinedAt : null;
  const open = merged.some((s) => s.leftAt === null);
  const lastLeaveAt = merged.length && !open ? merged[merged.length - 1].leftAt : null;
  const points = ev.checkIns.map((d) => d.getTime());
  if (firstJoinAt) points.push(firstJoinAt.getTime());
  const checkedInAt = points.length ? new Date(Math.min(...points)) : null;

  const start = rules.startsAt.getTime();
  const end = rules.endsAt.getTime();
  const lateMs = checkedInAt ? checkedInAt.getTime() - start : 0;
  const lateMinutes = checkedInAt && lateMs > rules.lateAfterMinutes * MIN ? Math.ceil(lateMs / MIN) : 0;
  const checkedOutAt = ev.checkOutAt ?? null;
  const base = { checkedInAt, firstJoinAt, lastLeaveAt, checkedOutAt, lateMinutes, leftEarlyMinutes: 0 };

  if (ev.manualStatus) return { ...base, status: ev.manualStatus };
  if (!checkedInAt) {
    if (ev.onLeave) return { ...base, status: "on_leave" };
    return { ...base, status: now.getTime() >= end ? "absent" : "pending" };
  }
  // 签退 (in person: point check-ins and no video presence): a check-out before the window opens is early leave;
  // none at all is early leave once the window has closed. Until then the person counts as present.
  if (rules.checkoutRequired && merged.length === 0) {
    const w = checkOutWindow(rules as CheckOutRules);
    if (checkedOutAt ? checkedOutAt < w.opensAt : now >= w.closesAt) {
      const leftEarly = checkedOutAt ? Math.max(0, Math.floor((end - checkedOutAt.getTime()) / MIN)) : 0;
      return { ...base, status: "early_leave", leftEarlyMinutes: leftEarly };
    }
    return { ...base, status: lateMinutes > 0 ? "late" : "on_time" };
  }
  // Early leave: presence known from sessions, all closed, and the last one ended more than K minutes early.
  // A point check-in (or a check-out) after the last leave (came back in person) cancels it.
  if (lastLeaveAt && merged.length) {
    const lastPresence = Math.max(lastLeaveAt.getTime(), ...ev.checkIns.map((d) => d.getTime()), checkedOutAt?.getTime() ?? 0);
    if (lastPresence === lastLeaveAt.getTime() && end - lastLeaveAt.getTime() > rules.earlyLeaveMinutes * MIN) {
      return { ...base, status: "early_leave", leftEarlyMinutes: Math.floor((end - lastLeaveAt.getTime()) / MIN) };
    }
  }
  return { ...base, status: lateMinutes > 0 ? "late" : "on_time" };
}

/** When check-in is open: from N minutes before the start until the end. */
export function checkInWindow(m: { startsAt: Date; endsAt: Date; openBeforeMinutes: number }): { opensAt: Date; closesAt: Date } {
  return { opensAt: new Date(m.startsAt.getTime() - m.openBeforeMinutes * MIN), closesAt: m.endsAt };
}

export function isWindowOpen(m: { startsAt: Date; endsAt: Date; openBeforeMinutes: number }, now: Date): boolean {
  const w = checkInWindow(m);
  return now >= w.opensAt && now <= w.closesAt;
}

export type CheckOutRules = { endsAt: Date; checkoutRequired?: boolean; checkoutOpensBeforeEndMinutes?: number; checkoutClosesAfterEndMinutes?: number };

/** The check-out (签退) window: from N minutes before the end to M minutes after it. */
export function checkOutWindow(m: CheckOutRules): { opensAt: Date; closesAt: Date } {
  const end = m.endsAt.getTime();
  return { opensAt: new Date(end - (m.checkoutOpensBeforeEndMinutes ?? 10) * MIN), closesAt: new Date(end + (m.checkoutClosesAfterEndMinutes ?? 30) * MIN) };
}

export function isCheckOutWindowOpen(m: CheckOutRules, now: Date): boolean {
  if (!m.checkoutRequired) return false;
  const w = checkOutWindow(m);
  return now >= w.opensAt && now <= w.closesAt;
}

/** When a meeting's statuses are settled (absences written, rates final): its end, or the close of its check-out window. */
export function settlesAt(m: CheckOutRules): Date {
  return m.checkoutRequired ? checkOutWindow(m).closesAt : m.endsAt;
}
