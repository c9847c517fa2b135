// Plain data shapes passed from the meetings-ui pages to their client components (no db imports here).

export type EditMeetingResult =
  | { ok: true; changed: number; added: number; removed: number }
  | { ok: false; message: string };

export interface EditableMeetingView {
  id: number;
  title: string;
  startsAt: string; // ISO instant
  endsAt: string;
  locationName: string | null;
  latitude: number | null;
  longitude: number | null;
  radiusMeters: number | null;
  openBeforeMinutes: number;
  lateAfterMinutes: number;
  earlyLeaveMinutes: number;
  ended: boolean;
  inviteeCount: number;
  directInvitees: { id: number; employeeNo: string; name: string; department: string | null }[];
}

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
