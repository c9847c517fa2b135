import data from "chinese-days/dist/chinese-days.json";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { calendarChanges, calendarDays } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import {
  clearCompanyDay,
  coveredYears,
  dayTypes,
  packageCalendar,
  packageDayType,
  PACKAGE_VERSION,
  refreshCalendar,
  setCompanyDay,
  type PackageData,
} from "./calendar";

const pkg = data as PackageData;
const type = (d: string) => packageDayType(d).dayType;

describe("2026 from chinese-days", () => {
  it("New Year: 01-01 statutory, 01-02 (Fri) in lieu, 01-03 weekend, Sunday 01-04 a make-up workday", () => {
    expect(["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"].map(type)).toEqual([
      "statutory_holiday",
      "in_lieu_rest",
      "weekend",
      "makeup_workday",
    ]);
  });
  it("Spring Festival: make-up Saturday 02-14, 除夕 02-16 to 初三 02-19 statutory, 02-20 and 02-23 in lieu", () => {
    expect(type("2026-02-14")).toBe("makeup_workday");
    expect(type("2026-02-15")).toBe("weekend");
    for (const d of ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19"]) expect(type(d)).toBe("statutory_holiday");
    expect(type("2026-02-20")).toBe("in_lieu_rest");
    expect(type("2026-02-21")).toBe("weekend");
    expect(type("2026-02-23")).toBe("in_lieu_rest");
    expect(type("2026-02-28")).toBe("makeup_workday");
    expect(packageDayType("2026-02-16").name).toBe("春节");
  });
  it("National Day: 10-01..10-03 statutory (Saturday included), 10-05..10-07 rest in lieu, 09-20 and 10-10 make-up", () => {
    expect(["2026-10-01", "2026-10-02", "2026-10-03"].map(type)).toEqual(Array(3).fill("statutory_holiday"));
    expect(type("2026-10-04")).toBe("weekend");
    expect(["2026-10-05", "2026-10-06", "2026-10-07"].map(type)).toEqual(Array(3).fill("in_lieu_rest"));
    expect([type("2026-09-20"), type("2026-10-10")]).toEqual(["makeup_workday", "makeup_workday"]);
    expect(type("2026-10-08")).toBe("workday");
  });
});

describe("agrees with the package everywhere", () => {
  const all = packageCalendar();
  it("covers every day of every year the package has", () => {
    const years = coveredYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(all.length).toBe(years.reduce((n, y) => n + ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 366 : 365), 0));
  });
  it("rest days are exactly the package's non-workdays; make-up days exactly its `workdays`; in-lieu days are rest", () => {
    for (const e of all) {
      const working = e.dayType === "workday" || e.dayType === "makeup_workday";
      const dow = new Date(`${e.date}T00:00:00Z`).getUTCDay();
      const pkgWork = e.date in pkg.workdays || (!(e.date in pkg.holidays) && dow !== 0 && dow !== 6);
      expect([e.date, working]).toEqual([e.date, pkgWork]);
      expect([e.date, e.dayType === "makeup_workday"]).toEqual([e.date, e.date in pkg.workdays]);
    }
  });
  it("the package's in-lieu days are in-lieu rest, except where it flags a statutory day (2022's 初三)", () => {
    // The law makes 初一–初三 statutory; for 2022 the package flags 02-03 (初三) as in lieu and leaves 除夕 01-31 unflagged.
    const differing = Object.keys(pkg.inLieuDays).filter((d) => type(d) !== "in_lieu_rest");
    expect(differing).toEqual(["2022-02-03"]);
    expect(type("2022-02-03")).toBe("statutory_holiday");
    expect(type("2022-01-31")).toBe("in_lieu_rest");
  });
  it("each festival block has as many statutory days as the package's count N (2013 on)", () => {
    const blocks = new Map<string, { n: number; statutory: number }>();
    for (const [date, v] of Object.entries(pkg.holidays)) {
      if (date < "2013-01-01") continue;
      const [en, , n] = v.split(",");
      const year = en === "New Year's Day" && date.slice(5, 7) === "12" ? Number(date.slice(0, 4)) + 1 : Number(date.slice(0, 4));
      const b = blocks.get(`${en}@${year}`) ?? { n: Number(n), statutory: 0 };
      if (type(date) === "statutory_holiday") b.statutory++;
      blocks.set(`${en}@${year}`, b);
    }
    for (const [key, b] of blocks) expect([key, b.statutory]).toEqual([key, b.n]);
  });
});

describe("calendar table", () => {
  let t: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.database.db;
  });
  afterAll(async () => {
    await t?.close();
  });

  it("seeds every covered day once; a second refresh changes nothing", async () => {
    const first = await refreshCalendar(db);
    expect(first.inserted).toBe(packageCalendar().length);
    expect(first.affectedDates).toEqual([]);
    const [row] = await db.select().from(calendarDays).where(eq(calendarDays.date, "2026-02-14"));
    expect(row).toMatchObject({ dayType: "makeup_workday", name: "春节", source: "chinese-days", sourceVersion: PACKAGE_VERSION });
    const again = await refreshCalendar(db);
    expect(again).toEqual({ inserted: 0, changed: [], affectedDates: [] });
  });

  it("a newer package with an amendment and a new year: the diff is applied, logged and returned", async () => {
    // A hypothetical amendment: 2026-10-09 (Friday) becomes a rest day in lieu; plus a new 2027 New Year.
    const amended: PackageData = {
      holidays: { ...pkg.holidays, "2026-10-09": "National Day,国庆节,3", "2027-01-01": "New Year's Day,元旦,1" },
      workdays: { ...pkg.workdays },
      inLieuDays: { ...pkg.inLieuDays, "2026-10-09": "National Day,国庆节,3" },
    };
    const r = await refreshCalendar(db, { source: amended, version: "9.9.9", years: [2026, 2027] });
    expect(r.changed).toEqual([{ date: "2026-10-09", before: "workday", after: "in_lieu_rest" }]);
    expect(r.affectedDates).toEqual(["2026-10-09"]);
    expect(r.inserted).toBe(365);
    const log = await db.select().from(calendarChanges).where(eq(calendarChanges.date, "2026-10-09"));
    expect(log).toMatchObject([{ before: "workday", after: "in_lieu_rest", source: "chinese-days", sourceVersion: "9.9.9" }]);
    expect((await dayTypes(db, ["2026-10-09", "2027-01-01"])).get("2027-01-01")).toBe("statutory_holiday");
  });

  it("HR overrides win over the package until cleared", async () => {
    expect(await setCompanyDay(db, { date: "2026-06-01", dayType: "in_lieu_rest", name: "公司周年庆", editedBy: 1 })).toEqual(["2026-06-01"]);
    const restore: PackageData = { holidays: { ...pkg.holidays }, workdays: { ...pkg.workdays }, inLieuDays: { ...pkg.inLieuDays } };
    const r = await refreshCalendar(db, { source: restore, years: [2026] });
    expect(r.affectedDates).toEqual(["2026-10-09"]); // the amendment reverts; the HR day is left alone
    expect((await dayTypes(db, ["2026-06-01"])).get("2026-06-01")).toBe("in_lieu_rest");
    expect(await setCompanyDay(db, { date: "2026-06-01", dayType: "in_lieu_rest", editedBy: 1 })).toEqual([]);
    expect(await clearCompanyDay(db, "2026-06-01")).toEqual(["2026-06-01"]);
    expect((await dayTypes(db, ["2026-06-01"])).get("2026-06-01")).toBe("workday");
  });
});
