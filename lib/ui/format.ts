// Formatting for people: dates and times in the organisation's time zone (never the server's or the phone's
// clock zone), relative times, numbers. Pure functions: the caller passes the locale and ORG_TIMEZONE, so the
// same code runs on the server and in the browser.

export type UiLocale = "zh-CN" | "en";

export interface FormatContext {
  locale: UiLocale;
  timeZone: string;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(ctx: FormatContext, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${ctx.locale}|${ctx.timeZone}|${JSON.stringify(opts)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(ctx.locale, { timeZone: ctx.timeZone, ...opts });
    cache.set(key, f);
  }
  return f;
}

/** 14:05 (24-hour in both languages: meeting times read that way in China and in the vendors' apps). */
export function formatTime(instant: Date, ctx: FormatContext): string {
  return dtf(ctx, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/** 11月22日 周日 · Sun, Nov 22 */
export function formatDay(instant: Date, ctx: FormatContext): string {
  return dtf(ctx, { month: "short", day: "numeric", weekday: "short" }).format(instant);
}

/** 2026年11月22日 · Nov 22, 2026 */
export function formatDate(instant: Date, ctx: FormatContext): string {
  return dtf(ctx, { year: "numeric", month: "short", day: "numeric" }).format(instant);
}

/** 2026/11/22 14:05 · 11/22/2026, 14:05 */
export function formatDateTime(instant: Date, ctx: FormatContext): string {
  return dtf(ctx, { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    instant,
  );
}

/** 14:00–15:30 */
export function formatTimeRange(start: Date, end: Date, ctx: FormatContext): string {
  return `${formatTime(start, ctx)}–${formatTime(end, ctx)}`;
}

/** The hour of the day in the organisation's time zone (0–23): for "早上好/下午好". */
export function hourInZone(instant: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(instant));
}

export type DayPart = "morning" | "noon" | "afternoon" | "evening";
export function dayPart(instant: Date, timeZone: string): DayPart {
  const h = hourInZone(instant, timeZone);
  if (h >= 5 && h < 11) return "morning";
  if (h >= 11 && h < 13) return "noon";
  if (h >= 13 && h < 18) return "afternoon";
  return "evening";
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** 3 分钟前 · in 2 hours · 刚刚 (under a minute). */
export function formatRelative(instant: Date, now: Date, locale: UiLocale): string {
  const seconds = Math.round((instant.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  if (abs < 60) return locale === "zh-CN" ? "刚刚" : "just now";
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(Math.trunc(seconds / 60), "minute");
}

/** 12,345 · 1.2万 (compact, zh-CN) · 12.3K (compact, en) */
export function formatNumber(n: number, locale: UiLocale, opts: { compact?: boolean } = {}): string {
  return new Intl.NumberFormat(locale, opts.compact ? { notation: "compact", maximumFractionDigits: 1 } : {}).format(n);
}

/** 0.923 → 92.3% */
export function formatPercent(ratio: number, locale: UiLocale, fractionDigits = 1): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: fractionDigits }).format(ratio);
}
