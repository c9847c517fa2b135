// Writes of the meetings domain. Every change to meeting_attendance goes through `writeAttendance`, which bumps
// the row's version and writes the OA outbox row in the same transaction.
import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, gt, inArray, isNull, lt, lte, gte, ne, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import {
  appSettings,
  departments,
  employees,
  leaves,
  meetingAttendance,
  meetingExcuses,
  meetingInvitees,
  meetingPresenceEvents,
  meetingSessions,
  meetings,
  oaOutbox,
} from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { canSeeEmployee } from "@/lib/auth/scope";
import { linkClaimedAccount, linkWasRefused } from "@/lib/identity/ledger";
import { assertMayLinkSignInAccountTo } from "@/lib/auth/grants";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { syncMeetingPunch } from "@/lib/attendance/punches/meeting-evidence";
import { enqueueAttendanceSnapshot, oaIdempotencyKey } from "@/lib/oa-sync/outbox";
import { env } from "@/lib/env";
import { businessDate } from "@/lib/time";
import { checkFence } from "./geofence";
import { verifyQrCode } from "./qr";
import type { CheckInRequest, CheckOutRequest, ManualMarkInput, MeetingInput, MeetingPatch } from "./schemas";
import { checkOutWindow, computeAttendance, isWindowOpen, settlesAt, type AttendanceStatus, type ComputedAttendance } from "./status";
import { toWgs84 } from "./geofence";
import { firstJoinDevice, presenceSessionKey, presenceSessions } from "./presence";

export type MeetingRow = typeof meetings.$inferSelect;
export type AttendanceRow = typeof meetingAttendance.$inferSelect;
type Method = NonNullable<AttendanceRow["method"]>;

const secretCache = new Map<Db, string>();
/** The generated QR secret (db/startup.ts); cached per process. */
export async function qrSecret(db: Db): Promise<string> {
  const hit = secretCache.get(db);
  if (hit) return hit;
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, "qr_secret"));
  if (!row) throw new AppError("unavailable", 503, "qr secret not initialised");
  secretCache.set(db, row.value as string);
  return row.value as string;
}

export function canManageMeeting(viewer: Viewer, m: Pick<MeetingRow, "organizerId">): boolean {
  return m.organizerId === viewer.employeeId || canSeeEveryone(viewer);
}

async function expandDepartments(db: Db, departmentIds: number[]): Promise<{ employeeId: number; departmentId: number }[]> {
  if (departmentIds.length === 0) return [];
  const depts = await db.select({ id: departments.id, path: departments.path }).from(departments).where(inArray(departments.id, departmentIds));
  const out = new Map<number, number>();
  for (const d of depts) {
    const rows = await db
      .select({ id: employees.id })
      .from(employees)
      .innerJoin(departments, eq(departments.id, employees.departmentId))
      .where(and(eq(employees.status, "active"), sql`${departments.path} like ${d.path + "%"}`));
    for (const r of rows) if (!out.has(r.id)) out.set(r.id, d.id);
  }
  return [...out].map(([employeeId, departmentId]) => ({ employeeId, departmentId }));
}

async function insertInvitees(db: Db, meetingId: number, people: { employeeId: number; departmentId: number | null }[]) {
  for (let i = 0; i < people.length; i += 1000) {
    const batch = people.slice(i, i + 1000);
    await db
      .insert(meetingInvitees)
      .values(batch.map((p) => ({ meetingId, employeeId: p.employeeId, viaDepartmentId: p.departmentId })))
      .onConflictDoNothing();
  }
}

export async function createMeeting(
  db: Db,
  viewer: Viewer,
  input: MeetingInput & { videoSource?: MeetingRow["videoSource"]; videoMeetingId?: string | null },
): Promise<MeetingRow> {
  const point =
    input.latitude != null && input.longitude != null ? toWgs84(input.latitude, input.longitude, input.coordType) : null;
  return db.transaction(async (tx) => {
    if (input.videoSource && input.videoMeetingId && !canSeeEveryone(viewer)) {
      // Joins and leaves of a video meeting are recorded in the app meeting linked to it (lib/meetings/events.ts
      // findMeeting). Linking someone else's video meeting would move its attendance into a meeting the linker
      // runs and sees; the same organiser may link it again (a weekly meeting reuses one meeting id). HR may link any.
      const [taken] = await tx
        .select({ id: meetings.id })
        .from(meetings)
        .where(
          and(
            sql`${meetings.status} <> 'cancelled'`,
            or(
              and(eq(meetings.videoSource, input.videoSource), eq(meetings.videoMeetingId, input.videoMeetingId)),
              and(eq(meetings.source, input.videoSource), eq(meetings.externalId, input.videoMeetingId)),
            ),
            ne(meetings.organizerId, viewer.employeeId), // a vendor meeting whose creator is unknown does not block

          ),
        )
        .limit(1);
      if (taken) throw new AppError("conflict", 409, "该视频会议已由其他组织者关联，请核对会议号或联系人事");
    }
    const [m] = await tx
      .insert(meetings)
      .values({
        source: "local",
        externalId: randomUUID(),
        title: input.title,
        description: input.description ?? null,
        organizerId: viewer.employeeId,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        businessDate: businessDate(input.startsAt),
        locationName: input.locationName ?? null,
        latitude: point?.lat ?? null,
        longitude: point?.lng ?? null,
        radiusMeters: point ? (input.radiusMeters ?? 200) : null,
        openBeforeMinutes: input.openBeforeMinutes,
        lateAfterMinutes: input.lateAfterMinutes,
        earlyLeaveMinutes: input.earlyLeaveMinutes,
        remindBeforeMinutes: input.remindBeforeMinutes,
        nudgeAfterMinutes: input.nudgeAfterMinutes,
        countsForAttendance: input.countsForAttendance,
        checkoutRequired: input.checkoutRequired,
        checkoutOpensBeforeEndMinutes: input.checkoutOpensBeforeEndMinutes,
        checkoutClosesAfterEndMinutes: input.checkoutClosesAfterEndMinutes,
        inviteOnly: input.inviteOnly,
        inviteDepartmentIds: input.departmentIds,
        videoSource: input.videoSource ?? null,
        videoMeetingId: input.videoMeetingId ?? null,
      })
      .returning();
    const fromDepts = await expandDepartments(tx, input.departmentIds);
    const direct = input.inviteeIds.filter((id) => !fromDepts.some((p) => p.employeeId === id));
    const valid = direct.length
      ? await tx.select({ id: employees.id }).from(employees).where(and(inArray(employees.id, direct), eq(employees.status, "active")))
      : [];
    await insertInvitees(tx, m.id, [...fromDepts, ...valid.map((v) => ({ employeeId: v.id, departmentId: null }))]);
    await writeAudit(tx, viewer, "meeting.create", { type: "meeting", id: m.id }, { invitees: fromDepts.length + valid.length });
    return m;
  });
}

export async function getMeetingForUpdate(db: Db, id: number): Promise<MeetingRow> {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, id));
  if (!m) throw notFound("meeting not found");
  return m;
}

/** Edit a meeting; times and thresholds changing recompute everyone's status. */
export async function updateMeeting(db: Db, viewer: Viewer, id: number, patch: MeetingPatch, now = new Date()): Promise<MeetingRow> {
  return db.transaction(async (tx) => {
    const m = await getMeetingForUpdate(tx, id);
    if (!canManageMeeting(viewer, m)) throw forbidden("only the organiser or HR can edit this meeting");
    const startsAt = patch.startsAt ?? m.startsAt;
    const endsAt = patch.endsAt ?? m.endsAt;
    if (endsAt <= startsAt) throw new AppError("bad_request", 400, "结束时间必须晚于开始时间");
    const settles = settlesAt({ ...m, ...patch, endsAt });
    const [updated] = await tx
      .update(meetings)
      .set({
        ...patch,
        startsAt,
        endsAt,
        businessDate: businessDate(startsAt),
        updatedAt: now,
        // Moving the end (or the close of the check-out window) into the future re-opens the meeting for the absence job.
        finalizedAt: settles > now ? null : m.finalizedAt,
      })
      .where(eq(meetings.id, id))
      .returning();
    await writeAudit(tx, viewer, "meeting.update", { type: "meeting", id }, { fields: Object.keys(patch) });
    await recomputeMeeting(tx, updated, now);
    // 计入考勤 switched on or off: every check-in so far becomes a punch, or every meeting punch vanishes.
    if (updated.countsForAttendance !== m.countsForAttendance) {
      for (const row of await tx.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, id))) await syncMeetingPunch(tx, updated, row);
    }
    return updated;
  });
}

interface AttendanceChange {
  method?: Method | null;
  device?: string | null;
  evidence?: Record<string, unknown>;
  checkIn?: Date; // a new point check-in
  checkOut?: Date; // the in-person check-out (签退); the first one stays
  manualStatus?: Exclude<AttendanceStatus, "pending"> | null;
}


/**
 * Recompute and store one person's attendance from all evidence. `existing` may be passed when already read
 * FOR UPDATE. Writes only when something changed (so replays change nothing); returns the row.
 */
export async function writeAttendance(
  db: Db,
  m: MeetingRow,
  employeeId: number,
  now: Date,
  change: AttendanceChange = {},
  existing?: AttendanceRow | null,
): Promise<{ row: AttendanceRow | null; changed: boolean }> {
  const cur =
    existing === undefined
      ? ((await db.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, employeeId))).for("update"))[0] ?? null)
      : existing;
  const ev = { ...((cur?.evidence ?? {}) as Record<string, unknown>), ...(change.evidence ?? {}) };
  const checkIns: Date[] = [];
  const storedPoint = (ev.pointCheckInAt as string | undefined) ?? null;
  if (storedPoint) checkIns.push(new Date(storedPoint));
  if (change.checkIn) {
    checkIns.push(change.checkIn);
    if (!storedPoint || change.checkIn < new Date(storedPoint)) ev.pointCheckInAt = change.checkIn.toISOString();
  }
  if (change.manualStatus !== undefined) ev.manualStatus = change.manualStatus;
  if (change.checkOut && !ev.pointCheckOutAt) ev.pointCheckOutAt = change.checkOut.toISOString();
  const checkOutAt = ev.pointCheckOutAt ? new Date(ev.pointCheckOutAt as string) : null;
  const sessions = cur || change.evidence?.hasSessions
    ? await db
        .select({ joinedAt: meetingSessions.joinedAt, leftAt: meetingSessions.leftAt })
        .from(meetingSessions)
        .where(and(eq(meetingSessions.meetingId, m.id), eq(meetingSessions.employeeId, employeeId)))
    : [];
  delete ev.hasSessions;
  // Leave only matters when there is no presence evidence at all: skip the lookup otherwise.
  const onLeave = checkIns.length === 0 && sessions.length === 0 ? await hasLeave(db, employeeId, m) : false;
  const c: ComputedAttendance = computeAttendance(
    m,
    { checkIns, sessions, onLeave, checkOutAt, manualStatus: (ev.manualStatus as Exclude<AttendanceStatus, "pending"> | undefined) ?? null },
    now,
  );
  ev.lateMinutes = c.lateMinutes;
  ev.leftEarlyMinutes = c.leftEarlyMinutes;
  if (c.status === "pending" && !cur) return { row: null, changed: false };
  const method = cur?.method ?? change.method ?? null;
  const next = {
    status: c.status === "pending" ? ("pending" as const) : c.status,
    method: change.method && (!cur?.method || cur.method === change.method || !cur.checkedInAt) ? change.method : method,
    checkedInAt: c.checkedInAt,
    checkedOutAt: c.checkedOutAt,
    firstJoinAt: c.firstJoinAt,
    lastLeaveAt: c.lastLeaveAt,
    device: change.device ?? cur?.device ?? null,
    evidence: ev,
    businessDate: m.businessDate,
  };
  if (cur) {
    const same =
      cur.status === next.status &&
      cur.method === next.method &&
      (cur.checkedInAt?.getTime() ?? null) === (next.checkedInAt?.getTime() ?? null) &&
      (cur.checkedOutAt?.getTime() ?? null) === (next.checkedOutAt?.getTime() ?? null) &&
      (cur.firstJoinAt?.getTime() ?? null) === (next.firstJoinAt?.getTime() ?? null) &&
      (cur.lastLeaveAt?.getTime() ?? null) === (next.lastLeaveAt?.getTime() ?? null) &&
      (cur.device ?? null) === (next.device ?? null) &&
      cur.businessDate === next.businessDate &&
      JSON.stringify(cur.evidence) === JSON.stringify(next.evidence);
    if (same) return { row: cur, changed: false };
    const [row] = await db
      .update(meetingAttendance)
      .set({ ...next, version: cur.version + 1, updatedAt: now })
      .where(eq(meetingAttendance.id, cur.id))
      .returning();
    await enqueueAttendanceSnapshot(db, row.id);
    if (m.countsForAttendance) await syncMeetingPunch(db, m, row);
    return { row, changed: true };
  }
  const inserted = await db
    .insert(meetingAttendance)
    .values({ meetingId: m.id, employeeId, ...next, version: 1, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) {
    // Someone else inserted concurrently: recompute against their row.
    return writeAttendance(db, m, employeeId, now, change);
  }
  const row = inserted[0];
  await enqueueAttendanceSnapshot(db, row.id);
  if (m.countsForAttendance) await syncMeetingPunch(db, m, row);
  return { row, changed: true };
}

async function hasLeave(db: Db, employeeId: number, m: Pick<MeetingRow, "id" | "startsAt" | "endsAt">): Promise<boolean> {
  const r = await db
    .select({ id: leaves.id })
    .from(leaves)
    .where(and(eq(leaves.employeeId, employeeId), lt(leaves.startsAt, m.endsAt), gt(leaves.endsAt, m.startsAt)))
    .limit(1);
  if (r.length > 0) return true;
  // 会议请假: an approved excuse for this one meeting (lib/meetings/excuses.ts) counts as leave too.
  const x = await db
    .select({ id: meetingExcuses.id })
    .from(meetingExcuses)
    .where(and(eq(meetingExcuses.meetingId, m.id), eq(meetingExcuses.employeeId, employeeId), isNull(meetingExcuses.revokedAt)))
    .limit(1);
  return x.length > 0;
}

/** Recompute every existing row of a meeting (after an edit); absences are written by `finalizeMeeting`. */
export async function recomputeMeeting(db: Db, m: MeetingRow, now = new Date()): Promise<number> {
  const rows = await db.select().from(meetingAttendance).where(eq(meetingAttendance.meetingId, m.id));
  let changed = 0;
  for (const r of rows) if ((await writeAttendance(db, m, r.employeeId, now, {}, r)).changed) changed++;
  if (settlesAt(m) <= now) changed += await finalizeMeeting(db, m, now);
  return changed;
}

export async function isInvited(db: Db, meetingId: number, employeeId: number): Promise<boolean> {
  const r = await db
    .select({ e: meetingInvitees.employeeId })
    .from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.employeeId, employeeId)));
  return r.length > 0;
}

export interface CheckInResult {
  status: AttendanceStatus;
  checkedInAt: string;
  meetingId: number;
  title: string;
  method: Method;
  lateMinutes: number;
}

const refusal = (code: ConstructorParameters<typeof AppError>[0], status: number, message: string, details?: Record<string, unknown>) =>
  new AppError(code, status, message, details);

/** A location check-in's (or check-out's) evidence, or the refusal that says why the location is not good enough. */
function fenceEvidence(m: MeetingRow, loc: Extract<CheckInRequest, { method: "geofence" }>["location"]): Record<string, unknown> {
  if (!loc.ok) {
    throw refusal("checkin_location_unavailable", 422, "无法获取你的位置，不能定位签到。请开启定位权限后重试，或请组织者为你补签。", {
      reason: loc.error,
    });
  }
  if (m.latitude == null || m.longitude == null || m.radiusMeters == null) {
    throw refusal("checkin_location_unavailable", 422, "本次会议未设置签到地点，请扫描二维码签到", { reason: "no_fence" });
  }
  const verdict = checkFence(
    { lat: m.latitude, lng: m.longitude, radiusMeters: m.radiusMeters },
    { lat: loc.latitude, lng: loc.longitude, type: loc.coordType, accuracy: loc.accuracy },
  );
  if (!verdict.inside) {
    throw refusal("checkin_outside_fence", 422, `你距离会议地点约 ${verdict.distanceMeters} 米，超出签到范围（${m.radiusMeters} 米）`, {
      distanceMeters: verdict.distanceMeters,
      radiusMeters: m.radiusMeters,
    });
  }
  return { geofence: { distanceMeters: verdict.distanceMeters, coordType: loc.coordType, accuracy: loc.accuracy ?? null, source: loc.source } };
}

/** QR or geofence check-in by the viewer. Each refusal is its own typed error; nothing is written on refusal. */
export async function checkIn(
  db: Db,
  viewer: Viewer,
  req: CheckInRequest,
  ctx: { now?: Date; device?: string | null } = {},
): Promise<CheckInResult> {
  const now = ctx.now ?? new Date();
  // One round trip for the meeting, the invitation and whether a row exists already (refusals keep their order).
  const [found] = await db
    .select({
      m: meetings,
      invited: sql<boolean>`exists (select 1 from ${meetingInvitees} i where i.meeting_id = ${meetings.id} and i.employee_id = ${viewer.employeeId})`,
      existingId: sql<number | null>`(select a.id from ${meetingAttendance} a where a.meeting_id = ${meetings.id} and a.employee_id = ${viewer.employeeId})`,
    })
    .from(meetings)
    .where(eq(meetings.id, req.meetingId));
  const m = found?.m;
  if (!m || m.status === "cancelled") throw notFound("会议不存在或已取消");
  if (req.method === "qr") {
    const v = verifyQrCode(await qrSecret(db), m.id, req.code, now);
    if (!v.ok && v.reason === "expired") throw refusal("checkin_qr_expired", 410, "二维码已过期，请扫描大屏上的最新二维码");
    if (!v.ok) throw refusal("checkin_qr_invalid", 400, "二维码无效，请扫描组织者大屏上的二维码");
  }
  if (m.inviteOnly && !found.invited) {
    throw refusal("checkin_not_invited", 403, "你不在本次会议的邀请名单中，如需参会请联系组织者");
  }
  if (!isWindowOpen(m, now)) {
    throw refusal("checkin_window_closed", 409, now < m.startsAt ? "签到尚未开始" : "会议已结束，签到已关闭", {
      opensAt: new Date(m.startsAt.getTime() - m.openBeforeMinutes * 60_000).toISOString(),
    });
  }
  const evidence: Record<string, unknown> = req.method === "geofence" ? fenceEvidence(m, req.location) : { qr: { slot: true } };
  // A meeting that counts for attendance takes the transactional path: its check-in also writes a punch.
  if (found.existingId == null && !m.countsForAttendance) {
    // Fast path (the common case): no row yet, so the evidence is this check-in alone. One statement inserts the
    // row and its OA outbox row (atomic without BEGIN/COMMIT round trips; the fact-table trigger runs inside it).
    // The unique index decides a race with a concurrent check-in of the same person: the loser inserts nothing
    // (so no outbox row either) and is told "already".
    const c = computeAttendance(m, { checkIns: [now], sessions: [], onLeave: false }, now);
    const status = c.status === "pending" ? ("on_time" as const) : c.status;
    const device = ctx.device ?? null;
    // The OA wire payload (lib/oa-sync/outbox.ts oaAttendancePayload) less the employee fields, joined in SQL below.
    const payload = {
      meeting_id: m.id,
      meeting_title: m.title,
      checked_in_at: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(),
      method: req.method,
      status,
      device: ctx.device ?? null,
      business_date: m.businessDate,
      version: 1,
      updated_at: now.toISOString(),
    };
    const ev = { ...evidence, checkInMethod: req.method, pointCheckInAt: now.toISOString(), lateMinutes: c.lateMinutes, leftEarlyMinutes: 0 };
    // The outbox key of version 1 of the new row, exactly as oaIdempotencyKey spells it ("{id}" filled in SQL).
    const keyTemplate = oaIdempotencyKey("meeting_attendance", "{id}", 1);
    const res = await db.execute(sql`
      with ins as (
        insert into ${meetingAttendance} (meeting_id, employee_id, status, method, checked_in_at, device, business_date, evidence, version, updated_at)
        values (${m.id}, ${viewer.employeeId}, ${status}, ${req.method}, ${now}, ${device}, ${m.businessDate}, ${JSON.stringify(ev)}::jsonb, 1, ${now})
        on conflict do nothing
        returning id
      ), outbox as (
        insert into ${oaOutbox} (sink, aggregate_type, aggregate_id, version, idempotency_key, payload)
        select ${env().OA_SINK}, 'meeting_attendance', ins.id::text, 1, replace(${keyTemplate}, '{id}', ins.id::text),
          ${JSON.stringify(payload)}::jsonb || jsonb_build_object('record_id', ins.id, 'employee_no', e.employee_no, 'employee_name', e.name, 'department_name', d.name)
        from ins
        join ${employees} e on e.id = ${viewer.employeeId}
        left join ${departments} d on d.id = e.department_id
        on conflict do nothing
      )
      select id from ins`);
    const inserted = ((res as unknown as { rows?: { id: unknown }[] }).rows ?? (res as unknown as { id: unknown }[])).length > 0;
    if (!inserted) throw refusal("checkin_already", 409, "你已签到，无需重复签到");
    return { status, checkedInAt: now.toISOString(), meetingId: m.id, title: m.title, method: req.method, lateMinutes: c.lateMinutes };
  }
  return db.transaction(async (tx) => {
    const [cur] = await tx
      .select()
      .from(meetingAttendance)
      .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, viewer.employeeId)))
      .for("update");
    if (cur?.checkedInAt) throw refusal("checkin_already", 409, "你已签到，无需重复签到", { checkedInAt: cur.checkedInAt.toISOString(), status: cur.status });
    const { row } = await writeAttendance(
      tx,
      m,
      viewer.employeeId,
      now,
      { checkIn: now, method: req.method, device: ctx.device ?? null, evidence: { ...evidence, checkInMethod: req.method } },
      cur ?? null,
    );
    if (!row) throw new AppError("unavailable", 503, "check-in not recorded");
    // Lost a race with a concurrent check-in of the same person (the unique row was theirs): still one row.
    if (!cur && row.checkedInAt && row.checkedInAt.getTime() !== now.getTime()) {
      throw refusal("checkin_already", 409, "你已签到，无需重复签到");
    }
    return {
      status: row.status,
      checkedInAt: (row.checkedInAt ?? now).toISOString(),
      meetingId: m.id,
      title: m.title,
      method: req.method,
      lateMinutes: Number((row.evidence as Record<string, unknown>).lateMinutes ?? 0),
    };
  });
}

export interface CheckOutResult {
  status: AttendanceStatus;
  checkedOutAt: string;
  meetingId: number;
  title: string;
  method: "qr" | "geofence";
  /** minutes before the end (a check-out before the window: early leave) */
  leftEarlyMinutes: number;
}

/**
 * 签退: the in-person check-out of a meeting that requires one, by rotating QR (a code of purpose "out") or
 * geofence. Only someone checked in may check out, once; until the window closes. A check-out before the window
 * opens is recorded and is early leave (lib/meetings/status). Refusals are typed; nothing is written on refusal,
 * and a second check-out changes nothing.
 */
export async function checkOut(db: Db, viewer: Viewer, req: CheckOutRequest, ctx: { now?: Date; device?: string | null } = {}): Promise<CheckOutResult> {
  const now = ctx.now ?? new Date();
  const [m] = await db.select().from(meetings).where(eq(meetings.id, req.meetingId));
  if (!m || m.status === "cancelled") throw notFound("会议不存在或已取消");
  if (!m.checkoutRequired) throw refusal("checkout_not_required", 409, "本次会议无需签退");
  if (req.method === "qr") {
    const v = verifyQrCode(await qrSecret(db), m.id, req.code, now, undefined, "out");
    if (!v.ok && v.reason === "expired") throw refusal("checkout_qr_expired", 410, "签退二维码已过期，请扫描大屏上的最新签退码");
    if (!v.ok) throw refusal("checkout_qr_invalid", 400, "签退二维码无效，请扫描组织者大屏上的签退码");
  }
  const window = checkOutWindow(m);
  return db.transaction(async (tx) => {
    const [cur] = await tx
      .select()
      .from(meetingAttendance)
      .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, viewer.employeeId)))
      .for("update");
    if (!cur?.checkedInAt) throw refusal("checkout_not_checked_in", 409, "你还没有签到，不能签退；如果你在会场，请联系组织者补签");
    if (cur.checkedOutAt) {
      throw refusal("checkout_already", 409, "你已签退，无需重复签退", { checkedOutAt: cur.checkedOutAt.toISOString(), status: cur.status });
    }
    if (now > window.closesAt) throw refusal("checkout_window_closed", 409, "签退已结束", { closesAt: window.closesAt.toISOString() });
    const evidence = req.method === "geofence" ? fenceEvidence(m, req.location) : { qr: { slot: true } };
    const { row } = await writeAttendance(
      tx,
      m,
      viewer.employeeId,
      now,
      { checkOut: now, evidence: { checkOut: { method: req.method, device: ctx.device ?? null, ...evidence } } },
      cur,
    );
    if (!row?.checkedOutAt) throw new AppError("unavailable", 503, "check-out not recorded");
    return {
      status: row.status,
      checkedOutAt: row.checkedOutAt.toISOString(),
      meetingId: m.id,
      title: m.title,
      method: req.method,
      leftEarlyMinutes: Number((row.evidence as Record<string, unknown>).leftEarlyMinutes ?? 0),
    };
  });
}

/** Organiser/HR sets a person's status with a reason; audited. */
export async function manualMark(db: Db, viewer: Viewer, meetingId: number, input: ManualMarkInput, now = new Date()): Promise<AttendanceRow> {
  return db.transaction(async (tx) => {
    const m = await getMeetingForUpdate(tx, meetingId);
    if (!canManageMeeting(viewer, m)) throw forbidden("only the organiser or HR can mark attendance");
    const [emp] = await tx.select({ id: employees.id }).from(employees).where(eq(employees.id, input.employeeId));
    if (!emp) throw notFound("employee not found");
    // Marks are limited to the meeting's people (invitees, anyone already recorded in it) and people the marker may
    // see (self; a manager's subtrees; HR everyone). Anyone else answers exactly like an unknown id: an organiser
    // cannot mark a stranger absent (that absence would reach HR's exports) nor probe who exists.
    const invited = await isInvited(tx, m.id, input.employeeId);
    if (!invited) {
      const [recorded] = await tx
        .select({ id: meetingAttendance.id })
        .from(meetingAttendance)
        .where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, input.employeeId)));
      if (!recorded && !(await canSeeEmployee(tx as unknown as Db, viewer, input.employeeId))) throw notFound("employee not found");
      if (m.inviteOnly) {
        // Adding an invitee after the fact is an audited, visible act: who and when are kept on the row and shown
        // where the meeting's people are listed ("由 X 于 … 添加").
        await tx.insert(meetingInvitees).values({ meetingId: m.id, employeeId: input.employeeId, addedBy: viewer.employeeId, addedAt: now }).onConflictDoNothing();
        await writeAudit(tx, viewer, "meeting.invitee.add", { type: "meeting", id: m.id }, { employeeId: input.employeeId, via: "manual_mark" });
      }
    }
    const present = input.status === "on_time" || input.status === "late" || input.status === "early_leave";
    const { row } = await writeAttendance(tx, m, input.employeeId, now, {
      manualStatus: input.status,
      method: present ? "manual" : null,
      checkIn: present ? (now < m.startsAt ? now : new Date(Math.min(now.getTime(), m.endsAt.getTime()))) : undefined,
      evidence: { manual: { by: viewer.employeeId, reason: input.reason, at: now.toISOString(), status: input.status } },
    });
    await writeAudit(tx, viewer, "meeting.attendance.manual_mark", { type: "meeting_attendance", id: `${meetingId}:${input.employeeId}` }, {
      status: input.status,
      reason: input.reason,
    });
    return row!;
  });
}

const PRESENCE_LOCK_NS = 72_651_208; // pg_advisory_xact_lock(ns, hash(meeting:person)): one presence writer per person

/**
 * One video join/leave. Stored as evidence (meeting_presence_events, idempotent on meeting × person × source ×
 * participant × action × time), then the person's sessions of that source are recomputed from all the evidence in
 * time order (lib/meetings/presence.ts) and the attendance row from the sessions. The result depends on the set of
 * events, not on the order they arrived in: a leave before its join is kept and pairs when the join comes. A
 * redelivery, or an event that changes no session, writes nothing else (no attendance version, no OA outbox row).
 */
export async function recordPresence(
  db: Db,
  m: MeetingRow,
  employeeId: number,
  p: { source: string; participantKey: string; action: "join" | "leave"; at: Date; device?: string | null; sourceEvent?: string },
  now = new Date(),
): Promise<{ changed: boolean }> {
  // Serialise the writers of one person's presence (several inbox workers): each recompute sees every fact
  // committed before it, so concurrent join and leave cannot both compute from a set missing the other.
  await db.execute(sql`select pg_advisory_xact_lock(${PRESENCE_LOCK_NS}::int4, hashtext(${`${m.id}:${employeeId}`}))`);
  const ins = await db
    .insert(meetingPresenceEvents)
    .values({
      meetingId: m.id,
      employeeId,
      source: p.source,
      participantKey: p.participantKey,
      action: p.action,
      at: p.at,
      device: p.device ?? null,
      sourceEvent: p.sourceEvent ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: meetingPresenceEvents.id });
  if (ins.length === 0) return { changed: false };

  const facts = await db
    .select({
      action: meetingPresenceEvents.action,
      at: meetingPresenceEvents.at,
      participantKey: meetingPresenceEvents.participantKey,
      device: meetingPresenceEvents.device,
      sourceEvent: meetingPresenceEvents.sourceEvent,
    })
    .from(meetingPresenceEvents)
    .where(and(eq(meetingPresenceEvents.meetingId, m.id), eq(meetingPresenceEvents.employeeId, employeeId), eq(meetingPresenceEvents.source, p.source)));
  const desired = new Map(presenceSessions(facts).map((s) => [presenceSessionKey(p.source, employeeId, s.joinedAt), s]));
  // The rows this source's evidence owns: derived ones, and those of the old in-order path ("<source>:<participant>:join:<ms>",
  // backfilled into the evidence by migration 0009). Imports and seeds keep their own rows.
  const existing = await db
    .select({ id: meetingSessions.id, externalKey: meetingSessions.externalKey, leftAt: meetingSessions.leftAt })
    .from(meetingSessions)
    .where(
      and(
        eq(meetingSessions.meetingId, m.id),
        eq(meetingSessions.employeeId, employeeId),
        eq(meetingSessions.source, p.source),
        sql`(${meetingSessions.externalKey} like 'presence:%' or ${meetingSessions.externalKey} ~ ('^' || ${meetingSessions.source} || ':.+:join:[0-9]+$'))`,
      ),
    );
  let sessionsChanged = false;
  const stale: number[] = [];
  for (const row of existing) {
    const want = desired.get(row.externalKey);
    if (!want) {
      stale.push(row.id);
      continue;
    }
    desired.delete(row.externalKey);
    if ((row.leftAt?.getTime() ?? null) !== (want.leftAt?.getTime() ?? null)) {
      await db.update(meetingSessions).set({ leftAt: want.leftAt }).where(eq(meetingSessions.id, row.id));
      sessionsChanged = true;
    }
  }
  if (stale.length) {
    await db.delete(meetingSessions).where(inArray(meetingSessions.id, stale));
    sessionsChanged = true;
  }
  if (desired.size) {
    await db.insert(meetingSessions).values(
      [...desired].map(([externalKey, s]) => ({
        meetingId: m.id,
        employeeId,
        source: p.source,
        externalKey,
        joinedAt: s.joinedAt,
        leftAt: s.leftAt,
        evidence: { device: s.device, sourceEvent: s.sourceEvent },
      })),
    );
    sessionsChanged = true;
  }
  if (!sessionsChanged) return { changed: false };
  // Replacing the old path's rows by the same spans changes nothing below (writeAttendance writes only on a change).
  const res = await writeAttendance(db, m, employeeId, now, {
    method: "video",
    device: firstJoinDevice(facts),
    evidence: { hasSessions: true },
  });
  return { changed: res.changed };
}

/** A complete interval (imports): idempotent on the import row's natural key. */
export async function recordInterval(
  db: Db,
  m: MeetingRow,
  employeeId: number,
  s: { source: string; key: string; joinedAt: Date; leftAt: Date | null; device?: string | null; evidence?: Record<string, unknown> },
  now = new Date(),
): Promise<boolean> {
  const ins = await db
    .insert(meetingSessions)
    .values({ meetingId: m.id, employeeId, source: s.source, externalKey: s.key, joinedAt: s.joinedAt, leftAt: s.leftAt, evidence: s.evidence ?? {} })
    .onConflictDoNothing()
    .returning({ id: meetingSessions.id });
  if (ins.length === 0) return false;
  await writeAttendance(db, m, employeeId, now, { method: "import", device: s.device ?? null, evidence: { hasSessions: true } });
  return true;
}

/**
 * After the end (or, when check-out is required, after the check-out window closes): everyone invited without a
 * record becomes absent (or on leave), and whoever checked in without checking out left early. Idempotent.
 */
export async function finalizeMeeting(db: Db, m: MeetingRow, now = new Date()): Promise<number> {
  if (settlesAt(m) > now || m.status === "cancelled") return 0;
  const missing = await db
    .select({ employeeId: meetingInvitees.employeeId })
    .from(meetingInvitees)
    .leftJoin(meetingAttendance, and(eq(meetingAttendance.meetingId, meetingInvitees.meetingId), eq(meetingAttendance.employeeId, meetingInvitees.employeeId)))
    .where(and(eq(meetingInvitees.meetingId, m.id), isNull(meetingAttendance.id)));
  const leaveRows = missing.length
    ? await db
        .select({ employeeId: leaves.employeeId })
        .from(leaves)
        .where(and(inArray(leaves.employeeId, missing.map((x) => x.employeeId)), lt(leaves.startsAt, m.endsAt), gt(leaves.endsAt, m.startsAt)))
    : [];
  const onLeave = new Set(leaveRows.map((l) => l.employeeId));
  if (missing.length) {
    const excused = await db
      .select({ employeeId: meetingExcuses.employeeId })
      .from(meetingExcuses)
      .where(and(eq(meetingExcuses.meetingId, m.id), isNull(meetingExcuses.revokedAt)));
    for (const x of excused) onLeave.add(x.employeeId);
  }
  let n = 0;
  for (let i = 0; i < missing.length; i += 500) {
    const batch = missing.slice(i, i + 500);
    const rows = await db
      .insert(meetingAttendance)
      .values(
        batch.map((x) => ({
          meetingId: m.id,
          employeeId: x.employeeId,
          status: onLeave.has(x.employeeId) ? ("on_leave" as const) : ("absent" as const),
          businessDate: m.businessDate,
          evidence: { finalizedAt: now.toISOString() },
          updatedAt: now,
        })),
      )
      .onConflictDoNothing()
      .returning();
    for (const row of rows) {
      await enqueueAttendanceSnapshot(db, row.id);
    }
    n += rows.length;
  }
  // Rows still pending (e.g. joined a video meeting that never produced a status) are recomputed, and so are those
  // checked in without a check-out when the meeting requires one (they become early leave).
  const pending = await db
    .select()
    .from(meetingAttendance)
    .where(
      and(
        eq(meetingAttendance.meetingId, m.id),
        m.checkoutRequired
          ? or(eq(meetingAttendance.status, "pending"), and(sql`${meetingAttendance.checkedInAt} is not null`, isNull(meetingAttendance.checkedOutAt), ne(meetingAttendance.status, "early_leave")))
          : eq(meetingAttendance.status, "pending"),
      ),
    );
  for (const r of pending) if ((await writeAttendance(db, m, r.employeeId, now, {}, r)).changed) n++;
  await db.update(meetings).set({ finalizedAt: now, status: "ended" }).where(and(eq(meetings.id, m.id)));
  await foldAttendanceDeltas(db);
  return n;
}

const FOLD_LOCK_ID = 72_651_207; // pg_advisory_xact_lock key: one folder at a time; the others skip

/**
 * Move the attendance fact deltas (appended by the meeting_attendance triggers, migration 0007) into
 * meeting_attendance_daily. Runs after each finalisation; skips when another transaction is folding (no waiting,
 * no deadlock). Reports read daily + deltas, so folding never changes a number. Returns the deltas folded.
 */
export async function foldAttendanceDeltas(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const lock = await tx.execute(sql`select pg_try_advisory_xact_lock(${FOLD_LOCK_ID}) as ok`);
    const ok = ((lock as unknown as { rows?: { ok: boolean }[] }).rows ?? (lock as unknown as { ok: boolean }[]))[0]?.ok;
    if (!ok) return 0;
    const res = await tx.execute(sql`
      with moved as (delete from meeting_attendance_daily_delta returning business_date, department_id, status, n),
      folded as (
        insert into meeting_attendance_daily as f (business_date, department_id, status, n)
        select business_date, department_id, status, sum(n)::int from moved group by 1, 2, 3
        on conflict (business_date, department_id, status) do update set n = f.n + excluded.n
        returning 1
      )
      select (select count(*) from moved)::int as moved, (select count(*) from folded)::int as folded`);
    const row = ((res as unknown as { rows?: { moved: number }[] }).rows ?? (res as unknown as { moved: number }[]))[0];
    return Number(row?.moved ?? 0);
  });
}

/** Meetings whose end has passed and that were not finalized yet. */
export async function dueForFinalize(db: Db, now: Date, limit = 20): Promise<MeetingRow[]> {
  return db
    .select()
    .from(meetings)
    .where(
      and(
        lte(meetings.endsAt, now),
        // a meeting that requires check-out settles when its check-out window closes
        sql`${meetings.endsAt} + make_interval(mins => case when ${meetings.checkoutRequired} then ${meetings.checkoutClosesAfterEndMinutes} else 0 end) <= ${now.toISOString()}::timestamptz`,
        isNull(meetings.finalizedAt),
        sql`${meetings.status} <> 'cancelled'`,
        gte(meetings.endsAt, new Date(now.getTime() - 30 * 86_400_000)),
      ),
    )
    .limit(limit);
}

export async function addLeave(db: Db, viewer: Viewer, input: { employeeId: number; startsAt: Date; endsAt: Date; reason?: string }, now = new Date()) {
  if (!canSeeEveryone(viewer)) throw forbidden("only HR can enter leave");
  if (!(input.endsAt > input.startsAt)) throw new AppError("bad_request", 400, "结束时间必须晚于开始时间");
  return db.transaction(async (tx) => {
    const [emp] = await tx.select({ status: employees.status }).from(employees).where(eq(employees.id, input.employeeId));
    if (!emp) throw notFound("employee not found");
    const l = await recordLeave(tx, { ...input, createdBy: viewer.employeeId }, now);
    await writeAudit(tx, viewer, "leave.create", { type: "leave", id: l.id }, { employeeId: input.employeeId });
    return l;
  });
}

/**
 * The meetings side of a leave, whoever grants it (HR here, an approved leave application in lib/approvals/flows):
 * the leave row, and the overlapping meetings of this person recomputed (absent without check-in → on_leave).
 * Runs in the caller's transaction.
 */
export async function recordLeave(tx: Db, input: { employeeId: number; startsAt: Date; endsAt: Date; reason?: string; createdBy: number | null }, now = new Date()) {
  const [l] = await tx.insert(leaves).values(input).returning();
  const overlapping = await tx
    .select()
    .from(meetings)
    .innerJoin(meetingInvitees, and(eq(meetingInvitees.meetingId, meetings.id), eq(meetingInvitees.employeeId, input.employeeId)))
    .where(and(lt(meetings.startsAt, input.endsAt), gt(meetings.endsAt, input.startsAt)));
  for (const { meetings: m } of overlapping) {
    const [cur] = await tx.select().from(meetingAttendance).where(and(eq(meetingAttendance.meetingId, m.id), eq(meetingAttendance.employeeId, input.employeeId)));
    if (cur && cur.status === "absent" && !cur.checkedInAt) {
      await tx.update(meetingAttendance).set({ status: "on_leave", version: cur.version + 1, updatedAt: now }).where(eq(meetingAttendance.id, cur.id));
      await enqueueAttendanceSnapshot(tx, cur.id);
    }
  }
  return l;
}

/**
 * Undo recordLeave: the leave row removed and every meeting it overlapped recomputed (on_leave turns back to what
 * the person's check-ins say). Nothing held → false. Used when an approved leave is revoked (ours or a native one).
 */
export async function removeLeave(tx: Db, leaveId: number, now = new Date()): Promise<boolean> {
  const [l] = await tx.delete(leaves).where(eq(leaves.id, leaveId)).returning();
  if (!l) return false;
  const overlapping = await tx
    .select({ m: meetings })
    .from(meetings)
    .innerJoin(meetingInvitees, and(eq(meetingInvitees.meetingId, meetings.id), eq(meetingInvitees.employeeId, l.employeeId)))
    .where(and(lt(meetings.startsAt, l.endsAt), gt(meetings.endsAt, l.startsAt)));
  for (const { m } of overlapping) await recomputeMeeting(tx, m, now);
  return true;
}

/**
 * Claim an unmatched participant: link the vendor identity to an employee in the ledger (matched_by hr_manual,
 * never by name) and re-run the events parked for it. Organisers may claim for their meetings; HR for all.
 */
export async function claimUnmatched(db: Db, viewer: Viewer, input: { unmatchedId: number; employeeId: number }): Promise<{ rerun: number }> {
  const { unmatchedParticipants } = await import("@/db/schema");
  const { rerunParked } = await import("@/lib/ingest/worker");
  const { wecomConfig } = await import("@/lib/vendors/config");
  return db.transaction(async (tx) => {
    const [u] = await tx.select().from(unmatchedParticipants).where(eq(unmatchedParticipants.id, input.unmatchedId)).for("update");
    if (!u || u.status !== "open") throw notFound("unmatched participant not found or already handled");
    const [emp] = await tx.select({ id: employees.id, status: employees.status }).from(employees).where(eq(employees.id, input.employeeId));
    if (!emp || emp.status !== "active") throw new AppError("bad_request", 400, "请选择一位在职员工");
    const provider = (["tencent_meeting", "zoom", "agora", "wecom"] as const).find((p) => p === u.source);
    if (!canSeeEveryone(viewer)) {
      // An organiser vouches for who joined their meeting, and no more: the account must be a video-meeting
      // account (a WeCom userid is a sign-in identity: linking it would let that account sign in as the employee,
      // so only HR links those, in the identity ledger), the employee must be invited to this meeting, and an
      // account HR has already refused to link stays refused.
      const m = u.meetingId ? (await tx.select().from(meetings).where(eq(meetings.id, u.meetingId)))[0] : null;
      if (!m || m.organizerId !== viewer.employeeId) throw forbidden("only the organiser of the meeting or HR can claim");
      if (u.source === "wecom") throw forbidden("企业微信账号是登录身份，只能由人事在身份台账中关联");
      const [invited] = await tx.select({ id: meetingInvitees.employeeId }).from(meetingInvitees).where(and(eq(meetingInvitees.meetingId, m.id), eq(meetingInvitees.employeeId, emp.id)));
      if (!invited) throw new AppError("bad_request", 400, "只能关联到本会议的受邀人；其他人员请联系人事处理");
      if (await linkWasRefused(tx as unknown as Db, u.source, u.externalUserId)) throw new AppError("conflict", 409, "人事已拒绝关联该账号，请联系人事处理");
    }
    if (provider === "wecom") await assertMayLinkSignInAccountTo(tx as unknown as Db, viewer, emp.id);
    if (provider) {
      const corpId = provider === "wecom" ? wecomConfig().corpId : "";
      const linked = await linkClaimedAccount(tx as unknown as Db, { provider, corpId, externalId: u.externalUserId }, emp.id);
      if (linked === "taken") throw new AppError("conflict", 409, "该账号已关联到其他员工，请在身份台账中处理");
    }
    await tx
      .update(unmatchedParticipants)
      .set({ status: "claimed", claimedEmployeeId: emp.id, claimedBy: viewer.employeeId })
      .where(and(eq(unmatchedParticipants.source, u.source), eq(unmatchedParticipants.externalUserId, u.externalUserId), eq(unmatchedParticipants.status, "open")));
    const rerun = u.parkKey ? await rerunParked(tx, u.parkKey) : 0;
    await writeAudit(tx, viewer, "meeting.unmatched.claim", { type: "unmatched_participant", id: u.id }, { employeeId: emp.id, source: u.source, rerun });
    return { rerun };
  });
}
