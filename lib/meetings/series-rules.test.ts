// Occurrence generation of recurring meetings: table-driven cases, then properties (fast-check) of the date
// mapping in the organisation's time zone, month ends and DST zones included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { businessDate } from "@/lib/time-core";
import { MAX_OCCURRENCES, occurrenceAt, occurrenceDates, occurrences, wallInstant, wallOf, type Frequency } from "./series-rules";

describe("occurrenceDates", () => {
  it.each([
    ["weekly", "2026-12-07", 4, ["2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"]],
    ["weekly across a year end", "2026-12-28", 3, ["2026-12-28", "2027-01-04", "2027-01-11"]],
    ["biweekly", "2026-12-07", 3, ["2026-12-07", "2026-12-21", "2027-01-04"]],
    ["monthly on the 31st clamps to month ends, then returns", "2027-01-31", 4, ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"]],
    ["monthly on the 29th in a leap year", "2028-01-29", 3, ["2028-01-29", "2028-02-29", "2028-03-29"]],
    ["monthly on the 30th across February", "2026-11-30", 4, ["2026-11-30", "2026-12-30", "2027-01-30", "2027-02-28"]],
    ["monthly across a year end", "2026-11-15", 3, ["2026-11-15", "2026-12-15", "2027-01-15"]],
    ["none", "2026-12-07", 0, []],
  ] as const)("%s", (name, start, count, want) => {
    const freq = (name.startsWith("monthly") ? "monthly" : name.startsWith("biweekly") ? "biweekly" : "weekly") as Frequency;
    expect(occurrenceDates(start, freq, count)).toEqual(want);
  });
  it("at most a year of weekly meetings", () => {
    expect(occurrenceDates("2026-01-01", "weekly", 500)).toHaveLength(MAX_OCCURRENCES);
  });
});

describe("occurrence instants in ORG_TIMEZONE", () => {
  it.each([
    ["Shanghai 09:00–10:00", "2026-12-07", "09:00", "10:00", "Asia/Shanghai", "2026-12-07T01:00:00.000Z", "2026-12-07T02:00:00.000Z"],
    ["Shanghai 00:30 stays on its Beijing day", "2026-12-07", "00:30", "01:30", "Asia/Shanghai", "2026-12-06T16:30:00.000Z", "2026-12-06T17:30:00.000Z"],
    ["an evening meeting past midnight ends the next day", "2026-12-07", "23:00", "00:30", "Asia/Shanghai", "2026-12-07T15:00:00.000Z", "2026-12-07T16:30:00.000Z"],
    ["New York keeps 09:00 across the DST change (EST)", "2026-03-02", "09:00", "10:00", "America/New_York", "2026-03-02T14:00:00.000Z", "2026-03-02T15:00:00.000Z"],
    ["New York keeps 09:00 across the DST change (EDT)", "2026-03-09", "09:00", "10:00", "America/New_York", "2026-03-09T13:00:00.000Z", "2026-03-09T14:00:00.000Z"],
    ["a time in the spring-forward gap moves forward by the gap", "2026-03-08", "02:30", "03:30", "America/New_York", "2026-03-08T07:30:00.000Z", "2026-03-08T07:30:00.000Z"],
  ] as const)("%s", (_n, date, s, e, tz, wantStart, wantEnd) => {
    const o = occurrenceAt(date, s, e, tz);
    expect(o.startsAt.toISOString()).toBe(wantStart);
    // (the last row: 03:30 exists and is the same instant as the moved 02:30, so the end rolls to the next day)
    if (wantEnd !== wantStart) expect(o.endsAt.toISOString()).toBe(wantEnd);
    else expect(o.endsAt > o.startsAt).toBe(true);
  });
});

const ZONES = ["Asia/Shanghai", "UTC", "America/New_York", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns"];
const dateArb = fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const timeArb = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
const freqArb = fc.constantFrom<Frequency>("weekly", "biweekly", "monthly");
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
const dayNo = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;

describe("properties", () => {
  it("every occurrence starts on its own business date in the zone, at its wall-clock time (or just after a DST gap)", () => {
    fc.assert(
      fc.property(dateArb, timeArb, fc.constantFrom(...ZONES), (date, time, tz) => {
        const i = wallInstant(date, time, tz);
        const w = wallOf(i, tz);
        expect(w.date).toBe(date);
        const shift = minutes(w.time) - minutes(time);
        expect(shift === 0 || (shift > 0 && shift <= 60)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("dates: as many as asked (up to the cap), strictly increasing, real calendar dates", () => {
    fc.assert(
      fc.property(dateArb, freqArb, fc.integer({ min: 0, max: 80 }), (start, freq, count) => {
        const ds = occurrenceDates(start, freq, count);
        expect(ds).toHaveLength(Math.min(count, MAX_OCCURRENCES));
        if (ds.length) expect(ds[0]).toBe(start);
        for (let k = 1; k < ds.length; k++) expect(ds[k] > ds[k - 1]).toBe(true);
        for (const d of ds) expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
      }),
    );
  });

  it("weekly and biweekly keep the weekday, 7 or 14 days apart", () => {
    fc.assert(
      fc.property(dateArb, fc.constantFrom<Frequency>("weekly", "biweekly"), fc.integer({ min: 1, max: 52 }), (start, freq, count) => {
        const ds = occurrenceDates(start, freq, count);
        for (let k = 1; k < ds.length; k++) expect(dayNo(ds[k]) - dayNo(ds[k - 1])).toBe(freq === "weekly" ? 7 : 14);
        const weekday = new Date(`${start}T00:00:00Z`).getUTCDay();
        for (const d of ds) expect(new Date(`${d}T00:00:00Z`).getUTCDay()).toBe(weekday);
      }),
    );
  });

  it("monthly: one per calendar month, on the start's day or the month's last day when shorter", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 52 }), (start, count) => {
        const ds = occurrenceDates(start, "monthly", count);
        const anchor = Number(start.slice(8, 10));
        ds.forEach((d, k) => {
          const y = Number(start.slice(0, 4));
          const month0 = Number(start.slice(5, 7)) - 1 + k;
          expect(Number(d.slice(0, 4))).toBe(y + Math.floor(month0 / 12));
          expect(Number(d.slice(5, 7))).toBe((month0 % 12) + 1);
          const last = new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0)).getUTCDate();
          expect(Number(d.slice(8, 10))).toBe(Math.min(anchor, last));
        });
      }),
    );
  });

  it("a whole series: each occurrence's start is on its date in the zone and its end after its start", () => {
    fc.assert(
      fc.property(dateArb, freqArb, fc.integer({ min: 1, max: 12 }), timeArb, timeArb, fc.constantFrom(...ZONES), (start, freq, count, s, e, tz) => {
        const os = occurrences({ startDate: start, frequency: freq, count, startTime: s, endTime: e }, tz);
        os.forEach((o, k) => {
          expect(o.index).toBe(k + 1);
          expect(businessDate(o.startsAt, tz)).toBe(o.date);
          expect(o.endsAt > o.startsAt).toBe(true);
          expect(o.endsAt.getTime() - o.startsAt.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
        });
      }),
      { numRuns: 300 },
    );
  });
});
