// 考勤趋势 while the server aggregates the months: the page's frame with placeholder charts.
import { getTranslations } from "next-intl/server";
import { ReportLoading } from "@/components/console/report-frame";
import { Skeleton } from "@/components/ui/skeleton";

export default async function Loading() {
  const t = await getTranslations("attendanceDaily.trends");
  return (
    <ReportLoading title={t("heading")} label={t("loadingLabel")} testId="trends-loading">
      <div className="grid gap-4 xl:grid-cols-2">
        <Skeleton className="h-72 w-full" />
        <Skeleton className="h-72 w-full" />
      </div>
      <Skeleton className="h-48 w-full" />
    </ReportLoading>
  );
}
