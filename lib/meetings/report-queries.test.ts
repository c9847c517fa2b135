// The department report against a real migrated database (the demo organisation, its past meetings finalised):
// the drill-down and the per-person summary equal a recount from the attendance rows, agree with the period report,
// and a manager sees only their subtrees — another department by id is a 404, not an empty chart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, meetingAttendance, meetings } from "@/db/schema";
import { ensureStartupData } from "@/db/startup";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError } from "@/lib/errors";
import { addDays, businessDate } from "@/lib/time";
import { createTestDatabase, type TestDatabase } from "@/tests/db";
import { dueForFinalize, finalizeMeeting } from "./mutations";
import { periodReport } from "./queries";
import { departmentBreakdown, departmentSummaryPageAfter, personMeetings, personSummary, personSummaryPageAfter, reportRoots, visibleDepartments, type StatusCounts } from "./report-queries";

let t: TestDatabase;
let db: Db;
let hr: Viewer;
let manager: Viewer; // leads 平台研发部 (D110)
let twoHats: Viewer; // leads 基础架构组 (D111) and 上海销售一组 (D311)
const dept: Record<string, typeof departments.$inferSelect> = {};
const today = businessDate(new Date());
const period = { from: addDays(today, -20), to: today };

const viewer = (id: number, roles: string[], managedPaths: string[] = []): Viewer => ({
  employeeId: id, employeeNo: `V${id}`, name: "viewer", departmentId: null, departmentName: null,
  roles: new Set(roles) as Viewer["roles"], managedPaths, provider: "wecom",
});

/** Every counted row (final meetings, in the period, not pending) with the path of its recorded department. */
async function rawRows() {
  const r = await db.execute(sql`select a.employee_id::int as "employeeId", a.status, d.path from meeting_attendance a join meetings m on m.id = a.meeting_id
    left join departments d on d.id = a.department_id
    where m.finalized_at is not null and a.status <> 'pending' and a.business_date between ${period.from} and ${period.to}`);
  return ((r as unknown as { rows: { employeeId: number; status: string; path: string | null }[] }).rows).map((x) => ({ ...x, employeeId: Number(x.employeeId) }));
}

function recount(rows: { status: string }[]): StatusCounts {
  const c: StatusCounts = { total: 0, on_time: 0, late: 0, early_leave: 0, absent: 0, on_leave: 0 };
  for (const r of rows) {
    c.total++;
    c[r.status as keyof StatusCounts]++;
  }
  return c;
}
const pick = (c: StatusCounts) => ({ total: c.total, on_time: c.on_time, late: c.late, early_leave: c.early_leave, absent: c.absent, on_leave: c.on_leave });

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    if (e instanceof AppError) return e.status;
    throw e;
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.database.db;
  await ensureStartupData(t.database);
  for (const d of await db.select().from(departments)) dept[d.code] = d;
  // A leave and a walk-in in 基础架构组 so every status occurs; then finalise every ended meeting (absences written).
  const [someone] = await db.select().from(employees).where(eq(employees.departmentId, dept.D111.id)).limit(1);
  const [past] = await db.select().from(meetings).where(eq(meetings.status, "ended")).limit(1);
  await db.update(meetingAttendance).set({ status: "on_leave", method: null, checkedInAt: null }).where(and(eq(meetingAttendance.meetingId, past.id), eq(meetingAttendance.employeeId, someone.id)));
  for (;;) {
    const due = await dueForFinalize(db, new Date());
    if (!due.length) break;
    for (const m of due) await finalizeMeeting(db, m);
  }
  hr = viewer(1, ["hr"]);
  manager = viewer(2, ["employee", "manager"], [dept.D110.path]);
  twoHats = viewer(3, ["employee", "manager"], [dept.D111.path, dept.D311.path]);
});
afterAll(async () => t?.close());

describe("where a report starts", () => {
  it("HR at the company (the root department, named); a manager at the departments they lead, not their parent", async () => {
    expect((await reportRoots(db, hr)).map((d) => d.name)).toEqual([dept.D000.name]);
    expect((await reportRoots(db, manager)).map((d) => d.id)).toEqual([dept.D110.id]);
    expect((await reportRoots(db, twoHats)).map((d) => d.id).sort()).toEqual([dept.D111.id, dept.D311.id].sort());
    // a department led inside another led one counts once
    expect((await reportRoots(db, viewer(4, ["manager"], [dept.D110.path, dept.D111.path]))).map((d) => d.id)).toEqual([dept.D110.id]);
  });

  it("the picker lists only the viewer's subtrees", async () => {
    const mine = await visibleDepartments(db, manager);
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.every((d) => d.path.startsWith(dept.D110.path))).toBe(true);
    expect((await visibleDepartments(db, hr)).length).toBe(Object.values(dept).filter((d) => d.status === "active").length);
  });
});

describe("drill-down", () => {
  it("HR's top level: the root's units plus the company itself, equal to a recount and to the period report", async () => {
    const rows = await rawRows();
    expect(rows.length).toBeGreaterThan(100);
    const b = await departmentBreakdown(db, hr, period);
    expect(b.node?.id).toBe(dept.D000.id);
    expect(b.trail.map((d) => d.id)).toEqual([dept.D000.id]);
    for (const bar of b.bars) {
      const mine = bar.kind === "direct" ? rows.filter((r) => r.path === dept.D000.path) : rows.filter((r) => r.path?.startsWith(`${dept[codeOf(bar.departmentId!)].path}`));
      expect(pick(bar), bar.label).toEqual(recount(mine));
      expect(bar.people).toBe(new Set(mine.map((r) => r.employeeId)).size);
      expect(Number.isInteger(bar.total)).toBe(true);
    }
    expect(b.bars.find((x) => x.kind === "direct")?.label ?? dept.D000.name).toBe(dept.D000.name); // named, never "no department"
    expect(b.bars.some((x) => x.kind === "none")).toBe(false);
    expect(pick(b.totals)).toEqual(recount(rows));
    const sum = b.bars.reduce((s, x) => s + x.total, 0);
    expect(sum).toBe(b.totals.total);
    const pr = await periodReport(db, hr, period);
    expect(pick(pr.totals)).toEqual(pick(b.totals));
  });

  it("a manager starts at their department; drills to a team (a leaf) and a person; numbers equal a recount", async () => {
    const rows = (await rawRows()).filter((r) => r.path?.startsWith(dept.D110.path));
    const b = await departmentBreakdown(db, manager, period);
    expect(b.node?.id).toBe(dept.D110.id);
    expect(b.trail.map((d) => d.id)).toEqual([dept.D110.id]); // not 技术中心 above it
    const units = b.bars.filter((x) => x.kind === "unit").map((x) => x.departmentId);
    expect(units.sort()).toEqual([dept.D111.id, dept.D112.id].sort());
    expect(pick(b.totals)).toEqual(recount(rows));
    expect(pick((await periodReport(db, manager, { ...period, departmentId: dept.D110.id })).totals)).toEqual(pick(b.totals));

    const team = await departmentBreakdown(db, manager, { ...period, departmentId: dept.D111.id });
    expect(team.trail.map((d) => d.id)).toEqual([dept.D110.id, dept.D111.id]);
    expect(team.bars.every((x) => x.kind === "direct")).toBe(true);
    const teamRows = rows.filter((r) => r.path?.startsWith(dept.D111.path));
    expect(pick(team.totals)).toEqual(recount(teamRows));
    expect(team.totals.on_leave).toBeGreaterThanOrEqual(1);

    const people = await personSummary(db, manager, { ...period, departmentId: dept.D111.id, pageSize: 200 });
    expect(people.total).toBe(new Set(teamRows.map((r) => r.employeeId)).size);
    const one = people.rows[0];
    const detail = await personMeetings(db, manager, { ...period, departmentId: dept.D111.id, employeeId: one.employeeId });
    expect(detail.rows.length).toBe(one.invited);
  });

  it("a manager of two departments sees both side by side", async () => {
    const b = await departmentBreakdown(db, twoHats, period);
    expect(b.node).toBeNull();
    expect(b.bars.map((x) => x.departmentId).sort()).toEqual([dept.D111.id, dept.D311.id].sort());
  });

  it("a manager cannot drill into another department, a parent, or a person outside by id (404)", async () => {
    expect(await status(departmentBreakdown(db, manager, { ...period, departmentId: dept.D311.id }))).toBe(404);
    expect(await status(departmentBreakdown(db, manager, { ...period, departmentId: dept.D100.id }))).toBe(404);
    expect(await status(personSummary(db, manager, { ...period, departmentId: dept.D311.id }))).toBe(404);
    expect(await status(periodReport(db, manager, { ...period, departmentId: dept.D311.id }))).toBe(404);
    expect(await status(departmentSummaryPageAfter(db, manager, { ...period, departmentId: dept.D300.id }, undefined, 10))).toBe(404);
    const [outsider] = await db.select().from(employees).where(eq(employees.departmentId, dept.D311.id)).limit(1);
    expect(await status(personMeetings(db, manager, { ...period, employeeId: outsider.id }))).toBe(404);
    expect(await status(personMeetings(db, hr, { ...period, employeeId: outsider.id }))).toBe(200);
    expect(await status(departmentBreakdown(db, hr, { ...period, departmentId: 987654 }))).toBe(404);
  });
});

describe("per-person summary", () => {
  it("each person's numbers equal a recount of their rows; paging sorted by rate covers everyone once", async () => {
    const rows = (await rawRows()).filter((r) => r.path?.startsWith(dept.D100.path));
    const byPerson = new Map<number, { status: string }[]>();
    for (const r of rows) byPerson.set(r.employeeId, [...(byPerson.get(r.employeeId) ?? []), r]);
    const seen: number[] = [];
    const rates: (number | null)[] = [];
    for (let page = 1; ; page++) {
      const p = await personSummary(db, hr, { ...period, departmentId: dept.D100.id, sort: "rate", dir: "asc", page, pageSize: 17 });
      expect(p.total).toBe(byPerson.size);
      if (!p.rows.length) break;
      for (const r of p.rows) {
        const c = recount(byPerson.get(r.employeeId)!);
        expect({ invited: r.invited, attended: r.attended, late: r.late, earlyLeave: r.earlyLeave, absent: r.absent, onLeave: r.onLeave }).toEqual({
          invited: c.total, attended: c.on_time + c.late + c.early_leave, late: c.late, earlyLeave: c.early_leave, absent: c.absent, onLeave: c.on_leave,
        });
        expect(r.rate).toEqual(c.total - c.on_leave > 0 ? (c.on_time + c.late + c.early_leave) / (c.total - c.on_leave) : null);
        seen.push(r.employeeId);
        rates.push(r.rate);
      }
    }
    expect(seen.length).toBe(byPerson.size);
    expect(new Set(seen).size).toBe(seen.length);
    const numeric = rates.filter((r): r is number => r !== null);
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b));
    expect(rates.slice(numeric.length).every((r) => r === null)).toBe(true); // nulls last
    const desc = await personSummary(db, hr, { ...period, departmentId: dept.D100.id, sort: "rate", dir: "desc", pageSize: 5 });
    expect(desc.rows[0].rate).toBe(Math.max(...numeric));
  });

  it("the export's keyset pages and department rows equal the page's queries", async () => {
    const all: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await personSummaryPageAfter(db, manager, period, after, 7);
      all.push(...page.map((r) => r.employeeId));
      if (page.length < 7) break;
      after = page[page.length - 1].employeeNo;
    }
    const paged = await personSummary(db, manager, { ...period, pageSize: 200 });
    expect(all.sort()).toEqual(paged.rows.map((r) => r.employeeId).sort());
    const deps = await departmentSummaryPageAfter(db, manager, period, undefined, 100);
    expect(deps[0].departmentId).toBe(dept.D110.id);
    expect(deps[0].fullName).toBe(`${dept.D000.name} / ${dept.D100.name} / ${dept.D110.name}`);
    const b = await departmentBreakdown(db, manager, period);
    expect(pick(deps[0])).toEqual(pick(b.totals));
    for (const bar of b.bars.filter((x) => x.kind === "unit")) expect(pick(deps.find((d) => d.departmentId === bar.departmentId)!)).toEqual(pick(bar));
    const ids = deps.map((d) => d.departmentId);
    const inTree = await db.select({ id: departments.id }).from(departments).where(inArray(departments.id, ids));
    expect(inTree.length).toBe(ids.length);
  });
});

function codeOf(id: number): string {
  return Object.values(dept).find((d) => d.id === id)!.code;
}
