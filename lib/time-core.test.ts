// lib/time-core (the zone always passed in; what client components use) and lib/time (the zone defaults to
// ORG_TIMEZONE) agree; named cases across midnight and a DST change; round-trip property.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { env } from "./env";
import * as server from "./time";
import { addDays, businessDate, tzOffsetMinutes, zonedTimeToUtc } from "./time-core";

describe("named cases", () => {
  const cases: { name: string; instant: string; tz: string; date: string; offset: number }[] = [
    { name: "Shanghai, just before its midnight", instant: "2026-03-01T15:59:59Z", tz: "Asia/Shanghai", date: "2026-03-01", offset: 480 },
    { name: "Shanghai, at its midnight", instant: "2026-03-01T16:00:00Z", tz: "Asia/Shanghai", date: "2026-03-02", offset: 480 },
    { name: "Berlin, winter", instant: "2026-03-28T23:30:00Z", tz: "Europe/Berlin", date: "2026-03-29", offset: 60 },
    { name: "Berlin, after the spring-forward", instant: "2026-03-29T01:30:00Z", tz: "Europe/Berlin", date: "2026-03-29", offset: 120 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(businessDate(new Date(c.instant), c.tz)).toBe(c.date);
      expect(tzOffsetMinutes(new Date(c.instant), c.tz)).toBe(c.offset);
    });
  }
  it("wall-clock to UTC, and adding days across a month end", () => {
    expect(zonedTimeToUtc("2026-03-02", "09:30", "Asia/Shanghai").toISOString()).toBe("2026-03-02T01:30:00.000Z");
    expect(zonedTimeToUtc("2026-03-29", "03:30", "Europe/Berlin").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
  });
});

it("lib/time with no zone is lib/time-core in ORG_TIMEZONE", () => {
  const tz = env().ORG_TIMEZONE;
  fc.assert(
    fc.property(fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), (d) => {
      expect(server.businessDate(d)).toBe(businessDate(d, tz));
      const hhmm = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
      expect(server.zonedTimeToUtc("2026-06-15", hhmm).getTime()).toBe(zonedTimeToUtc("2026-06-15", hhmm, tz).getTime());
    }),
  );
});

it("property: a wall-clock time in Shanghai round-trips through UTC to the same business date", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (days, h, m) => {
      const date = addDays("2020-01-01", days);
      const t = `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
      expect(businessDate(zonedTimeToUtc(date, t, "Asia/Shanghai"), "Asia/Shanghai")).toBe(date);
    }),
  );
});

it("property: the cached date of every instant of a minute is the zone's own date of that instant (whole and odd offsets, DST)", () => {
  const zones = ["Asia/Shanghai", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham"];
  const intl = new Map(zones.map((tz) => [tz, new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" })]));
  fc.assert(
    fc.property(
      fc.constantFrom(...zones),
      fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-01-01T00:00:00Z"), noInvalidDate: true }),
      fc.array(fc.integer({ min: 0, max: 59_999 }), { minLength: 1, maxLength: 8 }),
      (tz, d, offsets) => {
        // several instants of one UTC minute, in any order: the first one fills the cache the others read
        const minute = Math.floor(d.getTime() / 60_000) * 60_000;
        for (const ms of offsets) {
          const at = new Date(minute + ms);
          expect(businessDate(at, tz)).toBe(intl.get(tz)!.format(at));
        }
      },
    ),
    { numRuns: 2_000 },
  );
});

it("property: around every zone's midnight, the cached date flips at the same instant the zone's own does", () => {
  const zones = ["Asia/Shanghai", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "America/Havana"];
  const intl = new Map(zones.map((tz) => [tz, new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" })]));
  fc.assert(
    fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: -120_000, max: 120_000 }), (tz, days, delta) => {
      const at = new Date(zonedTimeToUtc(addDays("2020-01-01", days), "00:00", tz).getTime() + delta);
      expect(businessDate(at, tz)).toBe(intl.get(tz)!.format(at));
    }),
    { numRuns: 3_000 },
  );
});
