// 考勤日报 while the server reads the day: the page's frame with placeholder counts and rows.
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default async function Loading() {
  const t = await getTranslations("attendanceDaily");
  return (
    <div className="space-y-5" data-testid="daily-loading" aria-busy="true">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900">{t("heading")}</h1>
        <p className="mt-1 text-sm text-slate-500">{t("loadingLabel")}</p>
      </div>
      <div className="grid grid-cols-3 gap-3 md:grid-cols-5 xl:grid-cols-10">
        {Array.from({ length: 10 }, (_, i) => (
          <Skeleton key={i} className="h-16 w-full" />
        ))}
      </div>
      <Card className="space-y-2 p-5">
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="h-7 w-full" />
        ))}
      </Card>
    </div>
  );
}
