// 审批管理 while the server reads: the page's frame with placeholder rows.
import { getTranslations } from "next-intl/server";
import { ReportLoading, SkeletonRows } from "@/components/console/report-frame";

export default async function Loading() {
  const t = await getTranslations("approvalsConsole");
  return (
    <ReportLoading title={t("heading")} label={t("loadingLabel")} testId="approvals-loading">
      <SkeletonRows rows={10} />
    </ReportLoading>
  );
}
