// 排班: for a roster group, HR sets each person's shift or rest per day, a week at a time (the grid; "复制上周" fills it
// from the week before on the page). Saving writes only the cells that changed and queues the recompute of those
// person-days already stored; the preview is the same save rolled back (./impact.ts).
//
// Reads org tables read-only (employees, departments) to list the group's people, as recompute.ts does.
import "server-only";
import { and, asc, eq, gte, inArray, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceDays, attendanceGroupMembers, attendanceGroups, departments, employeeDepartments, employees, rosters, shifts } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { badRequest, notFound } from "@/lib/errors";
import { addDays } from "@/lib/time";
import { groupsOf, type PersonDay } from "../recompute";
import { assertCanEditAttendanceSettings, enqueueImpact, saveOrPreview, type Impact } from "./impact";

export const rosterBody = z
  .object({
    groupId: z.number().int().positive("考勤组无效"),
    cells: z
      .array(
        z
          .object({
            employeeId: z.number().int().positive("人员无效"),
            date: z.iso.date("日期必须是 YYYY-MM-DD"),
            /** null: rest (休息). */
            shiftId: z.number().int().positive("班次无效").nullable(),
          })
          .strict(),
      )
      .min(1, "没有要保存的排班")
      .max(3100, "一次最多保存 3100 格"),
    preview: z.boolean().default(false),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.cells.forEach((c, i) => {
      const k = `${c.employeeId}:${c.date}`;
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: ["cells", i], message: `同一人同一天出现两次（${c.date}）` });
      seen.add(k);
    });
  });

export const weekParam = z.iso.date("week must be a date (YYYY-MM-DD)");

/** The Monday of the week `date` is in. */
export function mondayOf(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((dow + 6) % 7));
}

export interface RosterWeek {
  group: { id: number; name: string; schedule: "calendar" | "roster" };
  days: string[];
  people: { id: number; employeeNo: string; name: string }[];
  /** "employeeId:date" → shift id, or null for rest; absent: not scheduled. */
  cells: Record<string, number | null>;
  /** The week before, for 复制上周. */
  lastWeek: Record<string, number | null>;
  shifts: { id: number; name: string }[];
}

/** The people whose attendance group is `groupId` (direct members and the departments' subtrees, minus exclusions). */
export async function peopleOfGroup(db: Db, groupId: number): Promise<{ id: number; employeeNo: string; name: string }[]> {
  const members = await db.select().from(attendanceGroupMembers).where(and(eq(attendanceGroupMembers.groupId, groupId), eq(attendanceGroupMembers.excluded, false)));
  const direct = members.flatMap((m) => (m.employeeId != null ? [m.employeeId] : []));
  const deptIds = members.flatMap((m) => (m.employeeId == null && m.departmentId != null ? [m.departmentId] : []));
  const paths = deptIds.length ? (await db.select({ path: departments.path }).from(departments).where(inArray(departments.id, deptIds))).map((d) => d.path) : [];
  const inDepts = paths.length
    ? await db
        .select({ id: employees.id })
        .from(employees)
        .leftJoin(employeeDepartments, eq(employeeDepartments.employeeId, employees.id))
        .innerJoin(departments, or(eq(departments.id, employees.departmentId), eq(departments.id, employeeDepartments.departmentId)))
        .where(and(eq(employees.status, "active"), or(...paths.map((p) => sql`${departments.path} LIKE ${`${p}%`}`))))
    : [];
  const candidates = [...new Set([...direct, ...inDepts.map((r) => r.id)])];
  const groups = await groupsOf(db, candidates);
  const ids = candidates.filter((id) => groups.get(id)?.id === groupId);
  if (!ids.length) return [];
  return db.select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name }).from(employees).where(and(inArray(employees.id, ids), eq(employees.status, "active"))).orderBy(asc(employees.employeeNo));
}

export async function rosterWeek(db: Db, viewer: Viewer, groupId: number, week: string): Promise<RosterWeek> {
  assertCanEditAttendanceSettings(viewer);
  const [group] = await db.select({ id: attendanceGroups.id, name: attendanceGroups.name, schedule: attendanceGroups.schedule }).from(attendanceGroups).where(eq(attendanceGroups.id, groupId));
  if (!group) throw notFound("no such attendance group");
  const monday = mondayOf(week);
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const people = await peopleOfGroup(db, groupId);
  const ids = people.map((p) => p.id);
  const rows = ids.length ? await db.select().from(rosters).where(and(inArray(rosters.employeeId, ids), gte(rosters.date, addDays(monday, -7)), lte(rosters.date, days[6]))) : [];
  const cells: Record<string, number | null> = {};
  const lastWeek: Record<string, number | null> = {};
  for (const r of rows) {
    if (r.date >= monday) cells[`${r.employeeId}:${r.date}`] = r.shiftId;
    else lastWeek[`${r.employeeId}:${addDays(r.date, 7)}`] = r.shiftId;
  }
  // the shifts one can choose, and a deleted (archived) one only where a cell of these two weeks still shows it
  const shown = new Set([...Object.values(cells), ...Object.values(lastWeek)].filter((v): v is number => v != null));
  const shiftList = (await db.select({ id: shifts.id, name: shifts.name, archivedAt: shifts.archivedAt }).from(shifts).orderBy(asc(shifts.id)))
    .filter((s) => s.archivedAt == null || shown.has(s.id))
    .map(({ id, name }) => ({ id, name }));
  return { group, days, people, cells, lastWeek, shifts: shiftList };
}

/** Write the changed cells of a roster group's grid; the stored person-days among them recompute. */
export async function saveRoster(db: Db, viewer: Viewer, input: z.infer<typeof rosterBody>): Promise<{ changed: number; impact: Impact; preview: boolean }> {
  assertCanEditAttendanceSettings(viewer);
  return saveOrPreview(db, input.preview, async (tx) => {
    const [group] = await tx.select().from(attendanceGroups).where(eq(attendanceGroups.id, input.groupId));
    if (!group) throw notFound("no such attendance group");
    if (group.schedule !== "roster") throw badRequest(`groupId: 「${group.name}」是固定班制，不按排班`);
    const people = new Set((await peopleOfGroup(tx, group.id)).map((p) => p.id));
    const stranger = input.cells.find((c) => !people.has(c.employeeId));
    if (stranger) throw badRequest(`cells: 人员 ${stranger.employeeId} 不在「${group.name}」`);
    const shiftIds = [...new Set(input.cells.flatMap((c) => (c.shiftId != null ? [c.shiftId] : [])))];
    const known = new Map(shiftIds.length ? (await tx.select({ id: shifts.id, name: shifts.name, archivedAt: shifts.archivedAt }).from(shifts).where(inArray(shifts.id, shiftIds))).map((s) => [s.id, s]) : []);
    const unknown = shiftIds.find((s) => !known.has(s));
    if (unknown != null) throw badRequest(`cells: 班次 ${unknown} 不存在`);
    const ids = [...new Set(input.cells.map((c) => c.employeeId))];
    const dates = [...new Set(input.cells.map((c) => c.date))];
    const existing = new Map((await tx.select().from(rosters).where(and(inArray(rosters.employeeId, ids), inArray(rosters.date, dates)))).map((r) => [`${r.employeeId}:${r.date}`, r.shiftId]));
    const changed = input.cells.filter((c) => !existing.has(`${c.employeeId}:${c.date}`) || existing.get(`${c.employeeId}:${c.date}`) !== c.shiftId);
    const retired = changed.find((c) => c.shiftId != null && known.get(c.shiftId)!.archivedAt != null);
    if (retired) throw badRequest(`cells: 班次「${known.get(retired.shiftId!)!.name}」已删除，不能再排入（${retired.date}）`);
    if (!changed.length) return { changed: 0, impact: { personDays: 0, held: 0, from: dates.sort()[0] } };
    for (let i = 0; i < changed.length; i += 500) {
      await tx
        .insert(rosters)
        .values(changed.slice(i, i + 500).map((c) => ({ employeeId: c.employeeId, date: c.date, shiftId: c.shiftId })))
        .onConflictDoUpdate({ target: [rosters.employeeId, rosters.date], set: { shiftId: sql`excluded.shift_id`, updatedAt: sql`now()` } });
    }
    const stored = await tx
      .select({ employeeId: attendanceDays.employeeId, date: attendanceDays.businessDate })
      .from(attendanceDays)
      .where(and(inArray(attendanceDays.employeeId, [...new Set(changed.map((c) => c.employeeId))]), inArray(attendanceDays.businessDate, [...new Set(changed.map((c) => c.date))])));
    const wanted = new Set(changed.map((c) => `${c.employeeId}:${c.date}`));
    const pairs: PersonDay[] = stored.filter((s) => wanted.has(`${s.employeeId}:${s.date}`)).sort((a, b) => a.employeeId - b.employeeId || a.date.localeCompare(b.date));
    const from = dates.sort()[0];
    const impact = await enqueueImpact(tx, pairs, "roster edit", `roster:${group.id}:${Date.now()}`, from);
    await writeAudit(tx, viewer, "attendance.roster.update", { type: "attendance_group", id: group.id }, { cells: changed.length, from: dates[0], to: dates[dates.length - 1], personDays: impact.personDays });
    return { changed: changed.length, impact };
  });
}

