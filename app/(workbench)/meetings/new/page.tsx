// 新建会议 (workbench): the organiser's form.
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { requireViewer } from "@/lib/auth/session";
import { MeetingForm } from "../_components/meeting-form";

export const dynamic = "force-dynamic";

export default async function NewMeetingPage() {
  await requireViewer();
  const t = await getTranslations("meetings");
  return (
    <>
      <TopBar title={t("new")} backHref="/meetings" backLabel={t("title")} />
      <PageBody>
        <ClientIntl namespaces={["meetings"]}>
          <MeetingForm />
        </ClientIntl>
      </PageBody>
    </>
  );
}
