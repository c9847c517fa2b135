// The monthly sheet's vocabulary (考勤月报): one short code per person-day cell and the totals of a row, from the
// person-days the engine stored (attendance_days). Pure, so the page, the XLSX/CSV export and the tests share one
// mapping: what the page shows is exactly what the file holds.
export type SheetLocale = "zh-CN" | "en";

/** Cell codes in display order (a day may carry several: "迟缺" = late in, missing out). */
export const SHEET_CODES = [
  "normal",
  "late",
  "serious_late",
  "absent_late",
  "early_leave",
  "missing",
  "absent",
  "leave",
  "trip",
  "field",
  "overtime",
  "rest",
  "holiday",
] as const;
export type SheetCode = (typeof SHEET_CODES)[number];

/** Short code and legend per locale. Leave is coded by its type (事/病/年/调…) when known. */
export const CODE_LABELS: Record<SheetCode, Record<SheetLocale, { short: string; legend: string }>> = {
  normal: { "zh-CN": { short: "√", legend: "正常" }, en: { short: "✓", legend: "Normal" } },
  late: { "zh-CN": { short: "迟", legend: "迟到" }, en: { short: "L", legend: "Late" } },
  serious_late: { "zh-CN": { short: "严迟", legend: "严重迟到" }, en: { short: "SL", legend: "Seriously late" } },
  absent_late: { "zh-CN": { short: "旷迟", legend: "旷工迟到" }, en: { short: "AL", legend: "Late, counted absent" } },
  early_leave: { "zh-CN": { short: "早", legend: "早退" }, en: { short: "E", legend: "Left early" } },
  missing: { "zh-CN": { short: "缺", legend: "缺卡" }, en: { short: "M", legend: "Missing punch" } },
  absent: { "zh-CN": { short: "旷", legend: "旷工" }, en: { short: "A", legend: "Absent" } },
  leave: { "zh-CN": { short: "假", legend: "请假（按类型：事/病/年/调…）" }, en: { short: "Lv", legend: "Leave (by type: P/S/AnL/TO…)" } },
  trip: { "zh-CN": { short: "差", legend: "出差" }, en: { short: "T", legend: "Business trip" } },
  field: { "zh-CN": { short: "外", legend: "外勤" }, en: { short: "F", legend: "Field work" } },
  overtime: { "zh-CN": { short: "加", legend: "加班" }, en: { short: "OT", legend: "Overtime" } },
  rest: { "zh-CN": { short: "休", legend: "休息" }, en: { short: "R", legend: "Rest day" } },
  holiday: { "zh-CN": { short: "节", legend: "法定节假日" }, en: { short: "H", legend: "Public holiday" } },
};

/** Leave types (leave_spans.leave_type, as HR / the approvals enter them) → one-character code. */
export const LEAVE_TYPE_CODES: Record<string, Record<SheetLocale, string>> = {
  事假: { "zh-CN": "事", en: "P" },
  病假: { "zh-CN": "病", en: "S" },
  年假: { "zh-CN": "年", en: "AnL" },
  调休: { "zh-CN": "调", en: "TO" },
  婚假: { "zh-CN": "婚", en: "Mar" },
  产假: { "zh-CN": "产", en: "Mat" },
  陪产假: { "zh-CN": "陪", en: "Pat" },
  丧假: { "zh-CN": "丧", en: "B" },
};

/** The leave type's name in the reader's language (legend and totals' column headers). */
export const LEAVE_TYPE_NAMES: Record<string, string> = {
  事假: "Personal leave",
  病假: "Sick leave",
  年假: "Annual leave",
  调休: "Time off in lieu",
  婚假: "Marriage leave",
  产假: "Maternity leave",
  陪产假: "Paternity leave",
  丧假: "Bereavement leave",
};
export const UNTYPED_LEAVE = "其他";

export const leaveTypeName = (type: string, locale: SheetLocale): string =>
  locale === "zh-CN" ? type : type === UNTYPED_LEAVE ? "Other leave" : (LEAVE_TYPE_NAMES[type] ?? type);

/** What the sheet needs of one stored person-day (attendance_days, plus the leave types of its evidence). */
export interface SheetDayInput {
  businessDate: string;
  dayType: string;
  shiftId: number | null;
  statuses: string[];
  lateMinutes: number;
  earlyLeaveMinutes: number;
  workedMinutes: number;
  leaveMinutes: number;
  overtimeWorkdayMinutes: number;
  overtimeRestDayMinutes: number;
  overtimeHolidayMinutes: number;
  /** The engine's slot results (detail.slots): counts missing punches per slot. */
  slots?: { status: string }[];
  /** Leave types of the day's leave evidence (leave_spans.leave_type; null = untyped). */
  leaveTypes?: (string | null)[];
  /** The engine's one-line explanation of the day (the detail export's 说明). */
  explanation?: string;
}

export interface SheetCell {
  codes: SheetCode[];
  /** The leave type shown for a leave code, if any. */
  leaveType: string | null;
  /** "future" (not yet), "none" (no person-day computed), or the worst tone of the codes — for colour only. */
  tone: "normal" | "warn" | "bad" | "away" | "rest" | "none" | "future";
}

const LATE_CODES = new Set(["late", "serious_late", "absent_late"]);
const BAD = new Set<SheetCode>(["absent", "absent_late", "missing"]);
const WARN = new Set<SheetCode>(["late", "serious_late", "early_leave"]);
const AWAY = new Set<SheetCode>(["leave", "trip", "field"]);

const overtimeOf = (d: SheetDayInput) => d.overtimeWorkdayMinutes + d.overtimeRestDayMinutes + d.overtimeHolidayMinutes;

/** One person-day → its cell. `day` undefined = nothing computed (future, or before the person's data starts). */
export function cellOf(day: SheetDayInput | undefined, opts: { future?: boolean } = {}): SheetCell {
  if (opts.future) return plannedCell(day);
  if (!day) return { codes: [], leaveType: null, tone: "none" };
  const s = new Set(day.statuses);
  const codes = new Set<SheetCode>();
  for (const c of ["normal", "late", "serious_late", "absent_late", "early_leave", "absent", "leave", "trip", "field"] as const) if (s.has(c)) codes.add(c);
  if (s.has("missing_in") || s.has("missing_out")) codes.add("missing");
  if (overtimeOf(day) > 0) codes.add("overtime");
  // A rest day shows 休 (or 节 on a statutory holiday) unless something else happened on it (overtime, a trip).
  if (s.has("rest") || (day.shiftId == null && codes.size === 0)) {
    if (codes.size === 0 || [...codes].every((c) => c === "overtime")) codes.add(day.dayType === "statutory_holiday" ? "holiday" : "rest");
  }
  // "normal" next to an exception is noise (the engine adds it for a flexible day's presence): drop it then.
  if (codes.size > 1 && codes.has("normal") && [...codes].some((c) => BAD.has(c) || WARN.has(c) || AWAY.has(c))) codes.delete("normal");
  const ordered = SHEET_CODES.filter((c) => codes.has(c));
  const leaveType = codes.has("leave") ? (day.leaveTypes?.find((t) => t) ?? null) : null;
  const tone = ordered.some((c) => BAD.has(c))
    ? "bad"
    : ordered.some((c) => WARN.has(c))
      ? "warn"
      : ordered.some((c) => AWAY.has(c))
        ? "away"
        : ordered.includes("normal") || ordered.includes("overtime")
          ? "normal"
          : ordered.length
            ? "rest"
            : "none";
  return { codes: ordered, leaveType, tone };
}

/**
 * A day still to come shows only what is already planned for it: approved leave, a trip, field work (HR plans
 * cover from the sheet). Punch results (absent, missing) are not known yet, so nothing else shows.
 */
function plannedCell(day: SheetDayInput | undefined): SheetCell {
  const s = new Set(day?.statuses ?? []);
  const codes = SHEET_CODES.filter((c) => AWAY.has(c) && s.has(c));
  if (!codes.length) return { codes: [], leaveType: null, tone: "future" };
  return { codes, leaveType: codes.includes("leave") ? (day?.leaveTypes?.find((t) => t) ?? null) : null, tone: "away" };
}

/** The cell as text: the short codes run together ("迟缺", "事", "√加"); "" for an empty cell. */
export function cellText(cell: SheetCell, locale: SheetLocale): string {
  return cell.codes
    .map((c) => (c === "leave" && cell.leaveType ? (LEAVE_TYPE_CODES[cell.leaveType]?.[locale] ?? CODE_LABELS.leave[locale].short) : CODE_LABELS[c][locale].short))
    .join("");
}

export interface SheetTotals {
  /** Days with a shift to work (a person-day whose day is not a rest day). */
  expectedDays: number;
  /** Expected days with presence: punched (even late or with a missing punch), on a trip or in the field. */
  attendedDays: number;
  lateCount: number;
  lateMinutes: number;
  earlyLeaveCount: number;
  earlyLeaveMinutes: number;
  /** Expected punches that never came (per slot: a day missing both in and out counts 2 unless absent). */
  missingPunches: number;
  absentDays: number;
  /** Leave minutes by type (untyped → UNTYPED_LEAVE). */
  leaveMinutes: Record<string, number>;
  tripDays: number;
  fieldDays: number;
  workedMinutes: number;
  overtime: { workday: number; restDay: number; holiday: number };
}

const PRESENT = new Set(["normal", "late", "serious_late", "absent_late", "early_leave", "missing_in", "missing_out", "trip", "field"]);

/** A row's totals from its person-days (the period's only; the caller filters by date). */
export function totalsOf(days: SheetDayInput[]): SheetTotals {
  const t: SheetTotals = {
    expectedDays: 0,
    attendedDays: 0,
    lateCount: 0,
    lateMinutes: 0,
    earlyLeaveCount: 0,
    earlyLeaveMinutes: 0,
    missingPunches: 0,
    absentDays: 0,
    leaveMinutes: {},
    tripDays: 0,
    fieldDays: 0,
    workedMinutes: 0,
    overtime: { workday: 0, restDay: 0, holiday: 0 },
  };
  for (const d of days) {
    const s = new Set(d.statuses);
    const expected = d.shiftId != null && !s.has("rest");
    if (expected) t.expectedDays++;
    if (expected && !s.has("absent") && [...s].some((x) => PRESENT.has(x))) t.attendedDays++;
    if ([...s].some((x) => LATE_CODES.has(x))) t.lateCount++;
    t.lateMinutes += d.lateMinutes;
    if (s.has("early_leave")) t.earlyLeaveCount++;
    t.earlyLeaveMinutes += d.earlyLeaveMinutes;
    if (!s.has("absent")) {
      const bySlot = d.slots?.filter((x) => x.status === "missing_in" || x.status === "missing_out").length;
      t.missingPunches += bySlot ?? (s.has("missing_in") ? 1 : 0) + (s.has("missing_out") ? 1 : 0);
    }
    if (s.has("absent")) t.absentDays++;
    if (d.leaveMinutes > 0 || s.has("leave")) {
      const type = d.leaveTypes?.find((x) => x) ?? UNTYPED_LEAVE;
      if (d.leaveMinutes > 0) t.leaveMinutes[type] = (t.leaveMinutes[type] ?? 0) + d.leaveMinutes;
    }
    if (s.has("trip")) t.tripDays++;
    if (s.has("field")) t.fieldDays++;
    t.workedMinutes += d.workedMinutes;
    t.overtime.workday += d.overtimeWorkdayMinutes;
    t.overtime.restDay += d.overtimeRestDayMinutes;
    t.overtime.holiday += d.overtimeHolidayMinutes;
  }
  return t;
}

/** Minutes as hours with one decimal (the sheet's leave and overtime columns): 90 → 1.5. */
export const hours = (minutes: number): number => Math.round((minutes / 60) * 10) / 10;

/** The leave types to give a column each: the fixed ones first, then any other type seen in `rows`, then 其他. */
export function leaveColumns(seen: Iterable<string>): string[] {
  const known = Object.keys(LEAVE_TYPE_CODES);
  const extra = [...new Set(seen)].filter((x) => !known.includes(x) && x !== UNTYPED_LEAVE).sort();
  return [...known, ...extra, UNTYPED_LEAVE];
}

/** The days of a period, [from, to] inclusive: calendar month "YYYY-MM", or a payroll period starting on `startDay`. */
export function periodDays(month: string, startDay = 1): { from: string; to: string; dates: string[] } {
  const [y, m] = month.split("-").map(Number);
  const iso = (yy: number, mm: number, dd: number) => new Date(Date.UTC(yy, mm - 1, dd)).toISOString().slice(0, 10);
  // Payroll period "26th → 25th": the period named after month M starts on the 26th of M-1.
  const from = startDay <= 1 ? iso(y, m, 1) : iso(y, m - 1, startDay);
  const to = startDay <= 1 ? iso(y, m + 1, 0) : iso(y, m, startDay - 1);
  const dates: string[] = [];
  for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) dates.push(d);
  return { from, to, dates };
}

/** The totals' columns, in order, on the page and in the files; `leave` expands to one column per leave type. */
export const TOTAL_COLUMNS = [
  "expectedDays",
  "attendedDays",
  "lateCount",
  "lateMinutes",
  "earlyLeaveCount",
  "earlyLeaveMinutes",
  "missingPunches",
  "absentDays",
  "leave",
  "tripDays",
  "fieldDays",
  "workedHours",
  "overtimeWorkday",
  "overtimeRestDay",
  "overtimeHoliday",
] as const;
export type TotalColumn = (typeof TOTAL_COLUMNS)[number];

/** The sheet's leave columns: a fixed list, so every page and every file has the same columns. */
export const SHEET_LEAVE_TYPES = leaveColumns([]);

/** Leave minutes per SHEET_LEAVE_TYPES column: types without a column of their own count under 其他. */
export function leaveColumnMinutes(t: SheetTotals): number[] {
  let other = 0;
  for (const [type, m] of Object.entries(t.leaveMinutes)) if (!SHEET_LEAVE_TYPES.includes(type) || type === UNTYPED_LEAVE) other += m;
  return SHEET_LEAVE_TYPES.map((type) => (type === UNTYPED_LEAVE ? other : (t.leaveMinutes[type] ?? 0)));
}

/** A row's totals as the cells of the totals' columns (leave and overtime in hours). */
export function totalCells(t: SheetTotals): number[] {
  const out: number[] = [];
  for (const c of TOTAL_COLUMNS) {
    if (c === "leave") {
      out.push(...leaveColumnMinutes(t).map(hours));
      continue;
    }
    out.push(
      c === "workedHours"
        ? hours(t.workedMinutes)
        : c === "overtimeWorkday"
          ? hours(t.overtime.workday)
          : c === "overtimeRestDay"
            ? hours(t.overtime.restDay)
            : c === "overtimeHoliday"
              ? hours(t.overtime.holiday)
              : t[c],
    );
  }
  return out;
}

/** A duration column's default header ("迟到(分钟)", "Late (min)") with its unit suffix swapped for `suffix`. */
export const withUnitSuffix = (label: string, suffix: string): string => `${label.replace(/\s*\([^()]*\)$/, "")}${suffix}`;
