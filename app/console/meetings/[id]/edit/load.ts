// The edit pages' loader (PC console and mobile workbench): the meeting as the edit form takes it, or 404.
import "server-only";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { meetingForEdit } from "@/lib/meetings/meeting-edit";
import { parseId } from "@/lib/validation";

export async function loadMeetingForEditPage(params: Promise<{ id: string }>) {
  const viewer = await requireViewer();
  const id = parseId((await params).id) ?? notFound(); // "1e3", "99999999999999999999": not ids, never a query
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
