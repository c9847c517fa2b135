// Adopting a meeting that a video platform created (认领并设置): such a meeting has no invitees of ours and the
// default thresholds, so the organiser (or HR) sets them after the fact — people from the vendor's invitee list
// (mapped through the identity ledger, never by name) or picked by employee number, plus late_after_minutes and
// early_leave_minutes — and everyone's attendance is recomputed (recomputeMeeting: existing rows with the new
// thresholds; after the end, the invitees without a record become absent). Invitees are only added: removing a
// person after absences went to HR and the OA would need its own audited flow. The same mapping serves the
// vendor-invitee inbox handler (meeting.invitees pulls, lib/reconcile/invitees.ts).
import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { departments, employees, identities, meetingInvitees, meetings } from "@/db/schema";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { AppError, forbidden, notFound } from "@/lib/errors";
import type { EventHandler } from "@/lib/ingest/types";
import { wecomConfig } from "@/lib/vendors/config";
import { resolveParticipant } from "./events";
import { canManageMeeting, recomputeMeeting, type MeetingRow } from "./mutations";

export const adoptInput = z.object({
  inviteeIds: z.array(z.number().int().positive()).max(20_000).default([]),
  employeeNos: z.array(z.string().trim().min(1).max(32)).max(2_000).default([]),
  lateAfterMinutes: z.number().int().min(0).max(1440),
  earlyLeaveMinutes: z.number().int().min(0).max(1440),
});
export type AdoptInput = z.infer<typeof adoptInput>;

/** Created from a video platform's events (not in the app): the meetings that can be adopted. */
export function isVideoCreated(m: Pick<MeetingRow, "source">): boolean {
  return m.source !== "local";
}

export interface InviteeCandidate {
  userid: string;
  vendorName: string;
  employeeId: number | null;
  name: string | null;
  employeeNo: string | null;
  department: string | null;
  invited: boolean;
}

async function employeeForVendorUser(db: Db, source: "tencent_meeting" | "wecom", userid: string): Promise<number | null> {
  if (source === "tencent_meeting") return resolveParticipant(db, "tencent_meeting", { key: userid, userid });
  const r = await db
    .select({ employeeId: identities.employeeId })
    .from(identities)
    .innerJoin(employees, eq(employees.id, identities.employeeId))
    .where(and(eq(identities.provider, "wecom"), eq(identities.corpId, wecomConfig().corpId), eq(identities.externalId, userid), eq(employees.status, "active")));
  return r.length === 1 ? r[0].employeeId : null;
}

/** Map a vendor's invitee list to employees through the identity ledger; marks who is invited already. */
export async function mapVendorInvitees(
  db: Db,
  meetingId: number,
  source: "tencent_meeting" | "wecom",
  list: { userid: string; name: string }[],
): Promise<InviteeCandidate[]> {
  const ids = new Map<string, number | null>();
  for (const i of list) ids.set(i.userid, await employeeForVendorUser(db, source, i.userid));
  const known = [...new Set([...ids.values()].filter((v): v is number => v !== null))];
  const people = known.length
    ? await db
        .select({ id: employees.id, name: employees.name, employeeNo: employees.employeeNo, department: departments.name })
        .from(employees)
        .leftJoin(departments, eq(departments.id, employees.departmentId))
        .where(inArray(employees.id, known))
    : [];
  const invited = known.length
    ? new Set(
        (await db.select({ id: meetingInvitees.employeeId }).from(meetingInvitees).where(and(eq(meetingInvitees.meetingId, meetingId), inArray(meetingInvitees.employeeId, known)))).map(
          (r) => r.id,
        ),
      )
    : new Set<number>();
  const byId = new Map(people.map((p) => [p.id, p]));
  return list.map((i) => {
    const id = ids.get(i.userid) ?? null;
    const p = id === null ? undefined : byId.get(id);
    return { userid: i.userid, vendorName: i.name, employeeId: id, name: p?.name ?? null, employeeNo: p?.employeeNo ?? null, department: p?.department ?? null, invited: id !== null && invited.has(id) };
  });
}

async function addInvitees(db: Db, meetingId: number, employeeIds: number[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < employeeIds.length; i += 1000) {
    const rows = await db
      .insert(meetingInvitees)
      .values(employeeIds.slice(i, i + 1000).map((employeeId) => ({ meetingId, employeeId, viaDepartmentId: null })))
      .onConflictDoNothing()
      .returning({ id: meetingInvitees.employeeId });
    added += rows.length;
  }
  return added;
}

export interface AdoptResult {
  meeting: MeetingRow;
  added: number;
  invitees: number;
  recomputed: number;
}

/** The organiser (or HR) adopts a video-created meeting: adds invitees, sets thresholds, recomputes. Audited. */
export async function adoptMeeting(db: Db, viewer: Viewer, meetingId: number, input: AdoptInput, now = new Date()): Promise<AdoptResult> {
  return db.transaction(async (tx) => {
    const [m] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for("update");
    if (!m) throw notFound("meeting not found");
    if (!canManageMeeting(viewer, m)) throw forbidden("only the organiser of the meeting or HR can adopt it");
    if (!isVideoCreated(m)) throw new AppError("bad_request", 400, "该会议是在应用内创建的，请在编辑页修改受邀人和规则");
    if (m.status === "cancelled") throw new AppError("bad_request", 400, "会议已取消，不能认领");
    const nos = [...new Set(input.employeeNos)];
    const byNo = nos.length
      ? await tx.select({ id: employees.id, no: employees.employeeNo }).from(employees).where(and(inArray(employees.employeeNo, nos), eq(employees.status, "active")))
      : [];
    const unknownNos = nos.filter((n) => !byNo.some((r) => r.no === n));
    if (unknownNos.length) throw new AppError("bad_request", 400, `找不到这些工号的在职员工：${unknownNos.slice(0, 20).join("、")}`, { unknownEmployeeNos: unknownNos });
    const ids = [...new Set([...input.inviteeIds, ...byNo.map((r) => r.id)])];
    const active = ids.length ? await tx.select({ id: employees.id }).from(employees).where(and(inArray(employees.id, ids), eq(employees.status, "active"))) : [];
    const missing = ids.filter((id) => !active.some((a) => a.id === id));
    if (missing.length) throw new AppError("bad_request", 400, `这些人员不存在或已离职：${missing.slice(0, 20).join("、")}`, { unknownEmployeeIds: missing });
    const [updated] = await tx
      .update(meetings)
      .set({ lateAfterMinutes: input.lateAfterMinutes, earlyLeaveMinutes: input.earlyLeaveMinutes, updatedAt: now })
      .where(eq(meetings.id, m.id))
      .returning();
    const added = await addInvitees(tx, m.id, ids);
    const recomputed = await recomputeMeeting(tx, updated, now);
    const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, m.id));
    await writeAudit(tx, viewer, "meeting.adopt", { type: "meeting", id: m.id }, {
      added,
      addedEmployeeIds: ids.slice(0, 200),
      lateAfterMinutes: input.lateAfterMinutes,
      earlyLeaveMinutes: input.earlyLeaveMinutes,
      previous: { lateAfterMinutes: m.lateAfterMinutes, earlyLeaveMinutes: m.earlyLeaveMinutes },
    });
    return { meeting: updated, added, invitees: Number(n), recomputed };
  });
}

const invitePayload = z.object({
  app_meeting_id: z.number().int().positive(),
  invitees: z.array(z.object({ userid: z.string().min(1), nick_name: z.string().optional() })).max(20_000),
});

/** Inbox handler of a pulled vendor invitee list: ledger-matched people become invitees; the meeting is recomputed. */
export function vendorInviteesHandler(source: "tencent_meeting" | "wecom"): EventHandler {
  return async ({ db, event }) => {
    const p = invitePayload.safeParse(event.payload);
    if (!p.success) return { outcome: "ignored", reason: "payload does not match a pulled invitee list" };
    const [m] = await db.select().from(meetings).where(eq(meetings.id, p.data.app_meeting_id)).for("update");
    if (!m || m.status === "cancelled") return { outcome: "ignored", reason: `meeting ${p.data.app_meeting_id} is gone or cancelled` };
    const mapped = await mapVendorInvitees(db, m.id, source, p.data.invitees.map((i) => ({ userid: i.userid, name: i.nick_name ?? i.userid })));
    const ids = [...new Set(mapped.map((c) => c.employeeId).filter((v): v is number => v !== null))];
    const added = ids.length ? await addInvitees(db, m.id, ids) : 0;
    const now = new Date();
    const recomputed = added > 0 && m.endsAt <= now ? await recomputeMeeting(db, m, now) : 0;
    if (added > 0) await writeAudit(db, { system: `${source}.invitees` }, "meeting.invitees.vendor", { type: "meeting", id: m.id }, { added, listed: mapped.length });
    return { outcome: "handled", effects: { meetingId: m.id, listed: mapped.length, added, unmatched: mapped.filter((c) => c.employeeId === null).length, recomputed } };
  };
}

export async function inviteeCount(db: Db, meetingId: number): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
  return Number(n);
}
