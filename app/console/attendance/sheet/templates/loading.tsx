// 导出模板 while the server reads the templates: the page's frame with placeholder rows.
import { getTranslations } from "next-intl/server";
import { ReportLoading, SkeletonRows } from "@/components/console/report-frame";

export default async function Loading() {
  const t = await getTranslations("attendanceExportTemplates");
  return (
    <ReportLoading title={t("heading")} label={t("loading")} testId="templates-loading">
      <SkeletonRows rows={4} />
    </ReportLoading>
  );
}
