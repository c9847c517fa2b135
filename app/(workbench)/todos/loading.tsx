// While the 待办 tab renders on the server: the segments and a few placeholder rows, with the wait said in words.
import { getTranslations } from "next-intl/server";
import { PageBody } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default async function TodosLoading() {
  const t = await getTranslations("todoList");
  return (
    <PageBody>
      <div className="h-12" aria-hidden />
      <div className="space-y-2" data-testid="todos-loading" aria-busy>
        <p className="px-1 text-[13px] text-slate-500">{t("loading")}</p>
        <Skeleton className="h-12 w-full" />
        {Array.from({ length: 4 }, (_, i) => (
          <Card key={i} className="flex items-center gap-3 p-4">
            <Skeleton className="size-10 rounded-xl" />
            <div className="flex-1 space-y-2">
              <Skeleton className="h-4 w-3/4" />
              <Skeleton className="h-3 w-1/2" />
            </div>
          </Card>
        ))}
      </div>
    </PageBody>
  );
}
