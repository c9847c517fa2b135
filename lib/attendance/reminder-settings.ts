// HR's per-group reminder settings (attendance_groups.reminders): read them for the console page and change them
// (HR/admin only; a change is audited with before and after; the same values again write nothing).
import "server-only";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { attendanceGroups } from "@/db/schema";
import type { GroupReminderSettings } from "@/db/schema/attendance";
import { writeAudit } from "@/lib/audit";
import type { Viewer } from "@/lib/auth/viewer";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { forbidden, notFound } from "@/lib/errors";
import { reminderSettings } from "./reminder-rules";

const hhmm = (name: string) => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${name} must be a time HH:MM (00:00–23:59)`);

export const reminderSettingsBody = z
  .object({
    enabled: z.boolean(),
    punchInAfterMinutes: z.number().int("punchInAfterMinutes must be a whole number of minutes").min(0).max(240),
    punchOut: z.boolean(),
    missingNextMorning: z.boolean(),
    missingAt: hhmm("missingAt"),
    monthSummary: z.boolean(),
    quietStart: hhmm("quietStart"),
    quietEnd: hhmm("quietEnd"),
  })
  .strict();

export const groupIdParam = z.string().regex(/^[1-9]\d{0,14}$/, "group must be an id").transform(Number);

export function assertCanManageReminders(viewer: Viewer): void {
  if (!canSeeEveryone(viewer)) throw forbidden("attendance reminders are set by HR and admins");
}

export interface GroupReminders {
  id: number;
  name: string;
  settings: GroupReminderSettings;
}

export async function groupReminders(db: Db, viewer: Viewer): Promise<GroupReminders[]> {
  assertCanManageReminders(viewer);
  const rows = await db.select({ id: attendanceGroups.id, name: attendanceGroups.name, reminders: attendanceGroups.reminders }).from(attendanceGroups).orderBy(asc(attendanceGroups.id));
  return rows.map((r) => ({ id: r.id, name: r.name, settings: reminderSettings(r.reminders) }));
}

export async function setGroupReminders(db: Db, viewer: Viewer, groupId: number, input: z.infer<typeof reminderSettingsBody>): Promise<{ settings: GroupReminderSettings; changed: boolean }> {
  assertCanManageReminders(viewer);
  return db.transaction(async (tx) => {
    const [g] = await tx.select({ reminders: attendanceGroups.reminders }).from(attendanceGroups).where(eq(attendanceGroups.id, groupId)).for("update");
    if (!g) throw notFound("no such attendance group");
    const before = reminderSettings(g.reminders);
    const after = reminderSettings(input);
    if (JSON.stringify(before) === JSON.stringify(after)) return { settings: before, changed: false };
    await tx.update(attendanceGroups).set({ reminders: after, updatedAt: sql`now()` }).where(eq(attendanceGroups.id, groupId));
    await writeAudit(tx, viewer, "attendance.group.reminders", { type: "attendance_group", id: groupId }, { from: before, to: after });
    return { settings: after, changed: true };
  });
}
