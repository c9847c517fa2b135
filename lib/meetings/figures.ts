// The figures of a meeting, defined once. Every page (console list, console meeting, reports, the organiser's
// phone) reads them from here, so one meeting never shows two attendance rates.
//
// - people:     invitees, plus anyone with an attendance row who was not invited (a walk-in counts).
// - expected:   people − on leave (应到).
// - checkedIn:  on time + late + early leave (已签到).
// - notYet:     expected − checkedIn while the meeting is not final (未签到); after the end they are absent.
// - rates:      only once the meeting is final (absences written): attendance = checkedIn / expected,
//               lateness = late / checkedIn. Before that a rate would be a guess ("100%" with 1 of 8 checked in).

export type MeetingPhase = "upcoming" | "in_progress" | "final" | "cancelled";

export interface MeetingCounts {
  /** invitees ∪ people with a row */
  people: number;
  on_time: number;
  late: number;
  early_leave: number;
  absent: number;
  on_leave: number;
}

export interface MeetingFigures {
  phase: MeetingPhase;
  people: number;
  expected: number;
  checkedIn: number;
  late: number;
  earlyLeave: number;
  onLeave: number;
  /** not checked in yet (not final) */
  notYet: number;
  /** absent (final only; 0 before) */
  absent: number;
  attendanceRate: number | null;
  latenessRate: number | null;
}

export function meetingPhase(m: { status: string; startsAt: Date; finalizedAt: Date | null }, now = new Date()): MeetingPhase {
  if (m.status === "cancelled") return "cancelled";
  if (m.finalizedAt) return "final";
  if (m.startsAt > now) return "upcoming";
  return "in_progress";
}

export function meetingFigures(phase: MeetingPhase, c: MeetingCounts): MeetingFigures {
  const checkedIn = c.on_time + c.late + c.early_leave;
  const expected = Math.max(0, c.people - c.on_leave);
  const final = phase === "final";
  return {
    phase,
    people: c.people,
    expected,
    checkedIn,
    late: c.late,
    earlyLeave: c.early_leave,
    onLeave: c.on_leave,
    notYet: final ? 0 : Math.max(0, expected - checkedIn),
    absent: final ? c.absent : 0,
    attendanceRate: final && expected > 0 ? checkedIn / expected : null,
    latenessRate: final && checkedIn > 0 ? c.late / checkedIn : null,
  };
}
