// The day engine: one person-day's inputs → its result. Pure (no I/O, no clock): the same inputs in any order give
// the same result, so a recompute is always safe to repeat.
import type { ShiftSectionSpec } from "@/db/schema/attendance";
import { addDays, businessDate as localDateOf, tzOffsetMinutes, zonedTimeToUtc } from "@/lib/time";
import type { DayType } from "./calendar";

export type ShiftKind = "fixed" | "flexible" | "night" | "free";
export type StatusCode =
  | "normal"
  | "late"
  | "serious_late"
  | "absent_late"
  | "early_leave"
  | "missing_in"
  | "missing_out"
  | "absent"
  | "rest"
  | "leave"
  | "trip"
  | "field";
const STATUS_ORDER: StatusCode[] = [
  "normal",
  "late",
  "serious_late",
  "absent_late",
  "early_leave",
  "missing_in",
  "missing_out",
  "absent",
  "rest",
  "leave",
  "trip",
  "field",
];
const EXCEPTIONS = new Set<StatusCode>(["late", "serious_late", "absent_late", "early_leave", "missing_in", "missing_out", "absent"]);

export interface ShiftRule {
  id: number;
  kind: ShiftKind;
  sections: ShiftSectionSpec[];
  graceMinutes: number;
  seriousLateMinutes?: number | null;
  absentLateMinutes?: number | null;
  earlyLeaveGraceMinutes?: number;
  halfDayMinutes?: number | null;
  flexEarliestArrival?: number | null;
  flexLatestArrival?: number | null;
  requiredMinutes?: number | null;
  dayStartMinutes?: number;
  workdayOvertimeAfterMinutes?: number | null;
}
export interface PunchInput {
  id: number;
  at: Date;
  direction?: "in" | "out" | null;
  field?: boolean;
  suspicious?: boolean;
}
export interface SpanInput {
  id: number;
  kind: "leave" | "trip" | "field";
  startsAt: Date;
  endsAt: Date;
}
export interface PersonDayInput {
  employeeId: number;
  businessDate: string;
  tz: string;
  dayType: DayType;
  /** The shift instance anchored to this business date; null = rest (roster rest, or a rest day of the calendar). */
  shift: ShiftRule | null;
  punches: PunchInput[];
  spans: SpanInput[];
  /** How overtime is counted (the org's setting); absent = "punches". */
  overtimeMode?: OvertimeMode;
  /** Approved overtime windows counted on this business date (a night one may end the next morning). */
  overtimeApprovals?: OvertimeWindow[];
  /**
   * Punches that may fall inside an approved window but belong to another business date (the morning after a night
   * overtime); only read by "approval_punches", together with `punches`.
   */
  overtimePunches?: PunchInput[];
}
export type OvertimeMode = "punches" | "approval" | "approval_punches";
export interface OvertimeWindow {
  id: number;
  startsAt: Date;
  endsAt: Date;
}
export interface Slot {
  index: number;
  kind: "in" | "out";
  section: number;
  expectedAt: Date;
  windowStart: Date;
  windowEnd: Date;
}
export interface SlotResult {
  index: number;
  kind: "in" | "out";
  section: number;
  expectedAt: string;
  effectiveAt: string;
  status: StatusCode | "pending";
  minutes: number;
  punchId: number | null;
  spanId: number | null;
}
export interface DayResult {
  employeeId: number;
  businessDate: string;
  dayType: DayType;
  shiftId: number | null;
  statuses: StatusCode[];
  lateMinutes: number;
  earlyLeaveMinutes: number;
  workedMinutes: number;
  leaveMinutes: number;
  overtime: { workday: number; restDay: number; holiday: number };
  slots: SlotResult[];
  evidence: { punchIds: number[]; spanIds: number[]; suspiciousPunchIds: number[] };
  explanation: string;
}

const MIN = 60_000;
const DEFAULTS = { inBefore: 240, inAfter: 720, outBefore: 720, outAfter: 360 };

/** The instant of `minutes` after 00:00 (wall clock, ORG zone) of `date`; ≥ 1440 or < 0 cross into other days. */
export function wallTime(date: string, minutes: number, tz: string): Date {
  return new Date(wallMs(date, minutes, tz));
}

/** (zone, date, minutes) → epoch ms of `wallTime`: a recompute asks for the same few wall times (section starts and
 * ends, rest breaks) of each date for every person, and each answer costs date parsing and zone offsets. A pure
 * function of its key, so caching cannot change a result. Bounded: cleared when it grows large. */
const wallCache = new Map<string, number>();
function wallMs(date: string, minutes: number, tz: string): number {
  const key = `${tz}|${date}|${minutes}`;
  const hit = wallCache.get(key);
  if (hit !== undefined) return hit;
  const day = addDays(date, Math.floor(minutes / 1440));
  const m = ((minutes % 1440) + 1440) % 1440;
  const hhmm = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const ms = zonedTimeToUtc(day, hhmm, tz).getTime();
  if (wallCache.size >= 20_000) wallCache.clear();
  wallCache.set(key, ms);
  return ms;
}

/** Minutes after local midnight of an instant in `tz`. */
function localMinutes(at: Date, tz: string): number {
  const off = tzOffsetMinutes(at, tz);
  const t = Math.floor((at.getTime() + off * MIN) / MIN);
  return ((t % 1440) + 1440) % 1440;
}

/** Fixed (or night) sections as given; a flexible shift is one section from the latest arrival for the required time. */
function sectionsOf(shift: ShiftRule): ShiftSectionSpec[] {
  if (shift.kind === "free") return [];
  if (shift.kind === "flexible") {
    const base = shift.sections[0] ?? { start: 0, end: 0 };
    const latest = shift.flexLatestArrival ?? base.start;
    const earliest = shift.flexEarliestArrival ?? latest;
    return [
      {
        ...base,
        start: latest,
        end: latest + (shift.requiredMinutes ?? base.end - base.start),
        inBefore: (base.inBefore ?? DEFAULTS.inBefore) + (latest - earliest),
      },
    ];
  }
  return shift.sections;
}

interface RawSlot {
  kind: "in" | "out";
  section: number;
  expected: number;
  effective: number;
  before: number;
  after: number;
  coveredBy: SpanInput | null;
  movedBy: SpanInput | null;
}

function buildSlots(date: string, tz: string, shift: ShiftRule, spans: SpanInput[]): RawSlot[] {
  const sorted = [...spans].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id);
  const raw: RawSlot[] = [];
  sectionsOf(shift).forEach((s, i) => {
    const start = wallMs(date, s.start, tz);
    const end = wallMs(date, s.end, tz);
    // A span over the expected in-punch moves it to the span's end (or covers it if that reaches the section's end).
    let t = start;
    let first: SpanInput | null = null;
    for (let sp = sorted.find((x) => x.startsAt.getTime() <= t && t < x.endsAt.getTime()); sp; sp = sorted.find((x) => x.startsAt.getTime() <= t && t < x.endsAt.getTime())) {
      first ??= sp;
      t = sp.endsAt.getTime();
    }
    const inCovered = first && t >= end ? first : null;
    raw.push({
      kind: "in",
      section: i,
      expected: start,
      effective: inCovered ? start : t,
      before: (s.inBefore ?? DEFAULTS.inBefore) * MIN,
      after: (s.inAfter ?? DEFAULTS.inAfter) * MIN,
      coveredBy: inCovered,
      movedBy: inCovered ? null : first,
    });
    let u = end;
    let last: SpanInput | null = null;
    for (let sp = sorted.find((x) => x.startsAt.getTime() < u && u <= x.endsAt.getTime()); sp; sp = sorted.find((x) => x.startsAt.getTime() < u && u <= x.endsAt.getTime())) {
      last ??= sp;
      u = sp.startsAt.getTime();
    }
    const outCovered = last && u <= start ? last : null;
    raw.push({
      kind: "out",
      section: i,
      expected: end,
      effective: outCovered ? end : u,
      before: (s.outBefore ?? DEFAULTS.outBefore) * MIN,
      after: (s.outAfter ?? DEFAULTS.outAfter) * MIN,
      coveredBy: outCovered,
      movedBy: outCovered ? null : last,
    });
  });
  return raw;
}

/** Punch windows of the uncovered slots: [start, end), split at the midpoint where neighbours overlap. */
function windowsOf(raw: RawSlot[]): Map<RawSlot, [number, number]> {
  const open = raw.filter((r) => !r.coveredBy).sort((a, b) => a.effective - b.effective || (a.kind === "out" ? -1 : 1));
  const w = new Map<RawSlot, [number, number]>(open.map((r) => [r, [r.effective - r.before, r.effective + r.after]]));
  for (let i = 0; i + 1 < open.length; i++) {
    const a = w.get(open[i])!;
    const b = w.get(open[i + 1])!;
    if (a[1] > b[0]) {
      const mid = Math.floor((open[i].effective + open[i + 1].effective) / 2);
      a[1] = mid;
      b[0] = mid;
    }
  }
  return w;
}

/** Expected punches of a shift instance (no leave applied), for the expected_slots table. */
export function expectedSlots(businessDate: string, shift: ShiftRule | null, tz: string): Slot[] {
  if (!shift || shift.kind === "free") return [];
  const raw = buildSlots(businessDate, tz, shift, []);
  const w = windowsOf(raw);
  return raw.map((r, index) => ({
    index,
    kind: r.kind,
    section: r.section,
    expectedAt: new Date(r.expected),
    windowStart: new Date(w.get(r)![0]),
    windowEnd: new Date(w.get(r)![1]),
  }));
}

export interface DayPlan {
  businessDate: string;
  shift: ShiftRule | null;
}

/**
 * The person-day a punch counts for. `plans` are the person's shift instances around the punch (its local date ±1):
 * a punch inside an instance's punch windows belongs to it (the nearest expected punch wins), so a night shift's
 * 06:03 punch lands on the date the shift started. Otherwise: the local date, shifted by a free schedule's day start.
 */
export function businessDateOf(at: Date, plans: DayPlan[], tz: string): string {
  const t = at.getTime();
  let best: { date: string; distance: number } | null = null;
  for (const p of [...plans].sort((a, b) => (a.businessDate < b.businessDate ? -1 : 1))) {
    if (!p.shift || p.shift.kind === "free") continue;
    const slots = expectedSlots(p.businessDate, p.shift, tz);
    if (!slots.some((s) => s.windowStart.getTime() <= t && t < s.windowEnd.getTime())) continue;
    const distance = Math.min(...slots.map((s) => Math.abs(s.expectedAt.getTime() - t)));
    if (!best || distance < best.distance) best = { date: p.businessDate, distance };
  }
  if (best) return best.date;
  const local = localDateOf(at, tz);
  const today = plans.find((p) => p.businessDate === local);
  const dayStart = today?.shift?.kind === "free" ? (today.shift.dayStartMinutes ?? 0) : 0;
  return dayStart > 0 && localMinutes(at, tz) < dayStart ? addDays(local, -1) : local;
}

/** Same-second duplicates collapse (a punch with a direction wins, then the lowest id); order-independent. */
export function dedupePunches(punches: PunchInput[]): PunchInput[] {
  const sorted = [...punches].sort(
    (a, b) =>
      Math.floor(a.at.getTime() / 1000) - Math.floor(b.at.getTime() / 1000) ||
      Number(!a.direction) - Number(!b.direction) ||
      a.id - b.id,
  );
  const out: PunchInput[] = [];
  for (const p of sorted) {
    const prev = out[out.length - 1];
    if (prev && Math.floor(prev.at.getTime() / 1000) === Math.floor(p.at.getTime() / 1000)) continue;
    out.push(p);
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
}

export function formatMinutes(m: number): string {
  if (m < 60) return `${m} 分钟`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} 小时 ${m % 60} 分钟` : `${h} 小时`;
}

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
const ceilMin = (ms: number) => Math.ceil(ms / MIN);
const SPAN_LABEL = { leave: "请假", trip: "出差", field: "外出" } as const;
const REST_LABEL: Record<DayType, string> = {
  workday: "排班休息",
  makeup_workday: "排班休息",
  weekend: "休息日",
  in_lieu_rest: "调休放假",
  statutory_holiday: "法定节假日",
};

/** Net minutes of [a, b) minus a section's rest breaks. */
function netMinutes(date: string, tz: string, s: ShiftSectionSpec, a: number, b: number): number {
  if (b <= a) return 0;
  let ms = b - a;
  for (const r of s.rests ?? []) ms -= overlap(a, b, wallMs(date, r.start, tz), wallMs(date, r.end, tz));
  return Math.floor(Math.max(0, ms) / MIN);
}

/** Sorted, merged [start, end) intervals (ms). */
function mergeIntervals(list: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of [...list].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
/** `list` minus `cut` (both merged). */
function subtractIntervals(list: [number, number][], cut: [number, number][]): [number, number][] {
  let cur = list;
  for (const [c0, c1] of cut) cur = cur.flatMap(([a, b]): [number, number][] => (c1 <= a || c0 >= b ? [[a, b]] : ([[a, Math.min(b, c0)], [Math.max(a, c1), b]] as [number, number][]).filter(([x, y]) => y > x)));
  return cur;
}
const totalMinutes = (list: [number, number][]) => Math.floor(list.reduce((n, [a, b]) => n + (b - a), 0) / MIN);

/**
 * Overtime minutes by approval (modes "approval" and "approval_punches"): the approved windows (merged, less the
 * shift's own hours), and for "approval_punches" only their part between the first and the last punch around them.
 */
export function approvedOvertimeMinutes(input: Pick<PersonDayInput, "businessDate" | "tz" | "shift" | "punches" | "overtimeApprovals" | "overtimePunches">, mode: Exclude<OvertimeMode, "punches">): number {
  const shiftHours: [number, number][] = input.shift
    ? mergeIntervals(sectionsOf(input.shift).map((s) => [wallMs(input.businessDate, s.start, input.tz), wallMs(input.businessDate, s.end, input.tz)]))
    : [];
  let windows = subtractIntervals(mergeIntervals((input.overtimeApprovals ?? []).map((w) => [w.startsAt.getTime(), w.endsAt.getTime()])), shiftHours);
  if (mode === "approval_punches") {
    const times = dedupePunches([...input.punches, ...(input.overtimePunches ?? [])]).map((p) => p.at.getTime());
    if (times.length < 2) return 0;
    const first = Math.min(...times);
    const last = Math.max(...times);
    windows = windows.map(([a, b]): [number, number] => [Math.max(a, first), Math.min(b, last)]).filter(([a, b]) => b > a);
  }
  return totalMinutes(windows);
}

export function evaluateDay(input: PersonDayInput): DayResult {
  const { businessDate: date, tz, shift, dayType } = input;
  const mode: OvertimeMode = input.overtimeMode ?? "punches";
  const byPunches = mode === "punches";
  const punches = dedupePunches(input.punches);
  const statuses = new Set<StatusCode>();
  const parts: string[] = [];
  const overtime = { workday: 0, restDay: 0, holiday: 0 };
  const usedSpans = new Set<number>();
  let late = 0;
  let early = 0;
  let worked = 0;
  let leaveMinutes = 0;
  const slotResults: SlotResult[] = [];
  const spanOf = (p: PunchInput) => p.at.getTime();
  const elapsed = punches.length >= 2 ? Math.floor((spanOf(punches[punches.length - 1]) - spanOf(punches[0])) / MIN) : 0;

  if (!shift) {
    statuses.add("rest");
    parts.push(REST_LABEL[dayType]);
    if (elapsed > 0 && !byPunches) worked = elapsed;
    else if (elapsed > 0) {
      worked = elapsed;
      if (dayType === "statutory_holiday") overtime.holiday = worked;
      else overtime.restDay = worked;
      parts.push(`${dayType === "statutory_holiday" ? "法定节假日" : "休息日"}加班 ${formatMinutes(worked)}`);
    } else if (punches.length === 1) parts.push("仅 1 次打卡，不计加班");
  } else if (shift.kind === "free") {
    const covering = input.spans.filter((s) => s.startsAt.getTime() <= wallMs(date, shift.dayStartMinutes ?? 0, tz) && s.endsAt.getTime() >= wallMs(date, (shift.dayStartMinutes ?? 0) + 1440, tz));
    if (punches.length === 0 && covering.length) {
      for (const s of covering) {
        statuses.add(s.kind);
        usedSpans.add(s.id);
      }
      parts.push(SPAN_LABEL[covering[0].kind]);
    } else if (punches.length === 0) {
      statuses.add("absent");
      parts.push("旷工（自由工时，无打卡记录）");
    } else if (punches.length === 1) {
      statuses.add("missing_out");
      parts.push("自由工时，仅 1 次打卡（下班缺卡）");
    } else {
      worked = elapsed;
      const short = (shift.requiredMinutes ?? 0) - worked;
      if (short > 0) {
        statuses.add("early_leave");
        early = short;
        parts.push(`工作时长不足 ${formatMinutes(short)}（自由工时，需 ${formatMinutes(shift.requiredMinutes!)}）`);
      } else {
        statuses.add("normal");
        parts.push(`自由工时，工作 ${formatMinutes(worked)}`);
      }
    }
  } else {
    const raw = buildSlots(date, tz, shift, input.spans);
    const windows = windowsOf(raw);
    const sections = sectionsOf(shift);
    const multi = sections.length > 1;
    const label = (r: RawSlot) => (multi ? `第 ${r.section + 1} 段` : "");
    const chosen = new Map<RawSlot, PunchInput | null>();
    for (const r of raw) {
      const w = windows.get(r);
      if (!w) continue;
      const inWin = punches.filter((p) => p.at.getTime() >= w[0] && p.at.getTime() < w[1] && (!p.direction || p.direction === r.kind));
      chosen.set(r, (r.kind === "in" ? inWin[0] : inWin[inWin.length - 1]) ?? null);
    }
    const open = raw.filter((r) => !r.coveredBy);
    const absent = open.length > 0 && open.every((r) => !chosen.get(r));
    const grace = shift.graceMinutes;
    const earlyGrace = shift.earlyLeaveGraceMinutes ?? 0;
    const flexEarliest = shift.kind === "flexible" && shift.flexEarliestArrival != null ? wallMs(date, shift.flexEarliestArrival, tz) : null;
    raw.forEach((r, index) => {
      const p = chosen.get(r) ?? null;
      let status: SlotResult["status"] = "normal";
      let minutes = 0;
      const cover = r.coveredBy ?? r.movedBy;
      if (cover) usedSpans.add(cover.id);
      if (r.coveredBy) {
        status = r.coveredBy.kind;
        statuses.add(status);
      } else if (absent) {
        status = "absent";
      } else if (!p) {
        status = r.kind === "in" ? "missing_in" : "missing_out";
        statuses.add(status);
        parts.push(`${label(r)}${r.kind === "in" ? "上班" : "下班"}缺卡`);
      } else if (r.kind === "in") {
        const diff = p.at.getTime() - r.effective;
        if (diff > grace * MIN) {
          minutes = ceilMin(diff);
          status =
            shift.absentLateMinutes != null && minutes >= shift.absentLateMinutes
              ? "absent_late"
              : shift.seriousLateMinutes != null && minutes >= shift.seriousLateMinutes
                ? "serious_late"
                : "late";
          statuses.add(status);
          late += minutes;
          const word = { late: "迟到", serious_late: "严重迟到", absent_late: "旷工迟到" }[status];
          parts.push(`${label(r)}${word} ${minutes} 分钟${grace > 0 ? `（宽限 ${grace} 分钟）` : ""}`);
        }
      } else {
        let due = r.effective;
        if (shift.kind === "flexible" && !r.movedBy) {
          const inSlot = raw.find((x) => x.kind === "in" && x.section === r.section)!;
          const inP = chosen.get(inSlot);
          if (inP) due = Math.max(inP.at.getTime(), flexEarliest ?? inP.at.getTime()) + (shift.requiredMinutes ?? 0) * MIN;
        }
        const diff = due - p.at.getTime();
        if (diff > earlyGrace * MIN) {
          minutes = ceilMin(diff);
          status = "early_leave";
          statuses.add(status);
          early += minutes;
          parts.push(
            shift.kind === "flexible"
              ? `工作时长不足 ${minutes} 分钟（弹性，需 ${formatMinutes(shift.requiredMinutes ?? 0)}）`
              : `${label(r)}早退 ${minutes} 分钟`,
          );
        }
      }
      slotResults.push({
        index,
        kind: r.kind,
        section: r.section,
        expectedAt: new Date(r.expected).toISOString(),
        effectiveAt: new Date(r.effective).toISOString(),
        status,
        minutes,
        punchId: p?.id ?? null,
        spanId: cover?.id ?? null,
      });
    });
    if (absent) {
      statuses.add("absent");
      parts.push(`旷工（应打卡 ${open.length} 次，无有效打卡）`);
    }
    // Worked and leave minutes per section, net of rest breaks.
    sections.forEach((s, i) => {
      const rin = raw.find((r) => r.kind === "in" && r.section === i)!;
      const rout = raw.find((r) => r.kind === "out" && r.section === i)!;
      const pin = chosen.get(rin);
      const pout = chosen.get(rout);
      const start = wallMs(date, s.start, tz);
      const end = wallMs(date, s.end, tz);
      if (pin && pout) {
        const from = shift.kind === "flexible" ? Math.max(pin.at.getTime(), flexEarliest ?? 0) : Math.max(pin.at.getTime(), rin.effective);
        const to = shift.kind === "flexible" ? pout.at.getTime() : Math.min(pout.at.getTime(), rout.effective);
        worked += netMinutes(date, tz, s, from, to);
        if (byPunches && i === sections.length - 1 && shift.workdayOvertimeAfterMinutes != null) {
          const ot = Math.floor((pout.at.getTime() - end - shift.workdayOvertimeAfterMinutes * MIN) / MIN);
          if (ot > 0) overtime.workday = ot;
        }
      }
      for (const sp of input.spans) {
        if (sp.kind !== "leave" || !usedSpans.has(sp.id)) continue;
        leaveMinutes += netMinutes(date, tz, s, Math.max(start, sp.startsAt.getTime()), Math.min(end, sp.endsAt.getTime()));
      }
    });
    if (byPunches && dayType === "statutory_holiday" && worked > 0) {
      overtime.holiday = worked + overtime.workday;
      overtime.workday = 0;
      parts.push(`法定节假日加班 ${formatMinutes(overtime.holiday)}`);
    } else if (overtime.workday > 0) parts.push(`加班 ${formatMinutes(overtime.workday)}`);
    for (const kind of ["leave", "trip", "field"] as const) {
      const spans = input.spans.filter((s) => s.kind === kind && usedSpans.has(s.id));
      if (spans.length === 0) continue;
      statuses.add(kind);
      if (kind === "leave") {
        const half = shift.halfDayMinutes != null && leaveMinutes > 0 && leaveMinutes <= shift.halfDayMinutes;
        parts.push(`请假 ${formatMinutes(leaveMinutes)}${half ? "（半天）" : ""}`);
      } else parts.push(SPAN_LABEL[kind]);
    }
    if (open.length > 0 && ![...statuses].some((s) => EXCEPTIONS.has(s))) statuses.add("normal");
  }
  if (!byPunches) {
    // By approval: the approved minutes (or their punched part) go to the day type's column; punches alone count nothing.
    const minutes = approvedOvertimeMinutes(input, mode);
    const column = dayType === "statutory_holiday" ? "holiday" : shift ? "workday" : "restDay";
    overtime[column] = minutes;
    const how = mode === "approval" ? "按审批时长" : "按审批时段内打卡";
    const word = column === "holiday" ? "法定节假日加班" : column === "restDay" ? "休息日加班" : "加班";
    if (minutes > 0) parts.push(`${word} ${formatMinutes(minutes)}（${how}）`);
    else if (input.overtimeApprovals?.length) parts.push(`已审批加班，${mode === "approval_punches" ? "审批时段内无打卡" : "时段在班次内"}，不计加班`);
    else if (!shift && elapsed > 0) parts.push("无加班审批，不计加班");
  }
  const fieldPunches = punches.filter((p) => p.field);
  if (fieldPunches.length) {
    statuses.add("field");
    parts.push("外勤打卡");
  }
  if (statuses.has("normal") && shift?.kind !== "free") parts.unshift("正常");
  const ordered = STATUS_ORDER.filter((s) => statuses.has(s));
  const explanation = parts.length ? parts.join("，") : "正常";
  return {
    employeeId: input.employeeId,
    businessDate: date,
    dayType,
    shiftId: shift?.id ?? null,
    statuses: ordered,
    lateMinutes: late,
    earlyLeaveMinutes: early,
    workedMinutes: worked,
    leaveMinutes,
    overtime,
    slots: slotResults,
    evidence: {
      punchIds: punches.map((p) => p.id).sort((a, b) => a - b),
      spanIds: [...usedSpans].sort((a, b) => a - b),
      suspiciousPunchIds: punches.filter((p) => p.suspicious).map((p) => p.id).sort((a, b) => a - b),
    },
    explanation,
  };
}

/** Which shift applies: a roster row wins (a shift, or null = rest); else the group's shift on working day types. */
export function resolveShift(
  dayType: DayType,
  roster: { shift: ShiftRule | null } | undefined,
  group: { schedule: "calendar" | "roster"; shift: ShiftRule | null } | undefined,
): ShiftRule | null {
  if (roster) return roster.shift;
  if (!group || group.schedule === "roster") return null;
  return dayType === "workday" || dayType === "makeup_workday" ? group.shift : null;
}
