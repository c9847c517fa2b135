"use server";
// Save a meeting edit (organiser or HR): fields, then invitees; answers how many attendance records changed.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { editMeeting } from "@/lib/meetings/meeting-edit";
import { meetingPatch } from "@/lib/meetings/schemas";
import type { EditMeetingResult } from "@/components/meetings-ui/types";
import { findNul, NUL_MESSAGE } from "@/lib/validation";

const editInput = z.object({
  id: z.number().int().positive(),
  patch: meetingPatch,
  addEmployeeNos: z.array(z.string().trim().min(1).max(32)).max(1000).default([]),
  removeEmployeeIds: z.array(z.number().int().positive()).max(1000).default([]),
});

export async function saveMeetingEdit(raw: unknown): Promise<EditMeetingResult> {
  const viewer = await requireViewer();
  if (findNul(raw) !== null) return { ok: false, message: NUL_MESSAGE };
  const parsed = editInput.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const { id, ...input } = parsed.data;
  try {
    const r = await editMeeting(await getDb(), viewer, id, input);
    revalidatePath(`/meetings/${id}`);
    revalidatePath(`/console/meetings/${id}`);
    return { ok: true, ...r };
  } catch (e) {
    if (e instanceof AppError && e.status < 500) return { ok: false, message: e.message };
    throw e;
  }
}
