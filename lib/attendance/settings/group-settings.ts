// 考勤组设置: HR lists, creates and edits attendance groups — name, priority, default shift, schedule mode (calendar
// week or roster), members (departments, whole subtrees; people by 工号, and people excluded), places (GCJ-02, radius)
// and Wi-Fi (SSID + BSSID), field punches. Who belongs to a group and on which shift is what a person-day's plan is
// made of, so a change there queues the recompute of the stored person-days of everyone whose group was or becomes
// this one, from the current payroll period on. Places, Wi-Fi, field punches and the name apply to punches to come and
// recompute nothing. The preview is the same save rolled back (./impact.ts).
//
// Reads org tables read-only (departments, employees), as recompute.ts does: lib/org has no lookup by 工号 list yet.
import "server-only";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceDays, attendanceGroupMembers, attendanceGroups, departments, employees, shifts } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { badRequest, notFound } from "@/lib/errors";
import { groupsOf } from "../recompute";
import { assertCanEditAttendanceSettings, enqueueImpact, impactFrom, saveOrPreview, storedPersonDaysFrom, type Impact } from "./impact";
import { canonical } from "./shift-settings";

const BSSID = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

const member = z.union([
  z.object({ departmentId: z.number().int().positive("部门 id 无效") }).strict(),
  z.object({ employeeNo: z.string().trim().min(1, "请填写工号").max(40), excluded: z.boolean().default(false) }).strict(),
]);

export const groupBody = z
  .object({
    name: z.string().trim().min(1, "请填写考勤组名称").max(40, "考勤组名称最多 40 个字"),
    priority: z.number("优先级必须是数字").int("优先级必须是整数").min(-1000, "优先级在 -1000 到 1000 之间").max(1000, "优先级在 -1000 到 1000 之间"),
    defaultShiftId: z.number().int().positive("默认班次无效").nullable(),
    schedule: z.enum(["calendar", "roster"], "排班方式必须是 calendar（固定班制）或 roster（排班制）"),
    members: z.array(member).max(500, "成员最多 500 条"),
    places: z
      .array(
        z
          .object({
            name: z.string().trim().min(1, "请填写地点名称").max(40, "地点名称最多 40 个字"),
            lat: z.number("纬度必须是数字").min(3, "纬度超出中国范围（GCJ-02）").max(54, "纬度超出中国范围（GCJ-02）"),
            lng: z.number("经度必须是数字").min(73, "经度超出中国范围（GCJ-02）").max(136, "经度超出中国范围（GCJ-02）"),
            radiusMeters: z.number("半径必须是数字").int("半径必须是整数米").min(10, "半径至少 10 米").max(5000, "半径最多 5000 米"),
          })
          .strict(),
      )
      .max(20, "地点最多 20 个"),
    wifi: z
      .array(
        z
          .object({
            ssid: z.string().trim().min(1, "请填写 Wi-Fi 名称（SSID）").max(32, "SSID 最多 32 个字节"),
            bssid: z.string().trim().regex(BSSID, "BSSID 格式应为 6 组两位十六进制，用冒号分隔，如 a4:56:02:1b:7c:e0").transform((s) => s.toLowerCase()),
          })
          .strict(),
      )
      .max(50, "Wi-Fi 最多 50 个"),
    fieldAllowed: z.boolean(),
    preview: z.boolean().default(false),
  })
  .strict()
  .superRefine((g, ctx) => {
    if (g.schedule === "calendar" && g.defaultShiftId == null) ctx.addIssue({ code: "custom", path: ["defaultShiftId"], message: "固定班制需要选择默认班次" });
    const seen = new Set<string>();
    g.members.forEach((m, i) => {
      const k = "departmentId" in m ? `d${m.departmentId}` : `e${m.employeeNo}`;
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: ["members", i], message: "成员重复" });
      seen.add(k);
    });
    const bssids = new Set<string>();
    g.wifi.forEach((w, i) => {
      if (bssids.has(w.bssid)) ctx.addIssue({ code: "custom", path: ["wifi", i, "bssid"], message: `BSSID ${w.bssid} 重复` });
      bssids.add(w.bssid);
    });
  });

export type GroupInput = z.infer<typeof groupBody>;
export type GroupMemberView = { departmentId: number; departmentName: string } | { employeeNo: string; employeeName: string; excluded: boolean };
export interface GroupView {
  id: number;
  name: string;
  priority: number;
  defaultShiftId: number | null;
  schedule: "calendar" | "roster";
  members: GroupMemberView[];
  places: GroupInput["places"];
  wifi: GroupInput["wifi"];
  fieldAllowed: boolean;
}

export async function listGroups(db: Db, viewer: Viewer): Promise<GroupView[]> {
  assertCanEditAttendanceSettings(viewer);
  const groups = await db.select().from(attendanceGroups).orderBy(asc(attendanceGroups.id));
  const members = await db
    .select({ groupId: attendanceGroupMembers.groupId, departmentId: attendanceGroupMembers.departmentId, departmentName: departments.name, employeeNo: employees.employeeNo, employeeName: employees.name, excluded: attendanceGroupMembers.excluded })
    .from(attendanceGroupMembers)
    .leftJoin(departments, eq(departments.id, attendanceGroupMembers.departmentId))
    .leftJoin(employees, eq(employees.id, attendanceGroupMembers.employeeId))
    .orderBy(asc(attendanceGroupMembers.id));
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    priority: g.priority,
    defaultShiftId: g.defaultShiftId,
    schedule: g.schedule,
    places: g.places,
    wifi: g.wifi,
    fieldAllowed: g.fieldAllowed,
    members: members
      .filter((m) => m.groupId === g.id)
      .map((m): GroupMemberView => (m.employeeNo != null ? { employeeNo: m.employeeNo, employeeName: m.employeeName ?? "", excluded: m.excluded } : { departmentId: m.departmentId!, departmentName: m.departmentName ?? String(m.departmentId) })),
  }));
}

/** Departments for the member picker (active ones, by path so the tree reads top-down). */
export async function departmentOptions(db: Db, viewer: Viewer): Promise<{ id: number; name: string; depth: number }[]> {
  assertCanEditAttendanceSettings(viewer);
  const rows = await db.select({ id: departments.id, name: departments.name, path: departments.path }).from(departments).where(eq(departments.status, "active")).orderBy(asc(departments.path));
  return rows.map((r) => ({ id: r.id, name: r.name, depth: Math.max(0, r.path.split("/").filter(Boolean).length - 1) }));
}

/** Each candidate's attendance group id (null: none). */
async function groupIdsOf(db: Db, candidates: number[]): Promise<Map<number, number | null>> {
  const groups = await groupsOf(db, candidates);
  return new Map(candidates.map((id) => [id, groups.get(id)?.id ?? null]));
}

/** Create (id null) or edit a group; a change of who is in it or how they are scheduled queues their recompute. */
export async function saveGroup(db: Db, viewer: Viewer, id: number | null, input: GroupInput, opts: { now?: Date } = {}): Promise<{ group: GroupView; changed: boolean; impact: Impact; preview: boolean }> {
  assertCanEditAttendanceSettings(viewer);
  const from = await impactFrom(db, opts.now);
  return saveOrPreview(db, input.preview, async (tx) => {
    if (input.defaultShiftId != null && !(await tx.select({ id: shifts.id }).from(shifts).where(and(eq(shifts.id, input.defaultShiftId), isNull(shifts.archivedAt)))).length) throw badRequest("defaultShiftId: 默认班次不存在或已删除");
    const deptIds = input.members.flatMap((m) => ("departmentId" in m ? [m.departmentId] : []));
    const nos = input.members.flatMap((m) => ("employeeNo" in m ? [m.employeeNo] : []));
    const knownDepts = new Set(deptIds.length ? (await tx.select({ id: departments.id }).from(departments).where(inArray(departments.id, deptIds))).map((d) => d.id) : []);
    const missingDept = deptIds.find((d) => !knownDepts.has(d));
    if (missingDept != null) throw badRequest(`members: 部门 ${missingDept} 不存在`);
    const byNo = new Map(nos.length ? (await tx.select({ id: employees.id, no: employees.employeeNo }).from(employees).where(inArray(employees.employeeNo, nos))).map((e) => [e.no, e.id]) : []);
    const missingNo = nos.find((n) => !byNo.has(n));
    if (missingNo != null) throw badRequest(`members: 工号 ${missingNo} 不存在`);
    const memberRows = input.members.map((m) => ("departmentId" in m ? { departmentId: m.departmentId, employeeId: null, excluded: false } : { departmentId: null, employeeId: byNo.get(m.employeeNo)!, excluded: m.excluded }));
    const values = { name: input.name, priority: input.priority, defaultShiftId: input.defaultShiftId, schedule: input.schedule, places: input.places, wifi: input.wifi, fieldAllowed: input.fieldAllowed };

    const candidates = (await tx.selectDistinct({ id: attendanceDays.employeeId }).from(attendanceDays).where(sql`${attendanceDays.businessDate} >= ${from}`)).map((r) => r.id);
    let groupId = id;
    let before: { values: Record<string, unknown>; members: unknown[] } | null = null;
    let beforeGroups = new Map<number, number | null>();
    if (groupId == null) {
      beforeGroups = await groupIdsOf(tx, candidates);
      [{ id: groupId }] = await tx.insert(attendanceGroups).values(values).returning({ id: attendanceGroups.id });
    } else {
      const [row] = await tx.select().from(attendanceGroups).where(eq(attendanceGroups.id, groupId)).for("update");
      if (!row) throw notFound("no such attendance group");
      const oldMembers = await tx.select({ departmentId: attendanceGroupMembers.departmentId, employeeId: attendanceGroupMembers.employeeId, excluded: attendanceGroupMembers.excluded }).from(attendanceGroupMembers).where(eq(attendanceGroupMembers.groupId, groupId));
      before = { values: Object.fromEntries(Object.keys(values).map((k) => [k, row[k as keyof typeof row]])), members: oldMembers };
      if (canonical(before.values) === canonical(values) && canonical(sortMembers(oldMembers)) === canonical(sortMembers(memberRows))) {
        return { group: (await listGroups(tx, viewer)).find((g) => g.id === groupId)!, changed: false, impact: { personDays: 0, held: 0, from } };
      }
      beforeGroups = await groupIdsOf(tx, candidates);
      await tx.update(attendanceGroups).set({ ...values, updatedAt: sql`now()` }).where(eq(attendanceGroups.id, groupId));
      await tx.delete(attendanceGroupMembers).where(eq(attendanceGroupMembers.groupId, groupId));
    }
    if (memberRows.length) await tx.insert(attendanceGroupMembers).values(memberRows.map((m) => ({ ...m, groupId: groupId! })));
    // A plan changes for whoever moves into or out of the group (members, exclusions, priority), and for everyone in
    // it when its default shift or schedule mode changes. Places and Wi-Fi judge punches to come: no recompute.
    const scheduleChanged = !!before && (["defaultShiftId", "schedule"] as const).some((k) => before!.values[k] !== values[k]);
    const afterGroups = await groupIdsOf(tx, candidates);
    const affected = candidates
      .filter((e) => {
        const [b, a] = [beforeGroups.get(e) ?? null, afterGroups.get(e) ?? null];
        return (b !== a && (b === groupId || a === groupId)) || (scheduleChanged && (b === groupId || a === groupId));
      })
      .sort((a, b) => a - b);
    const impact: Impact = affected.length ? await enqueueImpact(tx, await storedPersonDaysFrom(tx, from, affected), "attendance group edit", `group:${groupId}:${Date.now()}`, from) : { personDays: 0, held: 0, from };
    await writeAudit(tx, viewer, id == null ? "attendance.group.create" : "attendance.group.update", { type: "attendance_group", id: groupId }, { from: before, to: { ...values, members: memberRows }, personDays: impact.personDays });
    return { group: (await listGroups(tx, viewer)).find((g) => g.id === groupId)!, changed: true, impact };
  });
}

/**
 * 删除考勤组: its members fall to the next group that covers them (by priority) or to none, so the stored person-days of
 * everyone whose group was this one recompute from the current payroll period on. `preview`: counted and rolled back.
 */
export async function deleteGroup(db: Db, viewer: Viewer, id: number, opts: { preview?: boolean; now?: Date } = {}): Promise<{ deleted: true; impact: Impact; preview: boolean }> {
  assertCanEditAttendanceSettings(viewer);
  const from = await impactFrom(db, opts.now);
  return saveOrPreview(db, opts.preview ?? false, async (tx) => {
    const [row] = await tx.select().from(attendanceGroups).where(eq(attendanceGroups.id, id)).for("update");
    if (!row) throw notFound("考勤组不存在或已删除");
    const candidates = (await tx.selectDistinct({ id: attendanceDays.employeeId }).from(attendanceDays).where(sql`${attendanceDays.businessDate} >= ${from}`)).map((r) => r.id);
    const beforeGroups = await groupIdsOf(tx, candidates);
    const members = await tx.select({ departmentId: attendanceGroupMembers.departmentId, employeeId: attendanceGroupMembers.employeeId, excluded: attendanceGroupMembers.excluded }).from(attendanceGroupMembers).where(eq(attendanceGroupMembers.groupId, id));
    await tx.delete(attendanceGroupMembers).where(eq(attendanceGroupMembers.groupId, id));
    await tx.delete(attendanceGroups).where(eq(attendanceGroups.id, id));
    const affected = candidates.filter((e) => beforeGroups.get(e) === id).sort((a, b) => a - b);
    const impact: Impact = affected.length ? await enqueueImpact(tx, await storedPersonDaysFrom(tx, from, affected), "attendance group delete", `group-delete:${id}:${Date.now()}`, from) : { personDays: 0, held: 0, from };
    const { id: _id, createdAt: _c, updatedAt: _u, ...values } = row;
    await writeAudit(tx, viewer, "attendance.group.delete", { type: "attendance_group", id }, { from: { ...values, members }, personDays: impact.personDays });
    return { deleted: true as const, impact };
  });
}

function sortMembers<T extends { departmentId: number | null; employeeId: number | null; excluded: boolean }>(rows: T[]): T[] {
  return [...rows].map((r) => ({ departmentId: r.departmentId, employeeId: r.employeeId, excluded: r.excluded }) as T).sort((a, b) => canonical(a).localeCompare(canonical(b)));
}

