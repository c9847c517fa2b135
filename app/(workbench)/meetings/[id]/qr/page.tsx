// Full-screen rotating QR for the room's screen (organiser/HR only).
import { notFound } from "next/navigation";
import { ClientIntl } from "@/components/shell/client-intl";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { getMeeting, liveViewUnscoped } from "@/lib/meetings/queries";
import { QrDisplay } from "../../_components/qr-display";
import { parseId } from "@/lib/validation";

export const dynamic = "force-dynamic";

export default async function QrPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  const id = parseId((await params).id) ?? notFound(); // "1e3", "99999999999999999999": not ids, never a query
  const db = await getDb();
  let found;
  try {
    found = await getMeeting(db, viewer, id);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  }
  if (!found.canManage) notFound();
  // ?purpose=out: the check-out (签退) code, for a meeting that requires one.
  const purpose = (await searchParams).purpose === "out" && found.meeting.checkoutRequired ? "out" : "in";
  const initial = await liveViewUnscoped(db, found.meeting);
  return (
    <ClientIntl namespaces={["meetings"]}>
      <QrDisplay meetingId={id} title={found.meeting.title} initial={initial} purpose={purpose} />
    </ClientIntl>
  );
}
