// 加班申请: date, start and end (a night overtime may end the next morning), 调休 or 加班费; the approval path shown
// before submit (the leader, and HR from 4 hours by default). Server component; the form is the only client code.
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { requireViewer } from "@/lib/auth/session";
import { businessDate } from "@/lib/time";
import { OvertimeForm } from "../overtime-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("approvalFlows");
  return { title: t("overtimeTitle") };
}

export default async function ApplyOvertimePage() {
  await requireViewer();
  const t = await getTranslations("approvalFlows");
  const tt = await getTranslations("todos");
  return (
    <>
      <TopBar title={t("overtimeTitle")} backHref="/todos" backLabel={tt("title")} />
      <PageBody>
        <ClientIntl namespaces={["approvalApply", "approvalOvertime"]}>
          <OvertimeForm today={businessDate(new Date())} />
        </ClientIntl>
      </PageBody>
    </>
  );
}
