// Plain data shapes passed from the meetings-ui pages to their client components (no db imports here).
import type { EditableMeeting } from "@/lib/meetings/meeting-edit";

export type EditMeetingResult =
  | { ok: true; changed: number; added: number; removed: number; seriesUpdated?: number }
  | { ok: false; message: string };

/** The edit form's meeting: the server's EditableMeeting with instants as ISO strings (client props are JSON). */
export type EditableMeetingView = Omit<EditableMeeting, "startsAt" | "endsAt" | "status"> & {
  startsAt: string; // ISO instant
  endsAt: string;
  ended: boolean;
};

export interface EmployeeOption {
  id: number;
  employeeNo: string;
  name: string;
  department: string | null;
}

export interface AbsenceOption {
  meetingId: number;
  title: string;
  startsAt: string;
  endsAt: string;
  employee: EmployeeOption;
}

export interface LeaveEffectView {
  meetingId: number;
  title: string;
  startsAt: string;
  before: string | null;
  after: string | null;
}

export type EnterLeaveResult = { ok: true; id: number; effects: LeaveEffectView[] } | { ok: false; message: string };
