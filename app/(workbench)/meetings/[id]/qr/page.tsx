// Full-screen rotating QR for the room's screen (organiser/HR only).
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getMeeting, liveViewUnscoped } from "@/lib/meetings/queries";
import { QrDisplay } from "../../_components/qr-display";

export const dynamic = "force-dynamic";

export default async function QrPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const db = await getDb();
  let found;
  try {
    found = await getMeeting(db, viewer, id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
  if (!found.canManage) notFound();
  const initial = await liveViewUnscoped(db, found.meeting);
  return <QrDisplay meetingId={id} title={found.meeting.title} initial={initial} />;
}
