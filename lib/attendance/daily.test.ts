// The daily report (考勤日报) over the demo company: the engine computes a chosen past workday from real punches
// written through the punch store (some absent, a forgotten punch-out, two late, two early, one on leave), and the
// report must scope (a manager sees only the subtree they lead; a filter outside it is a 404; an employee a 403),
// list abnormal people first in the documented order, and count what a recount of attendance_days counts.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { buildDemoOrg } from "@/db/demo-org";
import { seedDemo } from "@/db/seed";
import { employees, leaveSpans } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { rowsOf } from "@/lib/oa-sync/dispatcher";
import { addDays, zonedTimeToUtc } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { departmentIdOf, peopleInDepartments, realViewerOf, refusedWith } from "@/tests/people";
import { refreshCalendar } from "./calendar";
import { compareDaily, dailyKind, dailyPeople, dailyReport, DAILY_KINDS, statusesAsOf, type DailyCounts, type DailyDayInput, type DailyKind, type DailySlot } from "./daily";
import { dailyExport } from "./daily-export";
import { writePunches, type PunchWrite } from "./punches/store";
import { addMonths, departmentTrends, monthsBetween } from "./trends";
import { recomputeMany } from "./recompute";

const DAY = "2026-11-30"; // a Monday workday, in the past of NOW
const NOW = zonedTimeToUtc("2026-12-01", "10:00", "Asia/Shanghai");
const at = (date: string, time: string) => zonedTimeToUtc(date, time, "Asia/Shanghai");
let t: TestDatabase;
let db: Db;
const org = buildDemoOrg();
const leaderOf = (code: string) => org.employees.find((e) => e.isLeader && e.departmentCode === code)!;
const viewerOf = (no: string): Promise<Viewer> => realViewerOf(db, no);
const deptId = (code: string) => departmentIdOf(db, code);
const refused = refusedWith;

// 上海销售一组 (标准班 09:00–18:00, 5 minutes' grace): the crafted people, by employee number.
const d311 = org.employees.filter((e) => e.departmentCode === "D311" && !e.isLeader).map((e) => e.employeeNo).sort();
const [ABSENT, MISSING_OUT, LATE_40, LATE_12, EARLY_30, EARLY_10, ON_LEAVE] = d311;
const CRAFTED: Record<string, [string | null, string | null]> = {
  [ABSENT]: [null, null],
  [MISSING_OUT]: ["08:55", null],
  [LATE_40]: ["09:40", "18:05"],
  [LATE_12]: ["09:12", "18:05"],
  [EARLY_30]: ["08:50", "17:30"],
  [EARLY_10]: ["08:50", "17:50"],
  [ON_LEAVE]: [null, null],
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await refreshCalendar(db, { years: [2026] });
  await seedDemo(db, { now: at(DAY, "07:00") });
  // Everyone in 华东大区 punches a normal day except the crafted people.
  const people = await peopleInDepartments(db, ["D310", "D311", "D312"]);
  const punches: PunchWrite[] = [];
  for (const p of people) {
    const [inAt, outAt] = CRAFTED[p.no] ?? ["08:50", "18:10"];
    if (inAt) punches.push({ source: "device", deviceId: "test-gate", recordId: `daily:${p.no}:in`, employeeId: p.id, punchedAt: at(DAY, inAt), direction: "in" });
    if (outAt) punches.push({ source: "device", deviceId: "test-gate", recordId: `daily:${p.no}:out`, employeeId: p.id, punchedAt: at(DAY, outAt), direction: "out" });
  }
  const leaveId = people.find((p) => p.no === ON_LEAVE)!.id;
  await db.insert(leaveSpans).values({ employeeId: leaveId, kind: "leave", leaveType: "事假", startsAt: at(DAY, "00:00"), endsAt: at(addDays(DAY, 1), "00:00"), source: "test", sourceKey: `daily:${ON_LEAVE}`, reason: "test" });
  await db.transaction((tx) => writePunches(tx, punches, "Asia/Shanghai", { recompute: false }));
  await db.transaction((tx) => recomputeMany(tx, people.map((p) => ({ employeeId: p.id, date: DAY })), "Asia/Shanghai"));
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const day = (statuses: string[], over: Partial<DailyDayInput> = {}): DailyDayInput => ({ shiftId: 1, statuses, lateMinutes: 0, earlyLeaveMinutes: 0, ...over });

describe("dailyKind: the one kind a person-day is listed under", () => {
  const cases: { name: string; day: DailyDayInput | null; kind: DailyKind }[] = [
    { name: "nothing computed", day: null, kind: "none" },
    { name: "absent wins over a missing punch", day: day(["absent", "missing_in"]), kind: "absent" },
    { name: "missing punch-out", day: day(["normal", "missing_out"]), kind: "missing" },
    { name: "late and missing: missing first", day: day(["late", "missing_out"], { lateMinutes: 20 }), kind: "missing" },
    { name: "late counted absent is late", day: day(["absent_late"], { lateMinutes: 150 }), kind: "late" },
    { name: "late and early: late first", day: day(["late", "early_leave"], { lateMinutes: 5, earlyLeaveMinutes: 30 }), kind: "late" },
    { name: "early leave", day: day(["early_leave"], { earlyLeaveMinutes: 30 }), kind: "early_leave" },
    { name: "a whole day's leave", day: day(["leave"]), kind: "away" },
    { name: "field work", day: day(["field"]), kind: "away" },
    { name: "normal", day: day(["normal"]), kind: "normal" },
    { name: "a rest day", day: day(["rest"], { shiftId: null }), kind: "rest" },
    { name: "today, nothing due yet", day: day(["pending"]), kind: "not_yet" },
  ];
  for (const c of cases) it(c.name, () => expect(dailyKind(c.day)).toBe(c.kind));
});

describe("statusesAsOf: a day not over counts only the slots already due", () => {
  const slot = (kind: "in" | "out", time: string, status: string, punchId: number | null = null): DailySlot => ({ kind, status, effectiveAt: at(DAY, time).toISOString(), punchId });
  const standard = (inStatus: string, outStatus: string, inPunch: number | null) => [slot("in", "09:00", inStatus, inPunch), slot("out", "18:00", outStatus)];
  const cases: { name: string; statuses: string[]; slots: DailySlot[]; now: string; out: string[]; inProgress: boolean }[] = [
    { name: "on time in, punch-out ahead: normal, not missing", statuses: ["missing_out"], slots: standard("normal", "missing_out", 1), now: "10:00", out: ["normal"], inProgress: true },
    { name: "late in, punch-out ahead: late only", statuses: ["late", "missing_out"], slots: standard("late", "missing_out", 1), now: "10:00", out: ["late"], inProgress: true },
    { name: "before the first punch is due: pending", statuses: ["absent"], slots: standard("absent", "absent", null), now: "08:30", out: ["pending"], inProgress: true },
    { name: "punch-in overdue: absent stays", statuses: ["absent"], slots: standard("absent", "absent", null), now: "10:00", out: ["absent"], inProgress: true },
    { name: "the day is over: unchanged", statuses: ["late", "missing_out"], slots: standard("late", "missing_out", 1), now: "23:00", out: ["late", "missing_out"], inProgress: false },
    { name: "no slots (rest day): unchanged", statuses: ["rest"], slots: [], now: "10:00", out: ["rest"], inProgress: false },
  ];
  for (const c of cases) it(c.name, () => expect(statusesAsOf(c.statuses, c.slots, at(DAY, c.now))).toEqual({ statuses: c.out, inProgress: c.inProgress }));
});

describe("compareDaily: abnormal first, worst first", () => {
  const p = (employeeNo: string, kind: DailyKind, lateMinutes = 0, earlyLeaveMinutes = 0) => ({ id: Number(employeeNo.slice(1)), employeeNo, kind, lateMinutes, earlyLeaveMinutes });
  const cases: { name: string; input: ReturnType<typeof p>[]; order: string[] }[] = [
    { name: "kinds in DAILY_KINDS order", input: DAILY_KINDS.map((k, i) => p(`E${9 - i}`, k)).reverse(), order: ["E9", "E8", "E7", "E6", "E5", "E4", "E3", "E2", "E1"] },
    { name: "late by minutes, most first", input: [p("E1", "late", 6), p("E2", "late", 45), p("E3", "late", 12)], order: ["E2", "E3", "E1"] },
    { name: "early leave by minutes, most first", input: [p("E1", "early_leave", 0, 10), p("E2", "early_leave", 0, 30)], order: ["E2", "E1"] },
    { name: "same kind and minutes: by employee number", input: [p("E3", "absent"), p("E1", "absent"), p("E2", "absent")], order: ["E1", "E2", "E3"] },
    { name: "a late person with fewer minutes still before any early leave", input: [p("E1", "early_leave", 0, 90), p("E2", "late", 6)], order: ["E2", "E1"] },
  ];
  for (const c of cases) it(c.name, () => expect([...c.input].sort(compareDaily).map((x) => x.employeeNo)).toEqual(c.order));
});

/** An independent recount from attendance_days of the active people of department `code`'s subtree. */
async function recount(code: string): Promise<Omit<DailyCounts, "rate" | "people">> {
  const [r] = rowsOf<Record<string, number>>(
    await db.execute(sql`
      with scope as (
        select e.id from employees e join departments d on d.id = e.department_id
         where e.status = 'active' and starts_with(d.path, (select path from departments where code = ${code}))
        union select ed.employee_id from employee_departments ed join departments d on d.id = ed.department_id join employees e on e.id = ed.employee_id
         where e.status = 'active' and starts_with(d.path, (select path from departments where code = ${code})))
      select count(*) filter (where a.id is not null and a.shift_id is not null and not 'rest' = any(a.statuses))::int as expected,
             count(*) filter (where 'absent' = any(a.statuses))::int as absent,
             count(*) filter (where a.statuses && array['late','serious_late','absent_late'])::int as late,
             count(*) filter (where 'early_leave' = any(a.statuses))::int as "earlyLeave",
             count(*) filter (where a.statuses && array['missing_in','missing_out'] and not 'absent' = any(a.statuses))::int as missing,
             count(*) filter (where a.statuses && array['leave','trip','field'])::int as away,
             count(*) filter (where a.id is not null and (a.shift_id is null or 'rest' = any(a.statuses)))::int as rest,
             count(*) filter (where a.id is null)::int as none,
             0 as "notYet",
             count(*) filter (where a.shift_id is not null and not 'rest' = any(a.statuses) and not 'absent' = any(a.statuses)
               and a.statuses && array['normal','late','serious_late','absent_late','early_leave','missing_in','missing_out','trip','field'])::int as present
        from scope s left join attendance_days a on a.employee_id = s.id and a.business_date = ${DAY}::date`),
  );
  return r as unknown as Omit<DailyCounts, "rate" | "people">;
}

describe("daily report over the demo company", () => {
  it("lists the crafted abnormal people first, in order: absent, missing punch, late by minutes, early leave by minutes", async () => {
    const manager = await viewerOf(leaderOf("D310").employeeNo);
    const r = await dailyReport(db, manager, { date: DAY, department: await deptId("D311") }, NOW);
    expect(r.people.slice(0, 6).map((p) => [p.employeeNo, p.kind])).toEqual([
      [ABSENT, "absent"],
      [MISSING_OUT, "missing"],
      [LATE_40, "late"],
      [LATE_12, "late"],
      [EARLY_30, "early_leave"],
      [EARLY_10, "early_leave"],
    ]);
    expect(r.people[2].lateMinutes).toBeGreaterThan(r.people[3].lateMinutes);
    expect(r.people[4].earlyLeaveMinutes).toBe(30);
    expect(r.people[5].earlyLeaveMinutes).toBe(10);
    expect(r.people[6]).toMatchObject({ employeeNo: ON_LEAVE, kind: "away" });
    expect(r.people.slice(7).every((p) => p.kind === "normal")).toBe(true);
    expect(r.abnormal).toBe(6);
    expect(r.people[0].explanation).toBeTruthy();
    expect(r.counts).toMatchObject({ absent: 1, missing: 1, late: 2, earlyLeave: 2, away: 1, none: 0, rest: 0 });
  });

  it("counts equal a recount of attendance_days, and the departments' rows add up to them", async () => {
    const hr = await viewerOf(org.employees.find((e) => e.role === "hr" && !e.isLeader)!.employeeNo);
    for (const code of ["D310", "D311"]) {
      const r = await dailyReport(db, hr, { date: DAY, department: await deptId(code) }, NOW);
      const { rate, people, ...counts } = r.counts;
      expect(counts, code).toEqual(await recount(code));
      expect(rate).toBeCloseTo(counts.present / counts.expected, 10);
      expect(people).toBe(r.departments.reduce((n, d) => n + d.counts.people, 0));
      for (const k of ["expected", "present", "late", "earlyLeave", "missing", "absent", "away", "notYet", "rest", "none"] as const) {
        expect(r.departments.reduce((n, d) => n + d.counts[k], 0), `${code} ${k}`).toBe(counts[k]);
      }
    }
  });

  it("a manager sees only the subtree they lead; a filter outside it is not found (404); an employee is refused (403)", async () => {
    const manager = await viewerOf(leaderOf("D310").employeeNo);
    const mine = await dailyPeople(db, manager, { date: DAY }, NOW);
    const allowed = new Set(org.employees.filter((e) => ["D310", "D311", "D312"].includes(e.departmentCode)).map((e) => e.employeeNo));
    // everyone of the subtree (primary department) is listed, and nobody else
    expect(new Set(mine.people.map((p) => p.employeeNo))).toEqual(allowed);
    const report = await dailyReport(db, manager, { date: DAY }, NOW);
    expect(report.departments.map((d) => d.name)).toEqual(["华东大区", "上海销售一组", "杭州销售组"]);
    expect(report.departments.every((d) => d.drillable)).toBe(true);
    expect(await refused(dailyReport(db, manager, { date: DAY, department: await deptId("D321") }, NOW))).toBe(404);
    expect(await refused(dailyPeople(db, manager, { date: DAY, department: await deptId("D700") }, NOW))).toBe(404);
    const employee = await viewerOf(MISSING_OUT);
    expect(await refused(dailyReport(db, employee, { date: DAY }, NOW))).toBe(403);
    const hr = await viewerOf(org.employees.find((e) => e.role === "hr" && !e.isLeader)!.employeeNo);
    const all = await dailyReport(db, hr, { date: DAY }, NOW);
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(employees).where(and(eq(employees.status, "active")));
    expect(all.counts.people).toBe(n);
  });

  it("today (the day not over): a forgotten punch-out is not yet missing; people without a stored day are not yet due, then overdue", async () => {
    const hr = await viewerOf(org.employees.find((e) => e.role === "hr" && !e.isLeader)!.employeeNo);
    const d311 = await dailyReport(db, hr, { department: await deptId("D311") }, at(DAY, "10:00"));
    expect(d311.date).toBe(DAY);
    const kindOf = (no: string) => d311.people.find((p) => p.employeeNo === no)!;
    expect(kindOf(MISSING_OUT)).toMatchObject({ kind: "normal", inProgress: true, statuses: ["normal"] });
    expect(kindOf(ABSENT)).toMatchObject({ kind: "absent", inProgress: true });
    expect(d311.counts.missing).toBe(0);
    // 北京销售组: nobody punched that day and nothing is stored for them
    const early = await dailyReport(db, hr, { department: await deptId("D321") }, at(DAY, "08:30"));
    expect(early.counts.people).toBeGreaterThan(0);
    expect(early.counts.notYet).toBe(early.counts.people);
    expect(early.people.every((p) => p.kind === "not_yet" && p.inProgress)).toBe(true);
    const late = await dailyReport(db, hr, { department: await deptId("D321") }, at(DAY, "10:00"));
    expect(late.counts.absent).toBe(late.counts.people);
    expect(late.counts.rate).toBe(0);
  });

  it("the export holds the page's people in the page's order, in the reader's language", async () => {
    const manager = await viewerOf(leaderOf("D310").employeeNo);
    const q = { date: DAY, department: await deptId("D311") };
    const { table, date } = await dailyExport(db, manager, q, "zh-CN");
    expect(date).toBe(DAY);
    expect(table.header.slice(0, 6)).toEqual(["日期", "工号", "姓名", "部门", "类别", "考勤结果"]);
    const rows = [];
    for await (const row of table.rows) rows.push(row);
    const page = await dailyReport(db, manager, q, NOW);
    expect(rows.map((r) => r[1])).toEqual(page.people.map((p) => p.employeeNo));
    expect(rows[0].slice(4, 6)).toEqual(["旷工", "旷工"]);
    expect(rows[1][4]).toBe("缺卡");
    const en = await dailyExport(db, manager, q, "en");
    const first = (await en.table.rows[Symbol.asyncIterator]().next()).value!;
    expect(first[4]).toBe("Absent");
  });
});

describe("department trends (考勤趋势)", () => {
  it("months between two months, inclusive, across a year end", () => {
    expect(monthsBetween("2026-11", "2027-02")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(monthsBetween("2026-11", "2026-11")).toEqual(["2026-11"]);
    expect(addMonths("2026-12", -5)).toBe("2026-07");
  });

  it("groups one level below the filter, each month's rates equal the daily report's counts of the only computed day", async () => {
    const hr = await viewerOf(org.employees.find((e) => e.role === "hr" && !e.isLeader)!.employeeNo);
    const tr = await departmentTrends(db, hr, { from: "2026-10", to: "2026-11", department: await deptId("D310") }, NOW);
    expect(tr.months).toEqual(["2026-10", "2026-11"]);
    expect(tr.groups.map((g) => g.name)).toEqual(["华东大区", "上海销售一组", "杭州销售组"]);
    const d311 = tr.groups.find((g) => g.name === "上海销售一组")!;
    const daily = await dailyReport(db, hr, { date: DAY, department: await deptId("D311") }, NOW);
    expect(d311.points[0]).toMatchObject({ month: "2026-10", expected: 0, rate: null });
    expect(d311.points[1]).toMatchObject({ month: "2026-11", expected: daily.counts.expected, attended: daily.counts.present, late: daily.counts.late });
    expect(d311.points[1].rate).toBeCloseTo(daily.counts.rate!, 10);
    expect(d311.points[1].lateMinutes).toBe(daily.people.reduce((n, p) => n + p.lateMinutes, 0));
    const sum = tr.groups.reduce((n, g) => n + g.points[1].expected, 0);
    expect(tr.total[1].expected).toBe(sum);
  });

  it("a manager's trends stay in their subtree: a department outside is 404; a bad range is 400", async () => {
    const manager = await viewerOf(leaderOf("D310").employeeNo);
    const mine = await departmentTrends(db, manager, { from: "2026-11", to: "2026-11" }, NOW);
    expect(mine.base.map((b) => b.name)).toEqual(["华东大区"]);
    expect(mine.groups.map((g) => g.name)).toEqual(["华东大区", "上海销售一组", "杭州销售组"]);
    expect(await refused(departmentTrends(db, manager, { department: await deptId("D321") }, NOW))).toBe(404);
    expect(await refused(departmentTrends(db, manager, { from: "2026-12", to: "2026-11" }, NOW))).toBe(400);
    expect(await refused(departmentTrends(db, manager, { from: "2024-01", to: "2026-11" }, NOW))).toBe(400);
    const employee = await viewerOf(MISSING_OUT);
    expect(await refused(departmentTrends(db, employee, {}, NOW))).toBe(403);
  });
});
