// 班次设置: HR lists, creates and edits shifts (fixed, flexible, night, free), with sections, rest breaks and the late /
// early-leave thresholds. Validation speaks Chinese (HR reads it as is). Saving an edited shift queues the recompute of
// the stored person-days on that shift from the current payroll period on; the preview is the same save rolled back.
import "server-only";
import { and, asc, eq, gte, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceDays, attendanceGroups, rosters, shifts } from "@/db/schema";
import { SHIFT_KINDS } from "@/db/schema/attendance";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { conflict, notFound } from "@/lib/errors";
import { env } from "@/lib/env";
import { businessDate } from "@/lib/time";
import { assertCanEditAttendanceSettings, enqueueImpact, impactFrom, saveOrPreview, storedPersonDaysFrom, type Impact } from "./impact";

const DAY = 1440;
const minutes = (label: string, max = 2 * DAY) => z.number(`${label}必须是分钟数`).int(`${label}必须是整数分钟`).min(0, `${label}不能为负`).max(max, `${label}超出范围`);
const optMinutes = (label: string, max?: number) => minutes(label, max).nullish().transform((v) => v ?? null);
const hm = (m: number) => `${m >= DAY ? "次日 " : ""}${String(Math.floor((m % DAY) / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;

const rest = z.object({ start: minutes("休息开始"), end: minutes("休息结束") }).strict();
const section = z
  .object({
    start: minutes("上班时间", DAY - 1),
    end: minutes("下班时间"),
    rests: z.array(rest).max(4, "每段最多 4 个休息").default([]),
    inBefore: optMinutes("上班前可打卡", 720),
    inAfter: optMinutes("上班后可打卡", 720),
    outBefore: optMinutes("下班前可打卡", 720),
    outAfter: optMinutes("下班后可打卡", 720),
  })
  .strict();

export const shiftBody = z
  .object({
    name: z.string().trim().min(1, "请填写班次名称").max(40, "班次名称最多 40 个字"),
    kind: z.enum(SHIFT_KINDS, "班次类型必须是 fixed、flexible、night 或 free"),
    sections: z.array(section).max(3, "最多 3 段上下班"),
    graceMinutes: minutes("迟到宽限", 240),
    seriousLateMinutes: optMinutes("严重迟到", 720),
    absentLateMinutes: optMinutes("旷工迟到", 720),
    earlyLeaveGraceMinutes: minutes("早退宽限", 240),
    halfDayMinutes: optMinutes("半天时长", DAY),
    flexEarliestArrival: optMinutes("最早上班", DAY - 1),
    flexLatestArrival: optMinutes("最晚上班", DAY - 1),
    requiredMinutes: optMinutes("应工作时长", DAY),
    dayStartMinutes: minutes("考勤日开始", DAY - 1).default(0),
    workdayOvertimeAfterMinutes: optMinutes("加班起算", 720),
    preview: z.boolean().default(false),
  })
  .strict()
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (s.kind !== "free" && s.sections.length === 0) issue(["sections"], "至少需要一段上下班时间");
    s.sections.forEach((x, i) => {
      const n = i + 1;
      if (x.end <= x.start) issue(["sections", i, "end"], `第 ${n} 段：下班时间必须晚于上班时间`);
      if (x.end - x.start > DAY) issue(["sections", i, "end"], `第 ${n} 段：一段不能超过 24 小时`);
      x.rests.forEach((r, j) => {
        if (r.end <= r.start) issue(["sections", i, "rests", j], `第 ${n} 段第 ${j + 1} 个休息：结束必须晚于开始`);
        else if (r.start < x.start || r.end > x.end) issue(["sections", i, "rests", j], `第 ${n} 段第 ${j + 1} 个休息（${hm(r.start)}–${hm(r.end)}）必须在上下班时间之内`);
        const prev = x.rests[j - 1];
        if (prev && r.start < prev.end) issue(["sections", i, "rests", j], `第 ${n} 段的休息时间重叠`);
      });
      const prev = s.sections[i - 1];
      if (prev && x.start < prev.end) issue(["sections", i, "start"], `第 ${n} 段与第 ${i} 段时间重叠（或未按时间先后排列）`);
    });
    const crosses = s.sections.some((x) => x.end > DAY);
    if (s.kind === "night" && s.sections.length && !crosses) issue(["sections"], "夜班必须跨过午夜：最后一段的下班时间应在次日");
    if (s.kind === "fixed" && crosses) issue(["kind"], "跨过午夜的班次请选择「夜班」");
    if (s.kind === "flexible") {
      if (s.flexEarliestArrival == null || s.flexLatestArrival == null) issue(["flexLatestArrival"], "弹性班次需要填写最早和最晚上班时间");
      else if (s.flexEarliestArrival > s.flexLatestArrival) issue(["flexLatestArrival"], "最晚上班时间不能早于最早上班时间");
      if (s.requiredMinutes == null || s.requiredMinutes <= 0) issue(["requiredMinutes"], "弹性班次需要填写应在岗时长");
    }
    if (s.kind === "free" && (s.requiredMinutes == null || s.requiredMinutes <= 0)) issue(["requiredMinutes"], "自由工时需要填写每天应工作时长");
    if (s.seriousLateMinutes != null && s.seriousLateMinutes <= s.graceMinutes) issue(["seriousLateMinutes"], "严重迟到的分钟数应大于迟到宽限");
    if (s.seriousLateMinutes != null && s.absentLateMinutes != null && s.absentLateMinutes <= s.seriousLateMinutes) issue(["absentLateMinutes"], "旷工迟到的分钟数应大于严重迟到");
  });

export type ShiftInput = z.infer<typeof shiftBody>;
export type ShiftRow = typeof shifts.$inferSelect;

export async function listShifts(db: Db, viewer: Viewer): Promise<ShiftRow[]> {
  assertCanEditAttendanceSettings(viewer);
  return db.select().from(shifts).where(isNull(shifts.archivedAt)).orderBy(asc(shifts.id));
}

/** The stored person-days on a shift from `from` on: what an edit of that shift recomputes. */
export async function personDaysOnShift(db: Db, shiftId: number, from: string) {
  return storedPersonDaysFrom(db, from, null, sql`${attendanceDays.shiftId} = ${shiftId}`);
}

const columns = (s: ShiftInput) => {
  const { preview: _preview, ...rest } = s;
  return { ...rest, sections: s.kind === "free" ? [] : s.sections.map((x) => Object.fromEntries(Object.entries(x).filter(([, v]) => v != null)) as unknown as ShiftRow["sections"][number]) };
};

/** JSON with object keys sorted (jsonb reorders keys, so a stored value compares by content). */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
}

/** Create (id null) or edit a shift; an edit queues its stored person-days' recompute. `preview`: rolled back. */
export async function saveShift(db: Db, viewer: Viewer, id: number | null, input: ShiftInput, opts: { now?: Date } = {}): Promise<{ shift: ShiftRow; changed: boolean; impact: Impact; preview: boolean }> {
  assertCanEditAttendanceSettings(viewer);
  const from = await impactFrom(db, opts.now);
  return saveOrPreview(db, input.preview, async (tx) => {
    const values = columns(input);
    if (id == null) {
      const [shift] = await tx.insert(shifts).values(values).returning();
      await writeAudit(tx, viewer, "attendance.shift.create", { type: "shift", id: shift.id }, { to: values });
      return { shift, changed: true, impact: { personDays: 0, held: 0, from } };
    }
    const [before] = await tx.select().from(shifts).where(and(eq(shifts.id, id), isNull(shifts.archivedAt))).for("update");
    if (!before) throw notFound("班次不存在或已删除");
    const same = (Object.keys(values) as (keyof typeof values)[]).every((k) => canonical(before[k]) === canonical(values[k]));
    if (same) return { shift: before, changed: false, impact: { personDays: 0, held: 0, from } };
    const [shift] = await tx.update(shifts).set({ ...values, updatedAt: sql`now()` }).where(eq(shifts.id, id)).returning();
    const impact = await enqueueImpact(tx, await personDaysOnShift(tx, id, from), "shift edit", `shift:${id}:${Date.now()}`, from);
    const fromValues = Object.fromEntries((Object.keys(values) as (keyof typeof values)[]).map((k) => [k, before[k]]));
    await writeAudit(tx, viewer, "attendance.shift.update", { type: "shift", id }, { from: fromValues, to: values, personDays: impact.personDays });
    return { shift, changed: true, impact };
  });
}

/**
 * 删除班次. Refused (409, saying where) while an attendance group has it as its default shift or a roster schedules it
 * from today on: those plans would lose their shift. Otherwise nothing current uses it, so nothing recomputes. A shift
 * that stored person-days or past rosters were computed with is archived — hidden from lists and pickers, still there
 * for the names in history and for a recompute of a reopened period — and one never used is deleted outright.
 * `preview`: the same checks and writes, rolled back.
 */
export async function deleteShift(db: Db, viewer: Viewer, id: number, opts: { preview?: boolean; now?: Date } = {}): Promise<{ deleted: true; archived: boolean; impact: Impact; preview: boolean }> {
  assertCanEditAttendanceSettings(viewer);
  const from = await impactFrom(db, opts.now);
  const today = businessDate(opts.now ?? new Date(), env().ORG_TIMEZONE);
  return saveOrPreview(db, opts.preview ?? false, async (tx) => {
    const [shift] = await tx.select().from(shifts).where(and(eq(shifts.id, id), isNull(shifts.archivedAt))).for("update");
    if (!shift) throw notFound("班次不存在或已删除");
    const groups = await tx.select({ name: attendanceGroups.name }).from(attendanceGroups).where(eq(attendanceGroups.defaultShiftId, id)).orderBy(asc(attendanceGroups.id));
    if (groups.length) throw conflict(`班次「${shift.name}」是考勤组${groups.map((g) => `「${g.name}」`).join("、")}的默认班次，请先为这些考勤组换一个班次再删除`);
    const [{ n: rostered }] = await tx.select({ n: sql<number>`count(*)::int` }).from(rosters).where(and(eq(rosters.shiftId, id), gte(rosters.date, today)));
    if (rostered) throw conflict(`班次「${shift.name}」在今天及以后的排班中还有 ${rostered} 个人天，请先在排班中改掉再删除`);
    const [{ used }] = await tx.select({ used: sql<boolean>`exists (select 1 from ${attendanceDays} where ${attendanceDays.shiftId} = ${id}) or exists (select 1 from ${rosters} where ${rosters.shiftId} = ${id})` }).from(sql`(select 1) as one`);
    if (used) await tx.update(shifts).set({ archivedAt: sql`now()`, updatedAt: sql`now()` }).where(eq(shifts.id, id));
    else await tx.delete(shifts).where(eq(shifts.id, id));
    await writeAudit(tx, viewer, "attendance.shift.delete", { type: "shift", id }, { name: shift.name, archived: used });
    return { deleted: true as const, archived: used, impact: { personDays: 0, held: 0, from } };
  });
}
