import { describe, expect, it } from "vitest";
import { meetingFigures, meetingPhase, type MeetingCounts } from "./figures";

const none: MeetingCounts = { people: 0, on_time: 0, late: 0, early_leave: 0, absent: 0, on_leave: 0 };
const at = (s: string) => new Date(s);
const now = at("2026-12-05T02:00:00Z");

describe("meetingPhase", () => {
  const cases: [string, { status: string; startsAt: Date; finalizedAt: Date | null }, string][] = [
    ["starts tomorrow", { status: "scheduled", startsAt: at("2026-12-06T01:00:00Z"), finalizedAt: null }, "upcoming"],
    ["started an hour ago", { status: "started", startsAt: at("2026-12-05T01:00:00Z"), finalizedAt: null }, "in_progress"],
    ["ended, absences not written yet", { status: "scheduled", startsAt: at("2026-12-04T01:00:00Z"), finalizedAt: null }, "in_progress"],
    ["finalized", { status: "ended", startsAt: at("2026-12-04T01:00:00Z"), finalizedAt: at("2026-12-04T03:00:00Z") }, "final"],
    ["cancelled before it started", { status: "cancelled", startsAt: at("2026-12-06T01:00:00Z"), finalizedAt: null }, "cancelled"],
  ];
  it.each(cases)("%s", (_name, m, want) => expect(meetingPhase(m, now)).toBe(want));
});

describe("meetingFigures", () => {
  it("1 of 8 checked in during the meeting: no rate, 7 not yet, nobody absent", () => {
    const f = meetingFigures("in_progress", { ...none, people: 8, on_time: 1 });
    expect(f).toMatchObject({ expected: 8, checkedIn: 1, notYet: 7, absent: 0, attendanceRate: null, latenessRate: null });
  });
  it("the same meeting once final: 1/8 attended, 7 absent", () => {
    const f = meetingFigures("final", { ...none, people: 8, on_time: 1, absent: 7 });
    expect(f).toMatchObject({ expected: 8, checkedIn: 1, notYet: 0, absent: 7, attendanceRate: 1 / 8, latenessRate: 0 });
  });
  it("people on leave are not expected", () => {
    const f = meetingFigures("final", { ...none, people: 10, on_time: 6, late: 2, on_leave: 2 });
    expect(f).toMatchObject({ expected: 8, checkedIn: 8, attendanceRate: 1, latenessRate: 0.25 });
  });
  it("early leave counts as checked in (present), not as absent", () => {
    const f = meetingFigures("final", { ...none, people: 4, on_time: 2, early_leave: 1, absent: 1 });
    expect(f).toMatchObject({ checkedIn: 3, attendanceRate: 0.75 });
  });
  it("a future meeting has no figures but its invitees", () => {
    const f = meetingFigures("upcoming", { ...none, people: 5 });
    expect(f).toMatchObject({ expected: 5, checkedIn: 0, notYet: 5, attendanceRate: null });
  });
  it("everyone on leave: no rate (not 0%, not 100%)", () => {
    const f = meetingFigures("final", { ...none, people: 3, on_leave: 3 });
    expect(f).toMatchObject({ expected: 0, attendanceRate: null, latenessRate: null });
  });
});
