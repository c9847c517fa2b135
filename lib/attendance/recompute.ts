// The db-backed side of the day engine: load person-days' inputs, evaluate (pure), store each result with a version
// that moves only when the result changes, refresh the expected slots, and send each new version to the OA outbox.
//
// Batched: a set of person-days costs a fixed number of statements whatever its size (calendar, rosters, groups,
// shifts, punches, spans and stored rows are each loaded once for the whole set; results, slots and outbox rows are
// written with multi-row statements). One person-day is the batch of one.
import { and, eq, gte, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { anyBigint, anyDate, bigintLiteral, readTogether } from "@/lib/sql-arrays";
import type { Db } from "@/db/client";
import {
  attendanceDays,
  attendanceGroupMembers,
  attendanceGroups,
  departments,
  employeeDepartments,
  employees,
  overtimeApprovals,
  rosters,
  shifts,
} from "@/db/schema";
import { attendanceDaySnapshotSelect, oaSnapshotsStatement } from "@/lib/oa-sync/outbox";
import { env } from "@/lib/env";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { dayTypes, type DayType } from "./calendar";
import { holdLockedDays, RECOMPUTE_CAUSE, type LateCause } from "./period-gate";
import { businessDateOf, evaluateDay, expectedSlots, resolveShift, type DayPlan, type DayResult, type OvertimeWindow, type PunchInput, type ShiftRule, type Slot, type SpanInput } from "./engine";
import { OVERTIME_MODE_KEY, parseOvertimeMode } from "./overtime-mode";

type ShiftRow = typeof shifts.$inferSelect;
type GroupRow = typeof attendanceGroups.$inferSelect;
const toRule = (s: ShiftRow): ShiftRule => ({ ...s, earlyLeaveGraceMinutes: s.earlyLeaveGraceMinutes });
export type PersonDay = { employeeId: number; date: string };
const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
const pairKey = (employeeId: number, date: string) => `${employeeId}:${date}`;
const bigintArray = (ids: number[]) => bigintLiteral(ids);
const dateArray = (dates: string[]) => sql.raw(`'{${dates.map((d) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d : "invalid")).join(",")}}'::date[]`);

/**
 * The attendance group of each person: a person-level membership beats a department one; among equals, the higher
 * priority, then the lower group id. Department memberships reach the whole subtree.
 * (Reads org tables read-only: lib/org exports no "departments of an employee" function yet.)
 */
export async function groupsOf(db: Db, employeeIds: number[]): Promise<Map<number, GroupRow | null>> {
  const out = new Map<number, GroupRow | null>();
  if (!employeeIds.length) return out;
  const ids = [...new Set(employeeIds)];
  const deptRows = await db
    .select({ employeeId: employees.id, path: departments.path })
    .from(employees)
    .innerJoin(departments, eq(departments.id, employees.departmentId))
    .where(anyBigint(employees.id, ids))
    .union(
      db
        .select({ employeeId: employeeDepartments.employeeId, path: departments.path })
        .from(employeeDepartments)
        .innerJoin(departments, eq(departments.id, employeeDepartments.departmentId))
        .where(anyBigint(employeeDepartments.employeeId, ids)),
    );
  // Departments each person belongs to, with their ancestors (a path lists them): parsed once per path, shared by
  // everyone in that department — the board asks this for thousands of people at a time.
  const idsOfPath = new Map<string, number[]>();
  const pathsOf = new Map<number, string[]>();
  for (const d of deptRows) {
    if (!idsOfPath.has(d.path)) idsOfPath.set(d.path, d.path.split("/").filter(Boolean).map(Number));
    const mine = pathsOf.get(d.employeeId);
    if (mine) mine.push(d.path);
    else pathsOf.set(d.employeeId, [d.path]);
  }
  const allAncestors = [...new Set([...idsOfPath.values()].flat())];
  const members = await db
    .select({ groupId: attendanceGroupMembers.groupId, employeeId: attendanceGroupMembers.employeeId, departmentId: attendanceGroupMembers.departmentId, excluded: attendanceGroupMembers.excluded, priority: attendanceGroups.priority, group: attendanceGroups })
    .from(attendanceGroupMembers)
    .innerJoin(attendanceGroups, eq(attendanceGroups.id, attendanceGroupMembers.groupId))
    .where(
      or(
        anyBigint(attendanceGroupMembers.employeeId, ids),
        allAncestors.length ? and(isNull(attendanceGroupMembers.employeeId), inArray(attendanceGroupMembers.departmentId, allAncestors)) : sql`false`,
      ),
    );
  type Member = (typeof members)[number];
  const personal = new Map<number, Member[]>();
  const byDepartment = new Map<number, Member[]>();
  for (const m of members) {
    const [map, k] = m.employeeId != null ? [personal, m.employeeId] : [byDepartment, m.departmentId];
    if (k == null) continue;
    const list = map.get(k);
    if (list) list.push(m);
    else map.set(k, [m]);
  }
  const choose = (mine: Member[], id: number | null) => {
    const excluded = new Set(mine.filter((m) => m.excluded && m.employeeId === id).map((m) => m.groupId));
    const ranked = mine
      .filter((m) => !m.excluded && !excluded.has(m.groupId))
      .sort((a, b) => Number(b.employeeId != null) - Number(a.employeeId != null) || b.priority - a.priority || a.groupId - b.groupId);
    return ranked.length ? ranked[0].groupId : undefined;
  };
  const chosen = new Map<number, number>();
  // People with no membership of their own get the same answer as everyone in the same departments: once per set.
  const byPaths = new Map<string, number | undefined>();
  for (const id of ids) {
    const paths = pathsOf.get(id) ?? [];
    const viaDepartments = () => [...new Set(paths.flatMap((p) => idsOfPath.get(p)!))].flatMap((d) => byDepartment.get(d) ?? []);
    let group: number | undefined;
    const own = personal.get(id);
    if (own) group = choose([...own, ...viaDepartments()], id);
    else {
      const k = paths.length === 1 ? paths[0] : [...paths].sort().join("|");
      if (byPaths.has(k)) group = byPaths.get(k);
      else byPaths.set(k, (group = choose(viaDepartments(), id)));
    }
    if (group !== undefined) chosen.set(id, group);
  }
  // The group rows came with their memberships (the join above): no second read.
  const groups = new Map<number, GroupRow>(members.map((m) => [m.groupId, m.group]));
  for (const id of ids) out.set(id, chosen.has(id) ? (groups.get(chosen.get(id)!) ?? null) : null);
  return out;
}

/** The attendance group that applies to one person. */
export async function groupOf(db: Db, employeeId: number) {
  return (await groupsOf(db, [employeeId])).get(employeeId) ?? null;
}

export type Plan = DayPlan & { dayType: DayType };

/** The shift instance of each requested person-day (roster first, then the group's calendar week). */
export async function plansForMany(db: Db, pairs: PersonDay[]): Promise<Map<string, Plan>> {
  const out = new Map<string, Plan>();
  if (!pairs.length) return out;
  const empIds = [...new Set(pairs.map((p) => p.employeeId))];
  const dates = [...new Set(pairs.map((p) => p.date))];
  // Independent reads: together on a pool, in turn inside a transaction.
  const [types, rosterRows, groups] = await readTogether<[Map<string, DayType>, { employeeId: number; date: string; shiftId: number | null }[], Map<number, GroupRow | null>]>(db, [
    () => dayTypes(db, dates),
    () => db.select({ employeeId: rosters.employeeId, date: rosters.date, shiftId: rosters.shiftId }).from(rosters).where(and(anyBigint(rosters.employeeId, empIds), anyDate(rosters.date, dates))),
    () => groupsOf(db, empIds),
  ]);
  const roster = new Map(rosterRows.map((r) => [pairKey(r.employeeId, r.date), r]));
  const shiftIds = [...new Set([...rosterRows.map((r) => r.shiftId), ...[...groups.values()].map((g) => g?.defaultShiftId)].filter((x): x is number => x != null))];
  const shiftRows = shiftIds.length ? await db.select().from(shifts).where(inArray(shifts.id, shiftIds)) : [];
  const byId = new Map(shiftRows.map((s) => [s.id, toRule(s)]));
  // One schedule object per group, not one per person-day (the board plans thousands at a time).
  const scheduleOf = new Map<number, { schedule: GroupRow["schedule"]; shift: ShiftRule | null }>();
  for (const g of groups.values())
    if (g && !scheduleOf.has(g.id)) scheduleOf.set(g.id, { schedule: g.schedule, shift: g.defaultShiftId != null ? (byId.get(g.defaultShiftId) ?? null) : null });
  for (const p of pairs) {
    const dayType = types.get(p.date)!;
    const k = pairKey(p.employeeId, p.date);
    const r = roster.get(k);
    const group = groups.get(p.employeeId);
    const shift = resolveShift(dayType, r ? { shift: r.shiftId != null ? (byId.get(r.shiftId) ?? null) : null } : undefined, group ? scheduleOf.get(group.id) : undefined);
    out.set(k, { businessDate: p.date, shift, dayType });
  }
  return out;
}

/** The shift instance of each date for one person. */
export async function plansFor(db: Db, employeeId: number, dates: string[]): Promise<Map<string, Plan>> {
  const all = await plansForMany(db, dates.map((date) => ({ employeeId, date })));
  return new Map(dates.map((d) => [d, all.get(pairKey(employeeId, d))!]));
}

const localDate = (at: Date, tz: string) => businessDate(at, tz);

/** The business date of each punch (night shifts: the date the shift started); plans loaded once for all of them. */
export async function businessDatesForPunches(
  db: Db,
  items: { employeeId: number; at: Date }[],
  tz = env().ORG_TIMEZONE,
  /** Filled with the plans loaded here, for a recompute in the same transaction to reuse. */
  planCache?: Map<string, Plan>,
): Promise<string[]> {
  const around = items.map((i) => {
    const local = localDate(i.at, tz);
    return [addDays(local, -1), local, addDays(local, 1)];
  });
  const plans = await plansForMany(db, items.flatMap((i, n) => around[n].map((date) => ({ employeeId: i.employeeId, date }))));
  if (planCache) for (const [k, v] of plans) planCache.set(k, v);
  return items.map((i, n) => businessDateOf(i.at, around[n].map((d) => plans.get(pairKey(i.employeeId, d))!), tz));
}

/** The business date a punch counts for (night shifts: the date the shift started). */
export async function businessDateForPunch(db: Db, employeeId: number, at: Date, tz = env().ORG_TIMEZONE): Promise<string> {
  return (await businessDatesForPunches(db, [{ employeeId, at }], tz))[0];
}

/** Stored row vs a fresh result, key by key (jsonb may reorder object keys, so objects compare canonically). */
function sameResult(row: Record<string, unknown>, fresh: Record<string, unknown>): boolean {
  return Object.keys(fresh).every((k) => canonical(fresh[k]) === canonical(row[k]));
}
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
}
function rowValues(r: DayResult) {
  return {
    dayType: r.dayType,
    shiftId: r.shiftId,
    statuses: r.statuses,
    lateMinutes: r.lateMinutes,
    earlyLeaveMinutes: r.earlyLeaveMinutes,
    workedMinutes: r.workedMinutes,
    leaveMinutes: r.leaveMinutes,
    overtimeWorkdayMinutes: r.overtime.workday,
    overtimeRestDayMinutes: r.overtime.restDay,
    overtimeHolidayMinutes: r.overtime.holiday,
    evidencePunchIds: r.evidence.punchIds,
    evidenceLeaveIds: r.evidence.spanIds,
    detail: { slots: r.slots, suspiciousPunchIds: r.evidence.suspiciousPunchIds },
    explanation: r.explanation,
  };
}

/** Stored columns as the comparison needs them (raw SQL rows come back snake_case, bigints as strings). */
interface StoredDay {
  id: number;
  version: number;
  values: Record<string, unknown>;
}

export interface RecomputeOutcome {
  employeeId: number;
  date: string;
  result: DayResult;
  version: number;
  changed: boolean;
}

/** attendance_days columns as written by the recompute (snake_case, SQL type). */
export const DAY_COLUMNS: [string, string][] = [
  ["employee_id", "bigint"], ["business_date", "date"], ["day_type", "text"], ["shift_id", "bigint"], ["statuses", "text[]"],
  ["late_minutes", "int"], ["early_leave_minutes", "int"], ["worked_minutes", "int"], ["leave_minutes", "int"],
  ["overtime_workday_minutes", "int"], ["overtime_rest_day_minutes", "int"], ["overtime_holiday_minutes", "int"],
  ["evidence_punch_ids", "bigint[]"], ["evidence_leave_ids", "bigint[]"], ["detail", "jsonb"], ["explanation", "text"], ["version", "int"],
];
const SNAKE = new Map<string, string>();
const snake = (k: string) => SNAKE.get(k) ?? (SNAKE.set(k, k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)), SNAKE.get(k)!);
export function dayJson(w: typeof attendanceDays.$inferInsert): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const k in w) o[snake(k)] = (w as Record<string, unknown>)[k];
  return o;
}

/** Person-days per chunk: bounds memory and statement size (≈ 320 people × a month). */
const CHUNK = 10_000;

/** What arrived for each person-day, queued as late evidence when its period is locked. */
export type LateCauses = LateCause | ((p: PersonDay) => LateCause[]);

/**
 * Recompute a set of person-days from the stored inputs (each once, whatever the duplicates). Run it inside the
 * transaction of the change that triggered it: stored rows are locked (FOR UPDATE) while they are compared.
 * Person-days inside a locked payroll period are not recomputed (no outcome): `causes` are queued for them instead.
 */
export async function recomputeMany(
  db: Db,
  pairs: PersonDay[],
  tz = env().ORG_TIMEZONE,
  /** Plans already loaded in this transaction (businessDatesForPunches): not loaded again. */
  planCache?: Map<string, Plan>,
  causes: LateCauses = RECOMPUTE_CAUSE,
): Promise<RecomputeOutcome[]> {
  const deduped = [...new Map(pairs.map((p) => [pairKey(p.employeeId, p.date), { employeeId: p.employeeId, date: p.date }])).values()];
  const open = await holdLockedDays(db, deduped, typeof causes === "function" ? causes : () => [causes]);
  const uniq = open.sort(
    (a, b) => a.employeeId - b.employeeId || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0),
  );
  const out: RecomputeOutcome[] = [];
  for (let i = 0; i < uniq.length; i += CHUNK) out.push(...(await recomputeChunk(db, uniq.slice(i, i + CHUNK), tz, planCache)));
  return out;
}

async function recomputeChunk(db: Db, pairs: PersonDay[], tz: string, planCache?: Map<string, Plan>): Promise<RecomputeOutcome[]> {
  if (!pairs.length) return [];
  const empIds = [...new Set(pairs.map((p) => p.employeeId))];
  const E = bigintArray(pairs.map((p) => p.employeeId));
  const D = dateArray(pairs.map((p) => p.date));
  const missing = planCache ? pairs.filter((p) => !planCache.has(pairKey(p.employeeId, p.date))) : pairs;
  const plans = missing.length ? await plansForMany(db, missing) : new Map<string, Plan>();
  if (planCache) for (const p of pairs) if (!plans.has(pairKey(p.employeeId, p.date))) plans.set(pairKey(p.employeeId, p.date), planCache.get(pairKey(p.employeeId, p.date))!);

  // One statement (one round trip) for three independent inputs, told apart by `k`:
  // 'p' the punches, by person and date range (the (employee_id, business_date) index), then kept for the requested
  //     days only; 'm' the org's overtime mode; 's' the spans touching each day or the night after it (a night shift
  //     ends the next morning).
  const wanted = new Set(pairs.map((p) => pairKey(p.employeeId, p.date)));
  const dateSpan = pairs.map((p) => p.date).sort();
  const from = zonedTimeToUtc(addDays(dateSpan[0], -1), "00:00", tz);
  const to = zonedTimeToUtc(addDays(dateSpan[dateSpan.length - 1], 2), "00:00", tz);
  type InputRow = {
    k: "p" | "s" | "m";
    id: string | number | null;
    employee_id: string | number | null;
    business_date: string | null;
    at: string | Date | null;
    direction: "in" | "out" | null;
    field: boolean | null;
    suspicious: boolean | null;
    kind: SpanInput["kind"] | null;
    ends_at: string | Date | null;
    mode: string | null;
  };
  const inputRows = rowsOf<InputRow>(
    await db.execute(sql`
      SELECT 'p' AS k, p.id, p.employee_id, p.business_date::text AS business_date, p.punched_at AS at, p.direction, p.field, p.suspicious,
             NULL::text AS kind, NULL::timestamptz AS ends_at, NULL::text AS mode
        FROM punches p
       WHERE p.employee_id = ANY(${bigintArray(empIds)}) AND p.business_date BETWEEN ${dateSpan[0]}::date AND ${dateSpan[dateSpan.length - 1]}::date
         AND p.change_state <> 'vanished'
      UNION ALL
      SELECT 's', s.id, s.employee_id, NULL, s.starts_at, NULL, NULL, NULL, s.kind, s.ends_at, NULL
        FROM leave_spans s
       WHERE s.employee_id = ANY(${bigintArray(empIds)}) AND s.cancelled_at IS NULL
         AND s.starts_at < ${to.toISOString()}::timestamptz AND s.ends_at >= ${from.toISOString()}::timestamptz
      UNION ALL
      SELECT 'm', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, a.value->>'mode' FROM app_settings a WHERE a.key = ${OVERTIME_MODE_KEY}
      ORDER BY 1, 2`),
  );
  const punchesOf = new Map<string, PunchInput[]>();
  const spansOf = new Map<number, (SpanInput & { employeeId: number })[]>();
  let modeRow: InputRow | undefined;
  for (const r of inputRows) {
    if (r.k === "m") modeRow = r;
    else if (r.k === "s") {
      const employeeId = Number(r.employee_id);
      spansOf.set(employeeId, [...(spansOf.get(employeeId) ?? []), { id: Number(r.id), employeeId, kind: r.kind!, startsAt: new Date(r.at!), endsAt: new Date(r.ends_at!) }]);
    } else {
      const k = pairKey(Number(r.employee_id), r.business_date!);
      if (!wanted.has(k)) continue;
      const list = punchesOf.get(k) ?? [];
      list.push({ id: Number(r.id), at: new Date(r.at!), direction: r.direction, field: r.field!, suspicious: r.suspicious! });
      punchesOf.set(k, list);
    }
  }

  // Approved overtime (read by the approval modes only) and, for "approval_punches", the punches of other business
  // dates close to an approved window (a night overtime's punch-out the next morning).
  const mode = parseOvertimeMode(modeRow ? { mode: modeRow.mode ?? undefined } : undefined);
  const overtimeOf = new Map<string, OvertimeWindow[]>();
  const nearPunchesOf = new Map<string, PunchInput[]>();
  if (mode !== "punches") {
    const otRows = await db
      .select({ id: overtimeApprovals.id, employeeId: overtimeApprovals.employeeId, date: overtimeApprovals.businessDate, startsAt: overtimeApprovals.startsAt, endsAt: overtimeApprovals.endsAt })
      .from(overtimeApprovals)
      .where(and(anyBigint(overtimeApprovals.employeeId, empIds), isNull(overtimeApprovals.cancelledAt), gte(overtimeApprovals.businessDate, dateSpan[0]), sql`${overtimeApprovals.businessDate} <= ${dateSpan[dateSpan.length - 1]}::date`));
    for (const r of otRows) {
      const k = pairKey(r.employeeId, r.date);
      if (!wanted.has(k)) continue;
      overtimeOf.set(k, [...(overtimeOf.get(k) ?? []), { id: r.id, startsAt: r.startsAt, endsAt: r.endsAt }]);
    }
    if (mode === "approval_punches" && overtimeOf.size) {
      const NEAR = 2 * 3_600_000;
      const all = [...overtimeOf.values()].flat();
      const lo = new Date(Math.min(...all.map((w) => w.startsAt.getTime())) - NEAR);
      const hi = new Date(Math.max(...all.map((w) => w.endsAt.getTime())) + NEAR);
      const near = rowsOf<{ id: string | number; employee_id: string | number; business_date: string; at: string | Date }>(
        await db.execute(sql`
          SELECT p.id, p.employee_id, p.business_date::text AS business_date, p.punched_at AS at FROM punches p
           WHERE p.employee_id = ANY(${bigintArray([...new Set(all.length ? otRows.map((r) => r.employeeId) : [])])})
             AND p.punched_at >= ${lo.toISOString()}::timestamptz AND p.punched_at < ${hi.toISOString()}::timestamptz AND p.change_state <> 'vanished'`),
      );
      for (const [k, ws] of overtimeOf) {
        const [emp, date] = [Number(k.split(":")[0]), k.slice(k.indexOf(":") + 1)];
        const list = near
          .filter((r) => Number(r.employee_id) === emp && r.business_date !== date)
          .map((r) => ({ id: Number(r.id), at: new Date(r.at) }))
          .filter((x) => ws.some((w) => x.at.getTime() >= w.startsAt.getTime() - NEAR && x.at.getTime() <= w.endsAt.getTime() + NEAR));
        if (list.length) nearPunchesOf.set(k, list);
      }
    }
  }

  const storedRows = await db
    .select()
    .from(attendanceDays)
    .where(sql`(${attendanceDays.employeeId}, ${attendanceDays.businessDate}) IN (SELECT * FROM unnest(${E}, ${D}))`)
    .orderBy(attendanceDays.employeeId, attendanceDays.businessDate)
    .for("update");
  const stored = new Map<string, StoredDay>(
    storedRows.map((r) => [pairKey(r.employeeId, r.businessDate), { id: r.id, version: r.version, values: r as unknown as Record<string, unknown> }]),
  );

  // Evaluate in slices; each slice's writes go in one statement, sent while the next slice is evaluated (pipelined:
  // the database writes one slice as this process computes the next; one write in flight at a time, awaited before
  // the next is sent and before returning, so a failed write still fails the recompute and its transaction).
  const outcomes: RecomputeOutcome[] = [];
  // A shift instance's expected slots, once per (shift, date) in the chunk (the same for everyone on it).
  const slotsMemo = new Map<ShiftRule | null, Map<string, ReturnType<typeof slotJson>[]>>();
  const slotsOf = (date: string, shift: ShiftRule | null) => {
    let byDate = slotsMemo.get(shift);
    if (!byDate) slotsMemo.set(shift, (byDate = new Map()));
    let list = byDate.get(date);
    if (!list) byDate.set(date, (list = expectedSlots(date, shift, tz).map(slotJson)));
    return list;
  };
  let inFlight: Promise<unknown> | null = null;
  const settle = async () => {
    if (!inFlight) return;
    const w = inFlight;
    inFlight = null;
    await w;
  };
  const SLICE = 1_250;
  const YIELD_EVERY = 250; // person-days evaluated between yields to the event loop while a write is in flight
  for (let from = 0; from < pairs.length; from += SLICE) {
    const writes: (typeof attendanceDays.$inferInsert)[] = [];
    const slotRows: Record<string, unknown>[] = [];
    const slotCounts: { employeeId: number; date: string; n: number }[] = [];
    const slice = pairs.slice(from, from + SLICE);
    for (let n = 0; n < slice.length; n++) {
      // Let the socket send the in-flight write and read its answer while this slice is evaluated.
      if (inFlight && n % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
      const p = slice[n];
      const k = pairKey(p.employeeId, p.date);
      const plan = plans.get(k)!;
      const own = spansOf.get(p.employeeId);
      let spans: SpanInput[] = [];
      if (own) {
        const dayFrom = zonedTimeToUtc(addDays(p.date, -1), "00:00", tz).getTime();
        const dayTo = zonedTimeToUtc(addDays(p.date, 2), "00:00", tz).getTime();
        spans = own.filter((s) => s.startsAt.getTime() < dayTo && s.endsAt.getTime() >= dayFrom).map(({ id, kind, startsAt, endsAt }) => ({ id, kind, startsAt, endsAt }));
      }
      const result = evaluateDay({ employeeId: p.employeeId, businessDate: p.date, tz, dayType: plan.dayType, shift: plan.shift, punches: punchesOf.get(k) ?? [], spans, overtimeMode: mode, overtimeApprovals: overtimeOf.get(k) ?? [], overtimePunches: nearPunchesOf.get(k) });
      const values = rowValues(result);
      const existing = stored.get(k);
      if (existing && sameResult(existing.values, values)) {
        outcomes.push({ employeeId: p.employeeId, date: p.date, result, version: existing.version, changed: false });
        continue;
      }
      const version = existing ? existing.version + 1 : 1;
      outcomes.push({ employeeId: p.employeeId, date: p.date, result, version, changed: true });
      writes.push({ employeeId: p.employeeId, businessDate: p.date, ...values, version });
      const slots = slotsOf(p.date, plan.shift);
      slotCounts.push({ employeeId: p.employeeId, date: p.date, n: slots.length });
      for (const s of slots) {
        const r = result.slots[s.index];
        slotRows.push({
          employee_id: p.employeeId,
          business_date: p.date,
          slot: s.index,
          kind: s.kind,
          shift_id: plan.shift?.id ?? null,
          expected_at: s.expectedAt,
          window_start: s.windowStart,
          window_end: s.windowEnd,
          // A missing slot whose window is still open reads as "not yet punched" (window_end > now()) in queries.
          status: r?.status ?? "pending",
          punch_id: r?.punchId ?? null,
        });
      }
    }
    if (!writes.length) continue;
    const st = writeStatement(writes, slotRows, slotCounts);
    await settle();
    // .then once: drizzle's query runs on each then(), so the statement is started exactly here, exactly once.
    const w = db.execute(st).then(() => undefined);
    w.catch(() => {}); // handled by settle(); this only keeps a rejection from being reported as unhandled meanwhile
    inFlight = w;
  }
  await settle();
  return outcomes;
}

/** An expected slot as written to expected_slots (instants as ISO strings, converted once per shift instance). */
function slotJson(s: Slot) {
  return { index: s.index, kind: s.kind, expectedAt: s.expectedAt.toISOString(), windowStart: s.windowStart.toISOString(), windowEnd: s.windowEnd.toISOString() };
}

/**
 * One statement per slice: upsert the results (rows as one JSON parameter; computed_at from the database clock, the
 * pull API pages on it), drop the slots past each day's new count and upsert the rest, and enqueue the OA snapshot
 * of every row written (from the upsert's RETURNING: the exact version just stored).
 */
function writeStatement(writes: (typeof attendanceDays.$inferInsert)[], slotRows: Record<string, unknown>[], slotCounts: { employeeId: number; date: string; n: number }[]): SQL {
  const cols = sql.raw(DAY_COLUMNS.map(([c]) => c).join(", "));
  const withClause = sql`WITH up AS (
      INSERT INTO attendance_days AS t (${cols}, computed_at)
      SELECT ${cols}, now()
        FROM jsonb_to_recordset(${JSON.stringify(writes.map(dayJson))}::jsonb) AS x(${sql.raw(DAY_COLUMNS.map(([c, type]) => `${c} ${type}`).join(", "))})
      ON CONFLICT (employee_id, business_date) DO UPDATE SET
        ${sql.raw(DAY_COLUMNS.filter(([c]) => !["employee_id", "business_date", "version"].includes(c)).map(([c]) => `${c} = excluded.${c}`).join(", "))},
        version = greatest(excluded.version, t.version + 1), -- a row another transaction inserted meanwhile still moves forward
        computed_at = now()
      RETURNING t.*
    ), slots_gone AS (
      DELETE FROM expected_slots s
       USING unnest(${bigintArray(slotCounts.map((c) => c.employeeId))}, ${dateArray(slotCounts.map((c) => c.date))}, ${sql.raw(`'{${slotCounts.map((c) => Math.trunc(Number(c.n))).join(",")}}'::int[]`)}) AS k(e, d, n)
       WHERE s.employee_id = k.e AND s.business_date = k.d AND s.slot >= k.n
    ), slots_put AS (
      INSERT INTO expected_slots (employee_id, business_date, slot, kind, shift_id, expected_at, window_start, window_end, status, punch_id)
      SELECT employee_id, business_date, slot, kind, shift_id, expected_at, window_start, window_end, status, punch_id
        FROM jsonb_to_recordset(${JSON.stringify(slotRows)}::jsonb) AS x(employee_id bigint, business_date date, slot int, kind text, shift_id bigint,
          expected_at timestamptz, window_start timestamptz, window_end timestamptz, status text, punch_id bigint)
      ON CONFLICT (employee_id, business_date, slot) DO UPDATE SET
        kind = excluded.kind, shift_id = excluded.shift_id, expected_at = excluded.expected_at, window_start = excluded.window_start,
        window_end = excluded.window_end, status = excluded.status, punch_id = excluded.punch_id
    )`;
  return oaSnapshotsStatement("attendance_day", attendanceDaySnapshotSelect(sql`up a`), withClause);
}

/**
 * Recompute one person-day from the stored inputs. Returns the stored result and whether it changed (a new version),
 * or null when its payroll period is locked (the recompute is queued as late evidence).
 * Run it inside the transaction of the change that triggered it.
 */
export async function recomputePersonDay(db: Db, employeeId: number, date: string, tz = env().ORG_TIMEZONE, causes?: LateCauses): Promise<{ result: DayResult; version: number; changed: boolean } | null> {
  const [o] = await recomputeMany(db, [{ employeeId, date }], tz, undefined, causes);
  return o ? { result: o.result, version: o.version, changed: o.changed } : null;
}

/** Recompute each (employee, date) once. Returns how many changed. */
export async function recomputePersonDays(db: Db, pairs: PersonDay[], tz = env().ORG_TIMEZONE, planCache?: Map<string, Plan>, causes?: LateCauses): Promise<number> {
  return (await recomputeMany(db, pairs, tz, planCache, causes)).filter((o) => o.changed).length;
}

/** After a calendar change: every person-day already stored on those dates. */
export async function personDaysOn(db: Db, dates: string[]): Promise<PersonDay[]> {
  if (!dates.length) return [];
  return db
    .select({ employeeId: attendanceDays.employeeId, date: attendanceDays.businessDate })
    .from(attendanceDays)
    .where(inArray(attendanceDays.businessDate, dates))
    .orderBy(attendanceDays.employeeId, attendanceDays.businessDate);
}
