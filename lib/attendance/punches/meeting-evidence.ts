// 会议联动 (meetings as attendance evidence): a check-in to a meeting marked "counts for attendance" is also a punch,
// through the one punch write path (natural key: source "meeting", record "<meeting id>:<employee id>"). The punch
// follows the check-in: moved when the check-in time changes, vanished (kept, marked) when the person ends up absent,
// on leave or the meeting stops counting — so the person-day is recomputed either way and the OA gets the change.
import type { Db } from "@/db/client";
import type { meetingAttendance, meetings } from "@/db/schema/meetings";
import { markPunchVanished, writePunch } from "./store";

type MeetingLike = Pick<typeof meetings.$inferSelect, "id" | "title" | "locationName" | "countsForAttendance" | "latitude" | "longitude">;
type AttendanceLike = Pick<typeof meetingAttendance.$inferSelect, "employeeId" | "checkedInAt" | "status">;

/** Statuses in which the person was there (an organiser's "absent" or "on leave" mark overrides a check-in). */
const PRESENT = new Set(["on_time", "late", "early_leave"]);

export const meetingPunchKey = (meetingId: number, employeeId: number) => ({ source: "meeting" as const, deviceId: "", recordId: `${meetingId}:${employeeId}` });

/** Bring the meeting punch of one person in line with their attendance row. Returns what happened to the punch. */
export async function syncMeetingPunch(db: Db, m: MeetingLike, row: AttendanceLike): Promise<"written" | "vanished" | "none"> {
  const key = meetingPunchKey(m.id, row.employeeId);
  if (m.countsForAttendance && row.checkedInAt && PRESENT.has(row.status)) {
    const r = await writePunch(db, {
      ...key,
      employeeId: row.employeeId,
      punchedAt: row.checkedInAt,
      direction: null, // presence at that time: the engine's windows decide which expected punch it covers
      placeName: m.locationName ?? m.title,
      location: m.latitude != null && m.longitude != null ? { lat: m.latitude, lng: m.longitude, coord: "wgs84" } : null,
      raw: { meetingId: m.id, title: m.title },
    });
    return r.state === "unchanged" ? "none" : "written";
  }
  return (await markPunchVanished(db, key)) ? "vanished" : "none";
}
