// 补卡申请: date and time of the missing punch; the path and the corrections left this payroll period shown first.
// Server component; the form is the only client code (no zod in the browser).
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { requireViewer } from "@/lib/auth/session";
import { businessDate } from "@/lib/time";
import { ApplyForm } from "../apply-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("approvalFlows");
  return { title: t("correctionTitle") };
}

export default async function ApplyCorrectionPage() {
  await requireViewer();
  const t = await getTranslations("approvalFlows");
  const tt = await getTranslations("todos");
  return (
    <>
      <TopBar title={t("correctionTitle")} backHref="/todos" backLabel={tt("title")} />
      <PageBody>
        <ClientIntl namespaces={["approvalApply"]}>
          <ApplyForm kind="correction" today={businessDate(new Date())} />
        </ClientIntl>
      </PageBody>
    </>
  );
}
