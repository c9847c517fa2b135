// Not found inside the console: answered 404 and shown in the console's frame (side navigation and header stay),
// for a meeting or person that does not exist or is out of the viewer's scope, and for an unknown console URL.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FileQuestion } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export default async function ConsoleNotFound() {
  const t = await getTranslations("common");
  return (
    <Card className="py-16" data-testid="not-found">
      <EmptyState
        icon={<FileQuestion />}
        title={<span className="text-lg">{t("notFoundTitle")}</span>}
        description={t("notFoundHint")}
        action={
          <Link href="/console" className={buttonVariants()}>
            {t("backToConsole")}
          </Link>
        }
      />
    </Card>
  );
}
