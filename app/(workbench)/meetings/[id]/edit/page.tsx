// Mobile: edit a meeting (organiser or HR). Saving recomputes statuses and reports how many records changed.
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { MeetingEditForm } from "@/components/meetings-ui/meeting-edit-form";
import { loadMeetingForEditPage } from "@/app/console/meetings/[id]/edit/load";
import { saveMeetingEdit } from "@/app/console/meetings/[id]/edit/actions";

export const dynamic = "force-dynamic";

export default async function MeetingEditPage({ params }: { params: Promise<{ id: string }> }) {
  const { id, meeting } = await loadMeetingForEditPage(params);
  const t = await getTranslations("meetingsUi.edit");
  return (
    <>
      <TopBar title={t("heading")} backHref={`/meetings/${id}`} backLabel={t("back")} />
      <PageBody className="pb-0">
        <ClientIntl namespaces={["meetingsUi", "meetings"]}>
          <MeetingEditForm layout="mobile" save={saveMeetingEdit} meeting={meeting} />
        </ClientIntl>
      </PageBody>
    </>
  );
}
