// Mobile: edit a meeting (organiser or HR). Saving recomputes statuses and reports how many records changed.
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { MeetingEditForm } from "@/components/meetings-ui/meeting-edit-form";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { meetingForEdit } from "@/lib/meetings/meeting-edit";
import { saveMeetingEdit } from "@/app/console/meetings/[id]/edit/actions";

export const dynamic = "force-dynamic";

export default async function MeetingEditPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireViewer();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  let m;
  try {
    m = await meetingForEdit(await getDb(), viewer, id);
  } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.status === 403)) notFound();
    throw e;
  }
  const t = await getTranslations("meetingsUi.edit");
  return (
    <>
      <TopBar title={t("heading")} backHref={`/meetings/${id}`} backLabel={t("back")} />
      <PageBody className="pb-0">
        <MeetingEditForm
          layout="mobile"
          save={saveMeetingEdit}
          meeting={{ ...m, startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), ended: m.endsAt <= new Date() }}
        />
      </PageBody>
    </>
  );
}
