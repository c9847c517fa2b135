// 待办 (approval to-dos): approvals arrive in a later release. An honest empty state, no sample items.
import { getTranslations } from "next-intl/server";
import { ListTodo } from "lucide-react";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireViewer } from "@/lib/auth/session";

export async function generateMetadata() {
  const t = await getTranslations("todos");
  return { title: t("title") };
}

export default async function TodosPage() {
  await requireViewer();
  const t = await getTranslations("todos");
  const tc = await getTranslations("common");
  return (
    <>
      <TopBar title={t("title")} />
      <PageBody>
        <Card>
          <EmptyState
            icon={<ListTodo />}
            title={
              <span className="flex flex-col items-center gap-2">
                <Badge tone="brand">{tc("comingLater")}</Badge>
                {t("laterTitle")}
              </span>
            }
            description={t("laterHint")}
          />
        </Card>
      </PageBody>
    </>
  );
}
