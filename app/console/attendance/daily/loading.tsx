// 考勤日报 while the server reads the day: the page's frame with placeholder counts and rows.
import { getTranslations } from "next-intl/server";
import { ReportLoading, SkeletonRows } from "@/components/console/report-frame";
import { Skeleton } from "@/components/ui/skeleton";

export default async function Loading() {
  const t = await getTranslations("attendanceDaily");
  return (
    <ReportLoading title={t("heading")} label={t("loadingLabel")} testId="daily-loading">
      <div className="grid grid-cols-3 gap-3 md:grid-cols-5 xl:grid-cols-10">
        {Array.from({ length: 10 }, (_, i) => (
          <Skeleton key={i} className="h-16 w-full" />
        ))}
      </div>
      <SkeletonRows rows={8} />
    </ReportLoading>
  );
}
