// Editing a meeting from the edit screens: the form's current values (with invitees), and one save that applies the
// field patch (updateMeeting recomputes), adds/removes invitees, and counts how many attendance records changed.
import "server-only";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { departments, employees, meetingAttendance, meetingInvitees, meetingSeries } from "@/db/schema";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, forbidden } from "@/lib/errors";
import { canManageMeeting, getMeetingForUpdate, recomputeMeeting, updateMeeting } from "./mutations";
import { getMeeting } from "./queries";
import type { MeetingPatch } from "./schemas";

export interface EditableMeeting {
  id: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  locationName: string | null;
  latitude: number | null;
  longitude: number | null;
  radiusMeters: number | null;
  openBeforeMinutes: number;
  lateAfterMinutes: number;
  earlyLeaveMinutes: number;
  /** 会议联动: a check-in here is also the person's attendance punch. */
  countsForAttendance: boolean;
  /** 签退 and its window (minutes before / after the end). */
  checkoutRequired: boolean;
  checkoutOpensBeforeEndMinutes: number;
  checkoutClosesAfterEndMinutes: number;
  status: string;
  /** 周例会: the series this meeting is an occurrence of (edit this one or the ones to come). */
  series: { id: number; index: number | null; count: number; frequency: string } | null;
  inviteeCount: number;
  /** Invited one by one (not through a department): these can be removed here. */
  directInvitees: { id: number; employeeNo: string; name: string; department: string | null }[];
}

/** The meeting as the edit form shows it; 404 when not visible, 403 when visible but not manageable. */
export async function meetingForEdit(db: Db, viewer: Viewer, id: number): Promise<EditableMeeting> {
  const { meeting: m, canManage } = await getMeeting(db, viewer, id);
  if (!canManage) throw forbidden("only the organiser or HR can edit this meeting");
  const all = await db.select({ e: meetingInvitees.employeeId, via: meetingInvitees.viaDepartmentId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, id));
  const directIds = all.filter((r) => r.via == null).map((r) => r.e).slice(0, 500);
  const direct = directIds.length
    ? await db
        .select({ id: employees.id, employeeNo: employees.employeeNo, name: employees.name, department: departments.name })
        .from(employees)
        .leftJoin(departments, eq(departments.id, employees.departmentId))
        .where(inArray(employees.id, directIds))
        .orderBy(employees.employeeNo)
    : [];
  return {
    id: m.id,
    title: m.title,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    locationName: m.locationName,
    latitude: m.latitude,
    longitude: m.longitude,
    radiusMeters: m.radiusMeters,
    openBeforeMinutes: m.openBeforeMinutes,
    lateAfterMinutes: m.lateAfterMinutes,
    earlyLeaveMinutes: m.earlyLeaveMinutes,
    countsForAttendance: m.countsForAttendance,
    checkoutRequired: m.checkoutRequired,
    checkoutOpensBeforeEndMinutes: m.checkoutOpensBeforeEndMinutes,
    checkoutClosesAfterEndMinutes: m.checkoutClosesAfterEndMinutes,
    status: m.status,
    series: m.seriesId ? await seriesInfo(db, m.seriesId, m.seriesIndex) : null,
    inviteeCount: all.length,
    directInvitees: direct,
  };
}

async function seriesInfo(db: Db, seriesId: number, index: number | null) {
  const [s] = await db.select({ count: meetingSeries.count, frequency: meetingSeries.frequency }).from(meetingSeries).where(eq(meetingSeries.id, seriesId));
  return s ? { id: seriesId, index, count: s.count, frequency: s.frequency } : null;
}

export interface EditResult {
  changed: number;
  added: number;
  removed: number;
  unknownNos: string[];
}

/** Apply an edit; returns how many attendance records changed status, plus invitee changes. */
export async function editMeeting(
  db: Db,
  viewer: Viewer,
  id: number,
  input: { patch: MeetingPatch; addEmployeeNos: string[]; removeEmployeeIds: number[] },
  now = new Date(),
): Promise<EditResult> {
  return db.transaction(async (tx) => {
    const m0 = await getMeetingForUpdate(tx, id);
    if (!canManageMeeting(viewer, m0)) throw forbidden("only the organiser or HR can edit this meeting");
    const snapshot = async () =>
      new Map(
        (await tx.select({ e: meetingAttendance.employeeId, s: meetingAttendance.status }).from(meetingAttendance).where(eq(meetingAttendance.meetingId, id))).map(
          (r) => [r.e, r.s],
        ),
      );
    const before = await snapshot();
    const m = await updateMeeting(tx, viewer, id, input.patch, now);

    let added = 0;
    const unknownNos: string[] = [];
    const nos = [...new Set(input.addEmployeeNos.map((s) => s.trim()).filter(Boolean))];
    if (nos.length) {
      const found = await tx.select({ id: employees.id, no: employees.employeeNo }).from(employees).where(and(inArray(employees.employeeNo, nos), eq(employees.status, "active")));
      for (const no of nos) if (!found.some((f) => f.no === no)) unknownNos.push(no);
      if (unknownNos.length) throw new AppError("bad_request", 400, `找不到这些工号的在职员工：${unknownNos.join("、")}`, { unknownNos });
      const ins = await tx
        .insert(meetingInvitees)
        .values(found.map((f) => ({ meetingId: id, employeeId: f.id, viaDepartmentId: null })))
        .onConflictDoNothing()
        .returning({ e: meetingInvitees.employeeId });
      added = ins.length;
    }
    let removed = 0;
    if (input.removeEmployeeIds.length) {
      // Only people without attendance evidence are removed: a record that exists stays for the report.
      const del = await tx
        .delete(meetingInvitees)
        .where(and(eq(meetingInvitees.meetingId, id), inArray(meetingInvitees.employeeId, input.removeEmployeeIds)))
        .returning({ e: meetingInvitees.employeeId });
      removed = del.length;
    }
    if (added || removed) await recomputeMeeting(tx, m, now);
    const after = await snapshot();
    let changed = 0;
    for (const [e, s] of after) if (before.get(e) !== s) changed++;
    for (const e of before.keys()) if (!after.has(e)) changed++;
    return { changed, added, removed, unknownNos };
  });
}
