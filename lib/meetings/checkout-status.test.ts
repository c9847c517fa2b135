// 签退 status rules, table-driven: a meeting 10:00–11:00 (UTC here) that requires check-out in [10:50, 11:30].
import { describe, expect, it } from "vitest";
import { checkOutWindow, computeAttendance, isCheckOutWindowOpen, settlesAt, type AttendanceStatus, type Evidence } from "./status";

const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00Z`);
const rules = {
  startsAt: at("10:00"),
  endsAt: at("11:00"),
  lateAfterMinutes: 5,
  earlyLeaveMinutes: 10,
  checkoutRequired: true,
  checkoutOpensBeforeEndMinutes: 10,
  checkoutClosesAfterEndMinutes: 30,
};
const none: Evidence = { checkIns: [], sessions: [], onLeave: false };

type Row = { name: string; ev: Partial<Evidence>; now: string; status: AttendanceStatus; leftEarly?: number; required?: boolean };

const table: Row[] = [
  { name: "checked in on time, out in the window", ev: { checkIns: [at("09:58")], checkOutAt: at("10:55") }, now: "11:40", status: "on_time" },
  { name: "checked in late, out in the window: still late", ev: { checkIns: [at("10:12")], checkOutAt: at("11:05") }, now: "11:40", status: "late" },
  { name: "out at the window's first minute", ev: { checkIns: [at("09:58")], checkOutAt: at("10:50") }, now: "11:40", status: "on_time" },
  { name: "out at the window's last instant", ev: { checkIns: [at("09:58")], checkOutAt: at("11:30") }, now: "11:40", status: "on_time" },
  { name: "out before the window: early leave, minutes before the end", ev: { checkIns: [at("09:58")], checkOutAt: at("10:20") }, now: "10:21", status: "early_leave", leftEarly: 40 },
  { name: "out one second before the window", ev: { checkIns: [at("09:58")], checkOutAt: new Date(at("10:50").getTime() - 1000) }, now: "11:40", status: "early_leave", leftEarly: 10 },
  { name: "in, no check-out, window still open: present so far", ev: { checkIns: [at("09:58")] }, now: "11:10", status: "on_time" },
  { name: "in late, no check-out, meeting running: late so far", ev: { checkIns: [at("10:12")] }, now: "10:30", status: "late" },
  { name: "in, no check-out, window closed: early leave", ev: { checkIns: [at("09:58")] }, now: "11:30", status: "early_leave", leftEarly: 0 },
  { name: "in late, no check-out, window closed: early leave wins", ev: { checkIns: [at("10:12")] }, now: "12:00", status: "early_leave" },
  { name: "never came: pending while running, absent after the end", ev: {}, now: "10:30", status: "pending" },
  { name: "never came, after the end", ev: {}, now: "11:00", status: "absent" },
  { name: "on leave", ev: { onLeave: true }, now: "12:00", status: "on_leave" },
  { name: "the organiser's mark wins over a missing check-out", ev: { checkIns: [at("09:58")], manualStatus: "on_time" }, now: "12:00", status: "on_time" },
  { name: "video attendees are judged by their sessions, not by a room check-out", ev: { sessions: [{ joinedAt: at("09:59"), leftAt: at("11:00") }] }, now: "12:00", status: "on_time" },
  { name: "video attendee who left early is early leave", ev: { sessions: [{ joinedAt: at("09:59"), leftAt: at("10:30") }] }, now: "12:00", status: "early_leave", leftEarly: 30 },
  { name: "video attendee who left, then checked out in the room: present", ev: { sessions: [{ joinedAt: at("09:59"), leftAt: at("10:30") }], checkOutAt: at("10:58") }, now: "12:00", status: "on_time" },
  { name: "no check-out required: a check-in alone is on time", ev: { checkIns: [at("09:58")] }, now: "12:00", status: "on_time", required: false },
];

describe("computeAttendance with check-out (签退)", () => {
  it.each(table)("$name → $status", ({ ev, now, status, leftEarly, required }) => {
    const r = computeAttendance({ ...rules, checkoutRequired: required ?? true }, { ...none, ...ev }, at(now));
    expect(r.status).toBe(status);
    if (leftEarly !== undefined) expect(r.leftEarlyMinutes).toBe(leftEarly);
    expect(r.checkedOutAt).toEqual(ev.checkOutAt ?? null);
  });
});

describe("the check-out window", () => {
  it("opens N minutes before the end and closes M after; the meeting settles when it closes", () => {
    expect(checkOutWindow(rules)).toEqual({ opensAt: at("10:50"), closesAt: at("11:30") });
    expect(settlesAt(rules)).toEqual(at("11:30"));
    expect(settlesAt({ ...rules, checkoutRequired: false })).toEqual(at("11:00"));
  });
  it.each([
    ["10:49", false],
    ["10:50", true],
    ["11:00", true],
    ["11:30", true],
    ["11:31", false],
  ] as const)("at %s open=%s", (now, open) => {
    expect(isCheckOutWindowOpen(rules, at(now))).toBe(open);
    expect(isCheckOutWindowOpen({ ...rules, checkoutRequired: false }, at(now))).toBe(false);
  });
});
