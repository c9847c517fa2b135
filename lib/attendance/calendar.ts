// The China working calendar: five day types, seeded from the `chinese-days` package (never hand-typed), refreshed
// by diff-and-upsert, with HR's company-specific days winning over the package.
import { getLunarDate, getSolarTermDate, monthDays } from "chinese-days";
import data from "chinese-days/dist/chinese-days.json";
import pkg from "chinese-days/package.json";
import { and, eq, gte, inArray, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calendarChanges, calendarDays, DAY_TYPES } from "@/db/schema/attendance";
import { addDays } from "@/lib/time";

export type DayType = (typeof DAY_TYPES)[number];
export interface CalendarEntry {
  date: string;
  dayType: DayType;
  name: string | null;
}
export interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

export const PACKAGE_VERSION: string = pkg.version;
const PACKAGE_DATA: PackageData = data as PackageData;

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;
const pad = (n: number) => String(n).padStart(2, "0");
// chinese-days reads its Dayjs with local getters: a local-midnight Date gives the right day in any server zone.
const localDate = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(y, m - 1, d);
};

/**
 * Which days of a festival's block are the statutory ones (法定节假日, 300 % pay) rather than weekends or in-lieu
 * rest days (调休, 200 %). The package gives the block and the count N ("Spring Festival,春节,4"), not the dates, so
 * the dates come from the law's definition of each festival (全国年节及纪念日放假办法): fixed dates, or lunar / solar
 * term days from the package's own converters. Unknown festivals fall back to "weekday, not in lieu".
 */
function isStatutory(date: string, festival: string, n: number, inLieu: boolean): boolean {
  const [y, m] = date.split("-").map(Number);
  const fixed = (month: number) => {
    const year = m === 12 && month === 1 ? y + 1 : y;
    return date >= `${year}-${pad(month)}-01` && date <= `${year}-${pad(month)}-${pad(n)}`;
  };
  switch (festival) {
    case "New Year's Day":
      return fixed(1);
    case "Labour Day":
      return fixed(5);
    case "National Day":
      return fixed(10);
    case "Tomb-sweeping Day":
      return getSolarTermDate(y, 4, "pure_brightness") === date;
    case "Dragon Boat Festival": {
      const l = getLunarDate(localDate(date));
      return !l.isLeap && l.lunarMon === 5 && l.lunarDay === 5;
    }
    case "Mid-autumn Festival": {
      const l = getLunarDate(localDate(date));
      return !l.isLeap && l.lunarMon === 8 && l.lunarDay === 15;
    }
    case "Spring Festival": {
      // The N days ending on 正月初三 (除夕 is the last day of 腊月, the 29th or 30th).
      const l = getLunarDate(localDate(date));
      if (l.isLeap) return false;
      if (l.lunarMon === 1 && l.lunarDay <= 3) return l.lunarDay >= 4 - n;
      return n >= 4 && l.lunarMon === 12 && l.lunarDay === monthDays(l.lunarYear, 12);
    }
    default:
      return !isWeekend(date) && !inLieu;
  }
}

/** The day type of one date from the package data (no HR overrides). */
export function packageDayType(date: string, source: PackageData = PACKAGE_DATA): CalendarEntry {
  const work = source.workdays[date];
  if (work) return { date, dayType: "makeup_workday", name: work.split(",")[1] ?? null };
  const hol = source.holidays[date];
  if (hol) {
    const [en, zh, count] = hol.split(",");
    const inLieu = date in source.inLieuDays;
    const dayType: DayType = isStatutory(date, en, Number(count) || 1, inLieu)
      ? "statutory_holiday"
      : isWeekend(date)
        ? "weekend"
        : "in_lieu_rest";
    return { date, dayType, name: zh ?? null };
  }
  return { date, dayType: isWeekend(date) ? "weekend" : "workday", name: null };
}

/** Years the package covers (those with at least one holiday). */
export function coveredYears(source: PackageData = PACKAGE_DATA): number[] {
  return [...new Set(Object.keys(source.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
}

/** Every day of every covered year, typed. */
export function packageCalendar(source: PackageData = PACKAGE_DATA, years = coveredYears(source)): CalendarEntry[] {
  const out: CalendarEntry[] = [];
  for (const year of years) {
    for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) out.push(packageDayType(d, source));
  }
  return out;
}

export interface RefreshResult {
  inserted: number;
  changed: { date: string; before: DayType; after: DayType }[];
  /** Dates whose effective day type changed: the person-days on them must recompute. */
  affectedDates: string[];
}

/**
 * Diff-and-upsert the package calendar into calendar_days. New dates are inserted; a package date whose type changed
 * is updated and logged in calendar_changes; HR rows are never overwritten.
 */
export async function refreshCalendar(
  db: Db,
  opts: { source?: PackageData; version?: string; years?: number[] } = {},
): Promise<RefreshResult> {
  const source = opts.source ?? PACKAGE_DATA;
  const version = opts.version ?? PACKAGE_VERSION;
  const entries = packageCalendar(source, opts.years ?? coveredYears(source));
  if (entries.length === 0) return { inserted: 0, changed: [], affectedDates: [] };
  const from = entries[0].date;
  const to = entries[entries.length - 1].date;
  return db.transaction(async (tx) => {
    const existing = new Map(
      (await tx.select().from(calendarDays).where(and(gte(calendarDays.date, from), lte(calendarDays.date, to)))).map(
        (r) => [r.date, r],
      ),
    );
    const inserts: (typeof calendarDays.$inferInsert)[] = [];
    const changed: RefreshResult["changed"] = [];
    for (const e of entries) {
      const row = existing.get(e.date);
      if (!row) {
        inserts.push({ date: e.date, dayType: e.dayType, name: e.name, source: "chinese-days", sourceVersion: version });
      } else if (row.source !== "hr" && (row.dayType !== e.dayType || row.name !== e.name)) {
        await tx
          .update(calendarDays)
          .set({ dayType: e.dayType, name: e.name, sourceVersion: version, updatedAt: new Date() })
          .where(eq(calendarDays.date, e.date));
        if (row.dayType !== e.dayType) changed.push({ date: e.date, before: row.dayType, after: e.dayType });
      }
    }
    for (let i = 0; i < inserts.length; i += 1000) await tx.insert(calendarDays).values(inserts.slice(i, i + 1000));
    if (changed.length) {
      await tx.insert(calendarChanges).values(
        changed.map((c) => ({ date: c.date, before: c.before, after: c.after, source: "chinese-days", sourceVersion: version })),
      );
    }
    return { inserted: inserts.length, changed, affectedDates: changed.map((c) => c.date) };
  });
}

/** HR marks a company-specific day; it wins over the package until removed. Returns the date if its type changed. */
export async function setCompanyDay(
  db: Db,
  input: { date: string; dayType: DayType; name?: string | null; editedBy: number },
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, input.date));
    const values = { dayType: input.dayType, name: input.name ?? null, source: "hr" as const, sourceVersion: null, editedBy: input.editedBy };
    await tx
      .insert(calendarDays)
      .values({ date: input.date, ...values })
      .onConflictDoUpdate({ target: calendarDays.date, set: { ...values, updatedAt: new Date() } });
    const beforeType = before?.dayType ?? packageDayType(input.date).dayType;
    if (beforeType === input.dayType) return [];
    await tx.insert(calendarChanges).values({ date: input.date, before: beforeType, after: input.dayType, source: "hr" });
    return [input.date];
  });
}

/** HR removes an override: the package's type returns. */
export async function clearCompanyDay(db: Db, date: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(calendarDays).where(eq(calendarDays.date, date));
    if (!row || row.source !== "hr") return [];
    const e = packageDayType(date);
    await tx
      .update(calendarDays)
      .set({ dayType: e.dayType, name: e.name, source: "chinese-days", sourceVersion: PACKAGE_VERSION, editedBy: null, updatedAt: new Date() })
      .where(eq(calendarDays.date, date));
    if (row.dayType === e.dayType) return [];
    await tx.insert(calendarChanges).values({ date, before: row.dayType, after: e.dayType, source: "hr" });
    return [date];
  });
}

/** Day types for a set of dates: the table first, then the package (dates outside its years: weekday/weekend). */
export async function dayTypes(db: Db, dates: string[]): Promise<Map<string, DayType>> {
  const out = new Map<string, DayType>();
  if (dates.length === 0) return out;
  const rows = await db.select().from(calendarDays).where(inArray(calendarDays.date, dates));
  for (const r of rows) out.set(r.date, r.dayType);
  for (const d of dates) if (!out.has(d)) out.set(d, packageDayType(d).dayType);
  return out;
}
