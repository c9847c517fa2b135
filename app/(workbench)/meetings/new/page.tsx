// 新建会议 (workbench): the organiser's form.
import { getTranslations } from "next-intl/server";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { getDb } from "@/db/client";
import { requireViewer } from "@/lib/auth/session";
import { departmentOptions } from "@/lib/meetings/queries";
import { MeetingForm } from "../_components/meeting-form";

export const dynamic = "force-dynamic";

export default async function NewMeetingPage() {
  await requireViewer();
  const t = await getTranslations("meetings");
  const depts = await departmentOptions(await getDb());
  return (
    <>
      <TopBar title={t("new")} backHref="/meetings" backLabel={t("title")} />
      <PageBody>
        <MeetingForm departments={depts} />
      </PageBody>
    </>
  );
}
