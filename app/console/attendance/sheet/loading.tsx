// 考勤月报 while the server reads the month: the page's frame with placeholder rows.
import { getTranslations } from "next-intl/server";
import { ReportLoading, SkeletonRows } from "@/components/console/report-frame";

export default async function Loading() {
  const t = await getTranslations("attendanceSheet");
  return (
    <ReportLoading title={t("heading")} label={t("loadingLabel")} testId="sheet-loading">
      <SkeletonRows rows={8} />
    </ReportLoading>
  );
}
