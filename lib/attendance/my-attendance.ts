// The employee's own attendance for the 考勤 tab: today (shift, expected punches and their state, the day's
// result) and a month of person-days with the evidence behind each. Scope: the viewer themself, always.
import "server-only";
import { and, asc, eq, gte, inArray, isNull, lt, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attendanceDays, calendarDays, leaveSpans, punches, shifts } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { env } from "@/lib/env";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { expectedSlots, type ShiftRule } from "./engine";
import { punchDay } from "./punches/app";
import { businessDateForPunch, groupOf, plansFor } from "./recompute";

export type DayTone = "normal" | "late" | "absent" | "leave" | "rest" | "none" | "pending" | "future";
export type SlotState = "done" | "open" | "upcoming" | "missing" | "covered";

/** The rule a day ran under, as data the page phrases in the reader's language. */
export interface ShiftSummary {
  name: string;
  kind: ShiftRule["kind"];
  start: number | null; // minutes from 00:00 of the business date (≥ 1440: next day)
  end: number | null;
  rests: { start: number; end: number }[];
  graceMinutes: number;
  flexEarliest: number | null;
  flexLatest: number | null;
  requiredMinutes: number | null;
}

export interface MyPunch {
  id: number;
  at: string;
  source: string;
  placeName: string | null;
  field: boolean;
  remark: string | null;
  suspicious: boolean;
}

export interface MyLeave {
  kind: "leave" | "trip" | "field";
  leaveType: string | null;
  startsAt: string;
  endsAt: string;
}

export interface TodaySlot {
  index: number;
  kind: "in" | "out";
  expectedAt: string;
  windowStart: string;
  windowEnd: string;
  state: SlotState;
  status: string;
  punchedAt: string | null;
}

export interface MyToday {
  date: string;
  dayType: string;
  holidayName: string | null;
  group: { name: string; places: string[]; fieldAllowed: boolean } | null;
  shift: ShiftSummary | null;
  slots: TodaySlot[];
  /** The slot a punch now would count for (its window is open), if any. */
  nextKind: "in" | "out" | null;
  statuses: string[];
  explanation: string | null;
  punches: MyPunch[];
  leaves: MyLeave[];
}

export interface MyDay {
  date: string;
  dayType: string;
  holidayName: string | null;
  shift: ShiftSummary | null;
  statuses: string[];
  explanation: string | null;
  tone: DayTone;
  punches: MyPunch[];
  leaves: MyLeave[];
}

const ABSENT = new Set(["absent", "missing_in", "missing_out", "absent_late"]);
const LATE = new Set(["late", "serious_late", "early_leave"]);
const AWAY = new Set(["leave", "trip", "field"]);

export function toneOf(statuses: string[], opts: { future: boolean; today: boolean; hasShift: boolean; computed: boolean }): DayTone {
  if (opts.future) return "future";
  if (!opts.computed) return opts.today ? "pending" : opts.hasShift ? "none" : "rest";
  // Today a missing punch may still come: judge by what is final already.
  if (opts.today) statuses = statuses.filter((s) => s !== "missing_in" && s !== "missing_out" && s !== "absent");
  if (statuses.some((s) => ABSENT.has(s))) return "absent";
  if (statuses.some((s) => LATE.has(s))) return "late";
  if (statuses.some((s) => AWAY.has(s))) return "leave";
  if (statuses.includes("normal")) return "normal";
  if (statuses.includes("rest")) return "rest";
  return opts.today ? "pending" : "none";
}

async function shiftSummaries(db: Db, ids: number[]): Promise<Map<number, ShiftSummary>> {
  if (!ids.length) return new Map();
  const rows = await db.select().from(shifts).where(inArray(shifts.id, ids));
  return new Map(
    rows.map((s) => {
      const first = s.sections[0];
      const last = s.sections[s.sections.length - 1];
      return [
        s.id,
        {
          name: s.name,
          kind: s.kind,
          start: first?.start ?? null,
          end: last?.end ?? null,
          rests: s.sections.flatMap((x) => x.rests ?? []),
          graceMinutes: s.graceMinutes,
          flexEarliest: s.flexEarliestArrival,
          flexLatest: s.flexLatestArrival,
          requiredMinutes: s.requiredMinutes,
        },
      ];
    }),
  );
}

async function punchesOn(db: Db, employeeId: number, dates: string[]): Promise<Map<string, MyPunch[]>> {
  const out = new Map<string, MyPunch[]>();
  if (!dates.length) return out;
  const rows = await db
    .select()
    .from(punches)
    .where(and(eq(punches.employeeId, employeeId), inArray(punches.businessDate, dates), ne(punches.changeState, "vanished")))
    .orderBy(asc(punches.punchedAt));
  for (const p of rows) {
    const list = out.get(p.businessDate) ?? [];
    list.push({ id: p.id, at: p.punchedAt.toISOString(), source: p.source, placeName: p.placeName, field: p.field, remark: p.remark, suspicious: p.suspicious });
    out.set(p.businessDate, list);
  }
  return out;
}

async function leavesBetween(db: Db, employeeId: number, from: Date, to: Date): Promise<MyLeave[]> {
  const rows = await db
    .select({ kind: leaveSpans.kind, leaveType: leaveSpans.leaveType, startsAt: leaveSpans.startsAt, endsAt: leaveSpans.endsAt })
    .from(leaveSpans)
    .where(and(eq(leaveSpans.employeeId, employeeId), isNull(leaveSpans.cancelledAt), lt(leaveSpans.startsAt, to), gte(leaveSpans.endsAt, from)))
    .orderBy(asc(leaveSpans.startsAt));
  return rows.map((r) => ({ kind: r.kind, leaveType: r.leaveType, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() }));
}

const leavesOnDate = (leaves: MyLeave[], date: string, tz: string) => {
  const from = zonedTimeToUtc(date, "00:00", tz).getTime();
  const to = zonedTimeToUtc(addDays(date, 1), "00:00", tz).getTime();
  return leaves.filter((l) => new Date(l.startsAt).getTime() < to && new Date(l.endsAt).getTime() > from);
};

async function holidayNames(db: Db, dates: string[]): Promise<Map<string, string>> {
  if (!dates.length) return new Map();
  const rows = await db.select({ date: calendarDays.date, name: calendarDays.name }).from(calendarDays).where(inArray(calendarDays.date, dates));
  return new Map(rows.filter((r) => r.name).map((r) => [r.date, r.name!]));
}

/** Today as the punch clock shows it. The business date is the one a punch now would count for (night shifts). */
export async function myToday(db: Db, viewer: Viewer, now = new Date()): Promise<MyToday> {
  const tz = env().ORG_TIMEZONE;
  const id = viewer.employeeId;
  const group = await groupOf(db, id);
  const date = await businessDateForPunch(db, id, now, tz);
  const plan = (await plansFor(db, id, [date])).get(date)!;
  const summaries = await shiftSummaries(db, plan.shift ? [plan.shift.id] : []);
  const day = await punchDay(db, id, date);
  const dayPunches = (await punchesOn(db, id, [date])).get(date) ?? [];
  const byId = new Map(dayPunches.map((p) => [p.id, p]));
  const t = now.getTime();
  const slots: TodaySlot[] = expectedSlots(date, plan.shift, tz).map((s) => {
    const r = day?.slots.find((x) => x.index === s.index);
    const punch = r?.punchId != null ? byId.get(r.punchId) : undefined;
    const status = r?.status ?? "pending";
    const state: SlotState = punch
      ? "done"
      : status !== "pending" && !status.startsWith("missing") && status !== "absent"
        ? "covered" // leave or a trip covers it
        : t < s.windowStart.getTime()
          ? "upcoming"
          : t < s.windowEnd.getTime()
            ? "open"
            : "missing";
    return { index: s.index, kind: s.kind, expectedAt: s.expectedAt.toISOString(), windowStart: s.windowStart.toISOString(), windowEnd: s.windowEnd.toISOString(), state, status: punch ? status : state === "covered" ? status : "pending", punchedAt: punch?.at ?? null };
  });
  // An open window first (a second punch-out inside its window replaces the first), then the next one to open.
  const next = slots.find((s) => s.state === "open") ?? slots.find((s) => s.kind === "out" && s.state === "done" && t < new Date(s.windowEnd).getTime()) ?? slots.find((s) => s.state === "upcoming");
  const holidays = await holidayNames(db, [date]);
  const leaves = leavesOnDate(await leavesBetween(db, id, zonedTimeToUtc(date, "00:00", tz), zonedTimeToUtc(addDays(date, 2), "00:00", tz)), date, tz);
  return {
    date,
    dayType: plan.dayType,
    holidayName: holidays.get(date) ?? null,
    group: group ? { name: group.name, places: group.places.map((p) => p.name), fieldAllowed: group.fieldAllowed } : null,
    shift: plan.shift ? (summaries.get(plan.shift.id) ?? null) : null,
    slots,
    nextKind: next?.kind ?? null,
    statuses: day?.statuses ?? [],
    explanation: day?.explanation ?? null,
    punches: dayPunches,
    leaves,
  };
}

/** Every day of `month` ("YYYY-MM") for the viewer: result, tone, the rule, punches and leave. */
export async function myAttendanceMonth(db: Db, viewer: Viewer, month: string, now = new Date()): Promise<{ month: string; today: string; days: MyDay[] }> {
  const tz = env().ORG_TIMEZONE;
  const id = viewer.employeeId;
  const today = businessDate(now, tz);
  const first = `${month}-01`;
  const dates: string[] = [];
  for (let d = first; d.startsWith(month); d = addDays(d, 1)) dates.push(d);
  const plans = await plansFor(db, id, dates);
  const summaries = await shiftSummaries(db, [...new Set([...plans.values()].map((p) => p.shift?.id).filter((x): x is number => x != null))]);
  const rows = await db.select().from(attendanceDays).where(and(eq(attendanceDays.employeeId, id), inArray(attendanceDays.businessDate, dates)));
  const byDate = new Map(rows.map((r) => [r.businessDate, r]));
  const punchMap = await punchesOn(db, id, dates);
  const leaves = await leavesBetween(db, id, zonedTimeToUtc(first, "00:00", tz), zonedTimeToUtc(addDays(dates[dates.length - 1], 2), "00:00", tz));
  const holidays = await holidayNames(db, dates);
  const days = dates.map((date): MyDay => {
    const plan = plans.get(date)!;
    const row = byDate.get(date);
    const statuses = row?.statuses ?? [];
    return {
      date,
      dayType: plan.dayType,
      holidayName: holidays.get(date) ?? null,
      shift: plan.shift ? (summaries.get(plan.shift.id) ?? null) : null,
      statuses,
      explanation: row?.explanation ?? null,
      tone: toneOf(statuses, { future: date > today, today: date === today, hasShift: plan.shift != null, computed: row != null }),
      punches: punchMap.get(date) ?? [],
      leaves: leavesOnDate(leaves, date, tz),
    };
  });
  return { month, today, days };
}
