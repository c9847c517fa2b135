// The edit pages' loader (PC console and mobile workbench): the meeting as the edit form takes it, or 404.
import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { meetingForEdit } from "@/lib/meetings/meeting-edit";

export async function loadMeetingForEditPage(params: Promise<{ id: string }>) {
  const viewer = await requireViewer();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  let m;
  try {
    m = await meetingForEdit(await getDb(), viewer, id);
  } catch (e) {
    // Not the organiser or HR: the same answer as a meeting that does not exist (do not reveal it).
    if (e instanceof AppError && (e.status === 404 || e.status === 403)) notFound();
    throw e;
  }
  return { id, meeting: { ...m, startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), ended: m.endsAt <= new Date() } };
}
