// 考勤趋势 while the server aggregates the months: the page's frame with placeholder charts.
import { getTranslations } from "next-intl/server";
import { Skeleton } from "@/components/ui/skeleton";

export default async function Loading() {
  const t = await getTranslations("attendanceDaily.trends");
  return (
    <div className="space-y-5" data-testid="trends-loading" aria-busy="true">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">{t("heading")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("loadingLabel")}</p>
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <Skeleton className="h-72 w-full" />
        <Skeleton className="h-72 w-full" />
      </div>
      <Skeleton className="h-48 w-full" />
    </div>
  );
}
