// 补卡申请: date and time of the missing punch; the path and the corrections left this payroll period shown first.
// Server component; the form is the only client code (no zod in the browser).
import { getTranslations } from "next-intl/server";
import { ClientIntl } from "@/components/shell/client-intl";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { getDb } from "@/db/client";
import { previewApplication } from "@/lib/approvals/flows/http";
import { requireViewer } from "@/lib/auth/session";
import { businessDate } from "@/lib/time";
import { ApplyForm } from "../apply-form";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("approvalFlows");
  return { title: t("correctionTitle") };
}

export default async function ApplyCorrectionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireViewer();
  // ?date=yyyy-MM-dd: opened from a day of the 考勤 calendar (a past or today's date; anything else is ignored).
  const today = businessDate(new Date());
  const asked = (await searchParams).date;
  const initialDate = typeof asked === "string" && /^\d{4}-\d{2}-\d{2}$/.test(asked) && new Date(`${asked}T00:00:00Z`).toISOString().startsWith(asked) && asked <= today ? asked : undefined;
  const initialPreview = await previewApplication(await getDb(), viewer, { kind: "correction" });
  const t = await getTranslations("approvalFlows");
  const tt = await getTranslations("todos");
  return (
    <>
      <TopBar title={t("correctionTitle")} backHref="/todos" backLabel={tt("title")} />
      <PageBody>
        <ClientIntl namespaces={["approvalApply"]}>
          <ApplyForm kind="correction" today={today} initialDate={initialDate} initialPreview={initialPreview} />
        </ClientIntl>
      </PageBody>
    </>
  );
}
