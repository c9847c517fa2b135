import { describe, expect, it } from "vitest";
import { dayPart, formatDateTime, formatNumber, formatPercent, formatRelative, formatTime, formatTimeRange, hourInZone } from "./format";

const zh = { locale: "zh-CN" as const, timeZone: "Asia/Shanghai" };
const en = { locale: "en" as const, timeZone: "Asia/Shanghai" };

describe("time formatting in the organisation's time zone", () => {
  // 2026-11-22T17:30:00Z is 01:30 on Nov 23 in Shanghai: the wrong zone would show the wrong day.
  const lateUtc = new Date("2026-11-22T17:30:00Z");

  it("shows wall-clock time in ORG_TIMEZONE, not UTC", () => {
    expect(formatTime(lateUtc, zh)).toBe("01:30");
    expect(formatTime(lateUtc, { locale: "zh-CN", timeZone: "UTC" })).toBe("17:30");
  });

  it("puts an instant on the organisation's calendar day", () => {
    expect(formatDateTime(lateUtc, zh)).toContain("2026/11/23");
    expect(formatDateTime(lateUtc, en)).toContain("11/23/2026");
  });

  it("formats a range with a dash", () => {
    expect(formatTimeRange(new Date("2026-11-22T06:00:00Z"), new Date("2026-11-22T07:30:00Z"), zh)).toBe("14:00–15:30");
  });

  it("greets by the hour where the organisation is", () => {
    expect(hourInZone(lateUtc, "Asia/Shanghai")).toBe(1);
    expect(dayPart(new Date("2026-11-22T01:00:00Z"), "Asia/Shanghai")).toBe("morning"); // 09:00
    expect(dayPart(new Date("2026-11-22T04:00:00Z"), "Asia/Shanghai")).toBe("noon"); // 12:00
    expect(dayPart(new Date("2026-11-22T07:00:00Z"), "Asia/Shanghai")).toBe("afternoon"); // 15:00
    expect(dayPart(new Date("2026-11-22T12:00:00Z"), "Asia/Shanghai")).toBe("evening"); // 20:00
  });
});

describe("relative time and numbers", () => {
  const now = new Date("2026-11-22T08:00:00Z");
  it("says 刚刚 under a minute and counts minutes and hours", () => {
    expect(formatRelative(new Date(now.getTime() - 20_000), now, "zh-CN")).toBe("刚刚");
    expect(formatRelative(new Date(now.getTime() - 3 * 60_000), now, "zh-CN")).toBe("3分钟前");
    expect(formatRelative(new Date(now.getTime() + 2 * 3600_000), now, "en")).toBe("in 2 hours");
  });
  it("groups digits and formats percentages", () => {
    expect(formatNumber(12345, "en")).toBe("12,345");
    expect(formatNumber(12345, "zh-CN", { compact: true })).toBe("1.2万");
    expect(formatPercent(0.923, "zh-CN")).toBe("92.3%");
  });
});
