// The shift editor's form values (shared by the server page and the client editor: no "use client" here) and
// minutes ↔ "HH:MM".

export type Kind = "fixed" | "flexible" | "night" | "free";
export interface Section {
  start: number;
  end: number;
  rests: { start: number; end: number }[];
}
export interface ShiftForm {
  name: string;
  kind: Kind;
  sections: Section[];
  graceMinutes: number;
  seriousLateMinutes: number | null;
  absentLateMinutes: number | null;
  earlyLeaveGraceMinutes: number;
  halfDayMinutes: number | null;
  flexEarliestArrival: number | null;
  flexLatestArrival: number | null;
  requiredMinutes: number | null;
  dayStartMinutes: number;
  workdayOvertimeAfterMinutes: number | null;
}
export const NEW_SHIFT: ShiftForm = {
  name: "",
  kind: "fixed",
  sections: [{ start: 540, end: 1080, rests: [{ start: 720, end: 780 }] }],
  graceMinutes: 5,
  seriousLateMinutes: null,
  absentLateMinutes: null,
  earlyLeaveGraceMinutes: 0,
  halfDayMinutes: null,
  flexEarliestArrival: null,
  flexLatestArrival: null,
  requiredMinutes: null,
  dayStartMinutes: 0,
  workdayOvertimeAfterMinutes: null,
};

/** Minutes from 00:00 (≥ 1440: the next day) as the wall-clock "HH:MM". */
export const toHm = (m: number) => `${String(Math.floor((m % 1440) / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
