// Payroll period arithmetic: named cases for start days 1, 26 and 28 across February, leap years and the year end,
// and properties: every date belongs to exactly one period (the one periodOf names), and periods are contiguous.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { periodOf, periodRange, shiftPeriod } from "./payroll-period";

const addDay = (d: string, n = 1) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe("periodRange", () => {
  const cases: { name: string; month: string; startDay: number; from: string; to: string; days: number }[] = [
    { name: "calendar month, 31 days", month: "2026-01", startDay: 1, from: "2026-01-01", to: "2026-01-31", days: 31 },
    { name: "calendar February, common year", month: "2026-02", startDay: 1, from: "2026-02-01", to: "2026-02-28", days: 28 },
    { name: "calendar February, leap year", month: "2028-02", startDay: 1, from: "2028-02-01", to: "2028-02-29", days: 29 },
    { name: "calendar December", month: "2026-12", startDay: 1, from: "2026-12-01", to: "2026-12-31", days: 31 },
    { name: "26th → 25th across the year end", month: "2027-01", startDay: 26, from: "2026-12-26", to: "2027-01-25", days: 31 },
    { name: "26th → 25th ending in December", month: "2026-12", startDay: 26, from: "2026-11-26", to: "2026-12-25", days: 30 },
    { name: "26th → 25th over a common February", month: "2026-03", startDay: 26, from: "2026-02-26", to: "2026-03-25", days: 28 },
    { name: "26th → 25th over a leap February", month: "2028-03", startDay: 26, from: "2028-02-26", to: "2028-03-25", days: 29 },
    { name: "26th → 25th ending in February", month: "2026-02", startDay: 26, from: "2026-01-26", to: "2026-02-25", days: 31 },
    { name: "28th → 27th over a common February", month: "2026-03", startDay: 28, from: "2026-02-28", to: "2026-03-27", days: 28 },
    { name: "28th → 27th over a leap February", month: "2028-03", startDay: 28, from: "2028-02-28", to: "2028-03-27", days: 29 },
    { name: "28th → 27th ending in February", month: "2028-02", startDay: 28, from: "2028-01-28", to: "2028-02-27", days: 31 },
    { name: "28th → 27th across the year end", month: "2027-01", startDay: 28, from: "2026-12-28", to: "2027-01-27", days: 31 },
    { name: "century non-leap February (2100)", month: "2100-03", startDay: 26, from: "2100-02-26", to: "2100-03-25", days: 28 },
  ];
  it.each(cases)("$name: $month from day $startDay is $from … $to", ({ month, startDay, from, to, days }) => {
    const r = periodRange(month, startDay);
    expect(r).toEqual({ from, to });
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1).toBe(days);
  });
});

describe("periodOf", () => {
  const cases: { date: string; startDay: number; period: string }[] = [
    { date: "2026-12-31", startDay: 1, period: "2026-12" },
    { date: "2027-01-01", startDay: 1, period: "2027-01" },
    { date: "2026-12-25", startDay: 26, period: "2026-12" },
    { date: "2026-12-26", startDay: 26, period: "2027-01" },
    { date: "2026-12-31", startDay: 26, period: "2027-01" },
    { date: "2027-01-25", startDay: 26, period: "2027-01" },
    { date: "2028-02-29", startDay: 26, period: "2028-03" },
    { date: "2028-02-27", startDay: 28, period: "2028-02" },
    { date: "2028-02-28", startDay: 28, period: "2028-03" },
    { date: "2028-02-29", startDay: 28, period: "2028-03" },
    { date: "2026-02-28", startDay: 28, period: "2026-03" },
  ];
  it.each(cases)("$date with start day $startDay is in $period", ({ date, startDay, period }) => {
    expect(periodOf(date, startDay)).toBe(period);
  });
});

describe("properties", () => {
  const date = fc.integer({ min: Date.UTC(2000, 1, 1), max: Date.UTC(2099, 10, 1) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
  const startDay = fc.integer({ min: 1, max: 28 });

  it("every date belongs to exactly one period: the one periodOf names, and not its neighbours", () => {
    fc.assert(
      fc.property(date, startDay, (d, s) => {
        const p = periodOf(d, s);
        const inside = [shiftPeriod(p, -1), p, shiftPeriod(p, 1)].filter((m) => {
          const r = periodRange(m, s);
          return r.from <= d && d <= r.to;
        });
        expect(inside).toEqual([p]);
      }),
      { numRuns: 2_000 },
    );
  });

  it("periods are contiguous: each starts the day after the previous one ends, on the start day", () => {
    fc.assert(
      fc.property(date, startDay, (d, s) => {
        const p = periodOf(d, s);
        const r = periodRange(p, s);
        const next = periodRange(shiftPeriod(p, 1), s);
        expect(next.from).toBe(addDay(r.to));
        expect(Number(r.from.slice(8))).toBe(s);
        expect(periodOf(r.from, s)).toBe(p);
        expect(periodOf(r.to, s)).toBe(p);
      }),
      { numRuns: 2_000 },
    );
  });
});
