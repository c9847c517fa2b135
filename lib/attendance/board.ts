// The manager's live attendance board: for today's business date (ORG_TIMEZONE) and the viewer's scope (managers:
// the subtrees they lead; HR/admin: everyone; an optional sub-department inside that scope), who is expected and
// where each stands — present, late, not yet punched, away (leave / trip / field), absent — with the people behind
// each bucket; the same counts for the last 7 days (the trend); a cheap version for the SSE stream; and the
// "提醒未打卡" nudge through the notification outbox (one per person per day).
//
// Rules are the engine's: a stored person-day (attendance_days, written by every punch) is used as is; a person
// without one today is evaluated by the engine without punches (so leave and trips cover the way the engine says);
// board-buckets.ts adds the clock.
import "server-only";
import { and, gte, inArray, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import { anyBigint, anyDate, readTogether } from "@/lib/sql-arrays";
import type { Db } from "@/db/client";
import { attendanceDays, leaveSpans, punches, shifts } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { appUrl, env } from "@/lib/env";
import { forbidden } from "@/lib/errors";
import { reportDepartment, visibleDepartments } from "@/lib/meetings/report-queries";
import { enqueueNotifications, type ChatNotification } from "@/lib/notifications/outbox";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { addDays, businessDate, zonedTimeToUtc } from "@/lib/time";
import { addToCounts, bucketOf, emptyCounts, EXPECTED_BUCKETS, type AwayKind, type Bucket, type BucketCounts, type ExpectedBucket } from "./board-buckets";
import { evaluateDay, type SlotResult } from "./engine";
import { plansForMany, type Plan } from "./recompute";

/** People listed per bucket (the counts are always complete). */
export const BOARD_LIST_LIMIT = 500;
export const WEEK_DAYS = 7;

export interface BoardPerson {
  id: number;
  name: string;
  employeeNo: string;
  department: string | null;
  /** First punch-in (present / late), ISO. */
  punchedAt: string | null;
  lateMinutes: number;
  /** When the punch-in is (was) due: start + grace, ISO. */
  dueAt: string | null;
  awayKind: AwayKind | null;
  leaveType: string | null;
  field: boolean;
  shiftName: string | null;
}

export interface BoardDepartment {
  id: number;
  name: string;
  depth: number;
}

export interface BoardSnapshot {
  date: string;
  generatedAt: string;
  version: string;
  department: BoardDepartment | null;
  /** Sub-departments the viewer may filter by. */
  departments: BoardDepartment[];
  counts: BucketCounts;
  people: Record<ExpectedBucket, BoardPerson[]>;
  /** Buckets whose list was cut at BOARD_LIST_LIMIT. */
  truncated: ExpectedBucket[];
  /** The people "提醒未打卡" would reach now (not yet + overdue). */
  remindable: number;
}

export interface BoardWeekDay {
  date: string;
  counts: BucketCounts;
}

export interface BoardScope {
  date: string;
  department: BoardDepartment | null;
  /** Department paths whose members are in scope; null = everyone (HR/admin without a filter). */
  paths: string[] | null;
}

/** The board's scope: refused for viewers who lead nothing; a filter outside the scope is not found (404). */
export async function boardScope(db: Db, viewer: Viewer, args: { departmentId?: number; now?: Date } = {}): Promise<BoardScope> {
  if (!canSeeEveryone(viewer) && viewer.managedPaths.length === 0) throw forbidden("the board is for managers, HR and admins");
  const date = businessDate(args.now ?? new Date(), env().ORG_TIMEZONE);
  if (args.departmentId) {
    const d = await reportDepartment(db, viewer, args.departmentId); // 404 outside the viewer's scope
    return { date, department: { id: d.id, name: d.name, depth: d.depth }, paths: [d.path] };
  }
  return { date, department: null, paths: canSeeEveryone(viewer) ? null : [...viewer.managedPaths] };
}

interface ScopePerson {
  id: number;
  name: string;
  employeeNo: string;
  department: string | null;
}

const likePrefix = (p: string) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function membersWhere(paths: string[] | null): SQL {
  if (paths === null) return sql`true`;
  if (!paths.length) return sql`false`;
  const inPaths = sql.join(paths.map((p) => sql`d2.path like ${likePrefix(p)}`), sql` or `);
  return sql`(e.department_id in (select d2.id from departments d2 where ${inPaths})
    or e.id in (select ed.employee_id from employee_departments ed join departments d2 on d2.id = ed.department_id where ${inPaths}))`;
}

/** Active people in scope (primary or secondary department inside it), each once. */
export async function scopePeople(db: Db, scope: Pick<BoardScope, "paths">): Promise<ScopePerson[]> {
  const rows = rowsOf<{ id: string | number; name: string; employee_no: string; department: string | null }>(
    await db.execute(sql`
      select e.id, e.name, e.employee_no, d.name as department
        from employees e left join departments d on d.id = e.department_id
       where e.status = 'active' and ${membersWhere(scope.paths)}
       order by d.path nulls last, e.employee_no`),
  );
  return rows.map((r) => ({ id: Number(r.id), name: r.name, employeeNo: r.employee_no, department: r.department }));
}

export interface DayState {
  bucket: Bucket;
  awayKind: AwayKind | null;
  lateMinutes: number;
  dueAt: string | null;
  field: boolean;
  punchedAt: string | null;
  leaveType: string | null;
  shiftId: number | null;
  shiftKind: string | null;
  /** The shift's name where the plan carried it (the shift row it was resolved from). */
  shiftName?: string | null;
  /** The engine's statuses and slots of the day (stored, or evaluated without punches): reminders read them. */
  statuses: string[];
  slots: SlotResult[];
}

const key = (id: number, date: string) => `${id}:${date}`;

/**
 * Where each person stands on each date, at `now`: stored person-days where they exist, the engine without punches
 * otherwise. A fixed number of statements whatever the number of people and dates.
 */
export async function dayStates(db: Db, ids: number[], dates: string[], now: Date): Promise<Map<string, DayState>> {
  const out = new Map<string, DayState>();
  if (!ids.length || !dates.length) return out;
  const tz = env().ORG_TIMEZONE;
  const pairs = ids.flatMap((employeeId) => dates.map((date) => ({ employeeId, date })));
  const sorted = [...dates].sort();
  const from = zonedTimeToUtc(addDays(sorted[0], -1), "00:00", tz);
  const to = zonedTimeToUtc(addDays(sorted[sorted.length - 1], 2), "00:00", tz);
  // Independent reads: together on a pool, in turn inside a transaction.
  const [plans, stored, punchRows, spans] = await readTogether(db, [
    () => plansForMany(db, pairs),
    () => db
      .select({ employeeId: attendanceDays.employeeId, date: attendanceDays.businessDate, statuses: attendanceDays.statuses, detail: attendanceDays.detail })
      .from(attendanceDays)
      .where(and(anyBigint(attendanceDays.employeeId, ids), anyDate(attendanceDays.businessDate, dates))),
    () => db
      .select({ employeeId: punches.employeeId, date: punches.businessDate, n: sql<number>`count(*)::int`, first: sql<string>`min(${punches.punchedAt})::text` })
      .from(punches)
      .where(and(anyBigint(punches.employeeId, ids), anyDate(punches.businessDate, dates), ne(punches.changeState, "vanished")))
      .groupBy(punches.employeeId, punches.businessDate),
    () => db
      .select({ id: leaveSpans.id, employeeId: leaveSpans.employeeId, kind: leaveSpans.kind, startsAt: leaveSpans.startsAt, endsAt: leaveSpans.endsAt, leaveType: leaveSpans.leaveType })
      .from(leaveSpans)
      .where(and(anyBigint(leaveSpans.employeeId, ids), isNull(leaveSpans.cancelledAt), lt(leaveSpans.startsAt, to), gte(leaveSpans.endsAt, from))),
  ]);
  const storedBy = new Map(stored.map((r) => [key(r.employeeId, r.date), r]));
  const punchBy = new Map(punchRows.map((r) => [key(r.employeeId, r.date), r]));
  const spansOf = new Map<number, typeof spans>();
  for (const s of spans) spansOf.set(s.employeeId, [...(spansOf.get(s.employeeId) ?? []), s]);

  // People without a stored day and without leave are evaluated alike when their plan is the same (the engine's
  // result then differs only in employeeId, which the board does not read): once per plan, not once per person.
  const shiftKeys = new Map<unknown, string>();
  const shiftKey = (shift: Plan["shift"]) => {
    if (!shift) return "-";
    let k = shiftKeys.get(shift);
    if (k === undefined) shiftKeys.set(shift, (k = JSON.stringify(shift)));
    return k;
  };
  // Keyed by the shift first, then date and day type: a per-person key holding the shift's JSON would build a
  // string of hundreds of characters for every person.
  const bare = new Map<string, Map<string, { statuses: string[]; slots: SlotResult[]; bucket: Map<number, ReturnType<typeof bucketOf>> }>>();

  for (const { employeeId, date } of pairs) {
    const k = key(employeeId, date);
    const plan = plans.get(k) as Plan;
    const row = storedBy.get(k);
    const p = punchBy.get(k);
    let statuses: string[];
    let slots: SlotResult[];
    let b: ReturnType<typeof bucketOf>;
    if (row && (row.detail as { slots?: SlotResult[] }).slots) {
      statuses = row.statuses;
      slots = (row.detail as { slots: SlotResult[] }).slots;
      b = bucketOf({ shift: plan.shift, slots, statuses, punchCount: p?.n ?? 0, now });
    } else if (!spansOf.has(employeeId)) {
      const sk = shiftKey(plan.shift);
      let ofShift = bare.get(sk);
      if (!ofShift) bare.set(sk, (ofShift = new Map()));
      const dk = date + plan.dayType;
      let e = ofShift.get(dk);
      if (!e) {
        const r = evaluateDay({ employeeId, businessDate: date, tz, dayType: plan.dayType, shift: plan.shift, punches: [], spans: [] });
        ofShift.set(dk, (e = { statuses: r.statuses, slots: r.slots, bucket: new Map() }));
      }
      statuses = e.statuses;
      slots = e.slots;
      const n = p?.n ?? 0;
      let eb = e.bucket.get(n);
      if (!eb) e.bucket.set(n, (eb = bucketOf({ shift: plan.shift, slots, statuses, punchCount: n, now })));
      b = eb;
    } else {
      const r = evaluateDay({ employeeId, businessDate: date, tz, dayType: plan.dayType, shift: plan.shift, punches: [], spans: spansOf.get(employeeId) ?? [] });
      statuses = r.statuses;
      slots = r.slots;
      b = bucketOf({ shift: plan.shift, slots, statuses, punchCount: p?.n ?? 0, now });
    }
    const inSlot = slots.find((s) => s.kind === "in" && s.punchId != null);
    let leaveType: string | null = null;
    if (b.bucket === "away") {
      const span = slots.find((s) => s.kind === "in" && s.spanId != null)?.spanId;
      leaveType = (spansOf.get(employeeId) ?? []).find((s) => s.id === span)?.leaveType ?? null;
    }
    out.set(k, {
      bucket: b.bucket,
      awayKind: b.awayKind,
      lateMinutes: b.lateMinutes,
      dueAt: b.dueAt,
      field: b.field,
      leaveType,
      punchedAt: inSlot ? (p?.first ? new Date(p.first).toISOString() : null) : p?.first && plan.shift?.kind === "free" ? new Date(p.first).toISOString() : null,
      shiftId: plan.shift?.id ?? null,
      shiftKind: plan.shift?.kind ?? null,
      shiftName: (plan.shift as { name?: string } | null)?.name ?? null,
      statuses,
      slots,
    });
  }
  // The punch-in time as the engine matched it (the first punch of the day may be an early one outside the window).
  const matched = [...out.entries()].filter(([, s]) => s.bucket === "present" || s.bucket === "late");
  if (matched.length) {
    const inIds: number[] = [];
    const idOf = new Map<string, number>();
    for (const [k] of matched) {
      const row = storedBy.get(k);
      const slot = ((row?.detail as { slots?: SlotResult[] } | undefined)?.slots ?? []).find((s) => s.kind === "in" && s.punchId != null);
      if (slot?.punchId) {
        inIds.push(slot.punchId);
        idOf.set(k, slot.punchId);
      }
    }
    if (inIds.length) {
      const at = new Map((await db.select({ id: punches.id, at: punches.punchedAt }).from(punches).where(anyBigint(punches.id, inIds))).map((r) => [r.id, r.at.toISOString()]));
      for (const [k, id] of idOf) out.get(k)!.punchedAt = at.get(id) ?? out.get(k)!.punchedAt;
    }
  }
  return out;
}

/** Today's board for the viewer (optionally one sub-department of their scope). */
export async function attendanceBoard(db: Db, viewer: Viewer, args: { departmentId?: number; now?: Date } = {}): Promise<BoardSnapshot> {
  const now = args.now ?? new Date();
  const scope = await boardScope(db, viewer, { departmentId: args.departmentId, now });
  const people = await scopePeople(db, scope);
  const ids = people.map((p) => p.id);
  // The version is read alongside the states (not after them): a change that lands meanwhile moves the next one.
  const [states, departments, version] = await readTogether(db, [
    () => dayStates(db, ids, [scope.date], now),
    () => boardDepartments(db, viewer, scope),
    () => boardVersion(db, ids, scope.date, now),
  ]);
  // Shift names come with the plans (the shift rows were loaded for them); a query only for any that did not.
  const shiftNames = new Map<number, string>();
  for (const s of states.values()) if (s.shiftId != null && s.shiftName != null) shiftNames.set(s.shiftId, s.shiftName);
  const unnamed = [...new Set([...states.values()].map((s) => s.shiftId).filter((x): x is number => x != null && !shiftNames.has(x)))];
  if (unnamed.length) for (const s of await db.select({ id: shifts.id, name: shifts.name }).from(shifts).where(inArray(shifts.id, unnamed))) shiftNames.set(s.id, s.name);
  const counts = emptyCounts();
  const lists = Object.fromEntries(EXPECTED_BUCKETS.map((b) => [b, [] as BoardPerson[]])) as Record<ExpectedBucket, BoardPerson[]>;
  for (const p of people) {
    const s = states.get(key(p.id, scope.date))!;
    addToCounts(counts, s.bucket);
    if (s.bucket === "rest") continue;
    // A literal, not `{ ...p, … }`: after a spread, V8 puts every further property in an out-of-object array it
    // regrows as they are added (measured: ~5 MB of garbage and several ms of GC a board).
    lists[s.bucket].push({
      id: p.id,
      name: p.name,
      employeeNo: p.employeeNo,
      department: p.department,
      punchedAt: s.punchedAt,
      lateMinutes: s.lateMinutes,
      dueAt: s.dueAt,
      awayKind: s.awayKind,
      leaveType: s.leaveType,
      field: s.field,
      shiftName: s.shiftId != null ? (shiftNames.get(s.shiftId) ?? null) : null,
    });
  }
  // Overdue first among the absent; the latest punch first among the present (what just happened). Sorted before the
  // lists are cut at BOARD_LIST_LIMIT, so a long list keeps its head (the newest punch-ins), not the first people by
  // department order. ISO strings of one format: plain comparison orders them.
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  lists.present.sort((a, b) => cmp(b.punchedAt ?? "", a.punchedAt ?? ""));
  lists.late.sort((a, b) => b.lateMinutes - a.lateMinutes);
  lists.not_yet.sort((a, b) => cmp(a.dueAt ?? "", b.dueAt ?? ""));
  for (const b of EXPECTED_BUCKETS) if (lists[b].length > BOARD_LIST_LIMIT) lists[b].length = BOARD_LIST_LIMIT;
  return {
    date: scope.date,
    generatedAt: now.toISOString(),
    version,
    department: scope.department,
    departments,
    counts,
    people: lists,
    truncated: EXPECTED_BUCKETS.filter((b) => counts[b] > BOARD_LIST_LIMIT),
    remindable: counts.not_yet + counts.absent,
  };
}

/** The departments the filter offers: the viewer's whole visible tree (HR: the company). */
async function boardDepartments(db: Db, viewer: Viewer, _scope: BoardScope): Promise<BoardDepartment[]> {
  const all = await visibleDepartments(db, viewer);
  return all.slice(0, 300).map((d) => ({ id: d.id, name: d.name, depth: d.depth }));
}

/** The same counts for the last WEEK_DAYS dates up to today (oldest first). */
export async function attendanceBoardWeek(db: Db, viewer: Viewer, args: { departmentId?: number; now?: Date } = {}): Promise<BoardWeekDay[]> {
  const now = args.now ?? new Date();
  const scope = await boardScope(db, viewer, { departmentId: args.departmentId, now });
  const people = await scopePeople(db, scope);
  const dates = Array.from({ length: WEEK_DAYS }, (_, i) => addDays(scope.date, i - (WEEK_DAYS - 1)));
  const states = await dayStates(db, people.map((p) => p.id), dates, now);
  return dates.map((date) => {
    const counts = emptyCounts();
    for (const p of people) addToCounts(counts, states.get(key(p.id, date))!.bucket);
    return { date, counts };
  });
}

/**
 * A cheap fingerprint of the board's inputs for today: person-days written (every punch recomputes its day), leave
 * entered, and the minute (buckets move with the clock: not yet → absent). The stream sends a snapshot when it moves.
 */
export async function boardVersion(db: Db, ids: number[], date: string, now = new Date()): Promise<string> {
  if (!ids.length) return `0:${date}:${Math.floor(now.getTime() / 60_000)}`;
  const [r] = rowsOf<{ n: number; c: string | null; s: number; sc: string | null }>(
    await db.execute(sql`
      select (select count(*)::int from attendance_days where business_date = ${date}::date and employee_id = any(${`{${ids.join(",")}}`}::bigint[])) as n,
             (select max(computed_at)::text from attendance_days where business_date = ${date}::date and employee_id = any(${`{${ids.join(",")}}`}::bigint[])) as c,
             (select count(*)::int from leave_spans where employee_id = any(${`{${ids.join(",")}}`}::bigint[]) and ends_at >= ${zonedTimeToUtc(date, "00:00").toISOString()}::timestamptz) as s,
             (select max(coalesce(cancelled_at, created_at))::text from leave_spans where employee_id = any(${`{${ids.join(",")}}`}::bigint[]) and ends_at >= ${zonedTimeToUtc(date, "00:00").toISOString()}::timestamptz) as sc`),
  );
  return `${r.n}:${r.c ?? "-"}:${r.s}:${r.sc ?? "-"}:${Math.floor(now.getTime() / 60_000)}`;
}

export interface RemindResult {
  date: string;
  /** People without a punch-in now (not yet + overdue). */
  total: number;
  queued: number;
  /** Already reminded today (or no chat account to reach them). */
  skipped: number;
  noAccount: number;
}

export const NUDGE_KIND = "attendance_punch_nudge";
export const nudgeKey = (date: string, employeeId: number) => `${NUDGE_KIND}:${date}:${employeeId}`;

/** Each person's chat channel: WeCom when someone has both accounts (as the meeting nudges do); absent = unreachable. */
export async function chatChannelsOf(db: Db, ids: number[]): Promise<Map<number, "wecom" | "dingtalk">> {
  if (!ids.length) return new Map();
  const accounts = rowsOf<{ employee_id: string | number; wecom: boolean }>(
    await db.execute(sql`select employee_id, bool_or(provider = 'wecom') as wecom from identities
      where provider in ('wecom', 'dingtalk') and employee_id = any(${`{${ids.join(",")}}`}::bigint[]) group by employee_id`),
  );
  return new Map(accounts.map((a) => [Number(a.employee_id), a.wecom ? "wecom" : "dingtalk"]));
}

/**
 * The "you haven't punched in" message, one per person per business date: the manager's 提醒未打卡 and the
 * automatic reminder (lib/attendance/reminders.ts) share it and its key, so nobody gets both.
 */
export function punchInNudge(channel: "wecom" | "dingtalk", employeeId: number, date: string, dueAt: string | null): ChatNotification {
  const due = dueAt
    ? new Intl.DateTimeFormat("zh-CN", { timeZone: env().ORG_TIMEZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(dueAt))
    : null;
  return {
    channel,
    recipientEmployeeId: employeeId,
    kind: NUDGE_KIND,
    dedupeKey: nudgeKey(date, employeeId),
    payload: {
      title: "你还没有打上班卡",
      description: `${due ? `今天上班打卡时间 ${due}，` : ""}请尽快在「考勤」里打卡；如已请假或外出请忽略。`,
      url: `${appUrl()}/attendance`,
      buttonText: "去打卡",
      businessDate: date,
    },
  };
}

/**
 * "提醒未打卡": one chat nudge to each person in scope who has not punched in yet (not yet or overdue; never people
 * on leave or resting), through the notification outbox. Keyed per person per day: a second tap queues nothing.
 */
export async function remindNotYet(db: Db, viewer: Viewer, args: { departmentId?: number; now?: Date } = {}): Promise<RemindResult> {
  const now = args.now ?? new Date();
  const scope = await boardScope(db, viewer, { departmentId: args.departmentId, now });
  const people = await scopePeople(db, scope);
  const states = await dayStates(db, people.map((p) => p.id), [scope.date], now);
  const targets = people.filter((p) => {
    const b = states.get(key(p.id, scope.date))!.bucket;
    return b === "not_yet" || b === "absent";
  });
  if (!targets.length) return { date: scope.date, total: 0, queued: 0, skipped: 0, noAccount: 0 };
  const channels = await chatChannelsOf(db, targets.map((p) => p.id));
  const list = targets
    .filter((p) => channels.has(p.id))
    .map((p) => {
      const n = punchInNudge(channels.get(p.id)!, p.id, scope.date, states.get(key(p.id, scope.date))!.dueAt);
      return { ...n, payload: { ...n.payload, requestedBy: viewer.employeeId } };
    });
  const queued = await enqueueNotifications(db, list);
  const noAccount = targets.length - list.length;
  return { date: scope.date, total: targets.length, queued, skipped: targets.length - queued, noAccount };
}

