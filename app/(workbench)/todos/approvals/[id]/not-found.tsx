// An approval item that does not exist or is not the viewer's to see (one answer for both: no probing).
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FileQuestion } from "lucide-react";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default async function ApprovalNotFound() {
  const t = await getTranslations("approvals");
  return (
    <>
      <TopBar title={t("title")} backHref="/todos" backLabel={t("backToTodos")} />
      <PageBody>
        <Card>
          <EmptyState
            icon={<FileQuestion />}
            title={t("notFoundTitle")}
            description={t("notFoundHint")}
            data-testid="approval-not-found"
            action={
              <Link href="/todos" className={buttonVariants({ variant: "outline" })}>
                {t("backToTodos")}
              </Link>
            }
          />
        </Card>
      </PageBody>
    </>
  );
}
