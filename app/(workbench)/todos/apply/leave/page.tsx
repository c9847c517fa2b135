// 请假申请: leave type and dates; the approval path shown before submit (leader, and HR from 3 days).
// Server component; the form is the only client code (no zod in the browser).
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { LEAVE_TYPES } from "@/lib/approvals/flows/schemas";
import { getDb } from "@/db/client";
import { previewApplication } from "@/lib/approvals/flows/http";
import { requireViewer } from "@/lib/auth/session";
import { businessDate } from "@/lib/time";
import { ApplyForm } from "../apply-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("approvalFlows");
  return { title: t("leaveTitle") };
}

export default async function ApplyLeavePage() {
  const viewer = await requireViewer();
  const today = businessDate(new Date());
  const initialPreview = await previewApplication(await getDb(), viewer, { kind: "leave", leave_type: LEAVE_TYPES[0], start_date: today, end_date: today });
  const t = await getTranslations("approvalFlows");
  const tt = await getTranslations("todos");
  return (
    <>
      <TopBar title={t("leaveTitle")} backHref="/todos" backLabel={tt("title")} />
      <PageBody>
        <ClientIntl namespaces={["approvalApply"]}>
          <ApplyForm kind="leave" leaveTypes={LEAVE_TYPES} today={today} initialPreview={initialPreview} />
        </ClientIntl>
      </PageBody>
    </>
  );
}
