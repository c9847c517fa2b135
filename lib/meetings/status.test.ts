import { describe, expect, it } from "vitest";
import { businessDate, zonedTimeToUtc } from "@/lib/time";
import { computeAttendance, mergeSessions } from "./status";

const at = (iso: string) => new Date(iso);
const rules = { startsAt: at("2026-11-20T02:00:00Z"), endsAt: at("2026-11-20T03:00:00Z"), lateAfterMinutes: 5, earlyLeaveMinutes: 10 };
const none = { checkIns: [], sessions: [], onLeave: false };

describe("computeAttendance", () => {
  it("on time within the grace period, late after it", () => {
    expect(computeAttendance(rules, { ...none, checkIns: [at("2026-11-20T02:05:00Z")] }, at("2026-11-20T02:10:00Z")).status).toBe("on_time");
    const late = computeAttendance(rules, { ...none, checkIns: [at("2026-11-20T02:05:01Z")] }, at("2026-11-20T02:10:00Z"));
    expect(late.status).toBe("late");
    expect(late.lateMinutes).toBe(6);
  });
  it("pending before the end, absent after, on leave when HR entered a leave", () => {
    expect(computeAttendance(rules, none, at("2026-11-20T02:30:00Z")).status).toBe("pending");
    expect(computeAttendance(rules, none, at("2026-11-20T03:00:00Z")).status).toBe("absent");
    expect(computeAttendance(rules, { ...none, onLeave: true }, at("2026-11-20T04:00:00Z")).status).toBe("on_leave");
  });
  it("first join is the check-in; the last leave decides early leave; rejoining cancels it", () => {
    const s1 = { joinedAt: at("2026-11-20T01:58:00Z"), leftAt: at("2026-11-20T02:20:00Z") };
    const left = computeAttendance(rules, { ...none, sessions: [s1] }, at("2026-11-20T02:30:00Z"));
    expect(left.status).toBe("early_leave");
    expect(left.checkedInAt).toEqual(s1.joinedAt);
    expect(left.leftEarlyMinutes).toBe(40);
    const back = computeAttendance(rules, { ...none, sessions: [s1, { joinedAt: at("2026-11-20T02:25:00Z"), leftAt: at("2026-11-20T02:55:00Z") }] }, at("2026-11-20T03:10:00Z"));
    expect(back.status).toBe("on_time");
    const stillIn = computeAttendance(rules, { ...none, sessions: [s1, { joinedAt: at("2026-11-20T02:25:00Z"), leftAt: null }] }, at("2026-11-20T02:40:00Z"));
    expect(stillIn.status).toBe("on_time");
  });
  it("late evidence recomputes: an absent person whose join arrives later becomes late", () => {
    const after = at("2026-11-20T05:00:00Z");
    expect(computeAttendance(rules, none, after).status).toBe("absent");
    expect(computeAttendance(rules, { ...none, sessions: [{ joinedAt: at("2026-11-20T02:30:00Z"), leftAt: at("2026-11-20T03:00:00Z") }] }, after).status).toBe("late");
  });
  it("an earlier QR check-in wins over a later video join; manual status overrides", () => {
    const r = computeAttendance(rules, { ...none, checkIns: [at("2026-11-20T01:55:00Z")], sessions: [{ joinedAt: at("2026-11-20T02:30:00Z"), leftAt: null }] }, at("2026-11-20T02:40:00Z"));
    expect(r.status).toBe("on_time");
    expect(computeAttendance(rules, { ...none, manualStatus: "on_time" }, at("2026-11-20T05:00:00Z")).status).toBe("on_time");
  });
});

describe("mergeSessions", () => {
  it("merges overlapping and touching intervals, an open one swallows the rest", () => {
    const m = mergeSessions([
      { joinedAt: at("2026-01-01T10:00:00Z"), leftAt: at("2026-01-01T10:20:00Z") },
      { joinedAt: at("2026-01-01T10:10:00Z"), leftAt: at("2026-01-01T10:30:00Z") },
      { joinedAt: at("2026-01-01T10:30:00Z"), leftAt: at("2026-01-01T10:40:00Z") },
      { joinedAt: at("2026-01-01T11:00:00Z"), leftAt: null },
      { joinedAt: at("2026-01-01T11:05:00Z"), leftAt: at("2026-01-01T11:10:00Z") },
    ]);
    expect(m).toEqual([
      { joinedAt: at("2026-01-01T10:00:00Z"), leftAt: at("2026-01-01T10:40:00Z") },
      { joinedAt: at("2026-01-01T11:00:00Z"), leftAt: null },
    ]);
  });
});

describe("business dates", () => {
  it("a meeting at 00:30 Beijing time counts for that Beijing day, not the UTC one", () => {
    const start = zonedTimeToUtc("2026-11-21", "00:30", "Asia/Shanghai");
    expect(start.toISOString()).toBe("2026-11-20T16:30:00.000Z");
    expect(businessDate(start, "Asia/Shanghai")).toBe("2026-11-21");
  });
  it("DST zones: lateness is measured in real minutes across the spring-forward gap", () => {
    const start = zonedTimeToUtc("2026-03-08", "01:50", "America/New_York"); // DST starts 02:00 → 03:00
    const arrival = zonedTimeToUtc("2026-03-08", "03:00", "America/New_York"); // 10 real minutes later
    const r = computeAttendance({ startsAt: start, endsAt: new Date(start.getTime() + 3600_000), lateAfterMinutes: 5, earlyLeaveMinutes: 10 }, { ...none, checkIns: [arrival] }, arrival);
    expect(r.lateMinutes).toBe(10);
    expect(r.status).toBe("late");
    expect(businessDate(arrival, "America/New_York")).toBe("2026-03-08");
  });
});
