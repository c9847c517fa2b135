"use server";
// Save a meeting edit (organiser or HR): fields, then invitees; answers how many attendance records changed.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { editMeeting } from "@/lib/meetings/meeting-edit";
import { editSeriesFromMeeting } from "@/lib/meetings/series";
import { meetingPatch } from "@/lib/meetings/schemas";
import type { EditMeetingResult } from "@/components/meetings-ui/types";
import { findNul, NUL_MESSAGE } from "@/lib/validation";

const editInput = z.object({
  id: z.number().int().positive(),
  patch: meetingPatch,
  addEmployeeNos: z.array(z.string().trim().min(1).max(32)).max(1000).default([]),
  removeEmployeeIds: z.array(z.number().int().positive()).max(1000).default([]),
  /** 周例会: "one" edits this meeting; "series" edits the occurrences still to come (invitee changes: this one). */
  scope: z.enum(["one", "series"]).default("one"),
});

export async function saveMeetingEdit(raw: unknown): Promise<EditMeetingResult> {
  const viewer = await requireViewer();
  if (findNul(raw) !== null) return { ok: false, message: NUL_MESSAGE };
  const parsed = editInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const { id, scope, ...input } = parsed.data;
  try {
    const db = await getDb();
    if (scope === "series") {
      const { updated } = await editSeriesFromMeeting(db, viewer, id, input.patch);
      const r = input.addEmployeeNos.length || input.removeEmployeeIds.length ? await editMeeting(db, viewer, id, { ...input, patch: {} }) : { changed: 0, added: 0, removed: 0 };
      for (const m of updated) revalidatePath(`/meetings/${m}`);
      revalidatePath(`/console/meetings/${id}`);
      return { ok: true, changed: r.changed, added: r.added, removed: r.removed, seriesUpdated: updated.length };
    }
    const r = await editMeeting(db, viewer, id, input);
    revalidatePath(`/meetings/${id}`);
    revalidatePath(`/console/meetings/${id}`);
    return { ok: true, ...r };
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return { ok: false, message: e.message };
    throw e;
  }
}
