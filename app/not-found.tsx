import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { FileQuestion } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export async function generateMetadata() {
  const t = await getTranslations("common");
  return { title: t("notFoundTitle") };
}

export default async function NotFound() {
  const t = await getTranslations("common");
  return (
    <div className="flex min-h-dvh items-center justify-center px-4">
      <EmptyState
        icon={<FileQuestion />}
        title={<span className="text-lg">{t("notFoundTitle")}</span>}
        description={t("notFoundHint")}
        action={
          <Link href="/" className={buttonVariants()}>
            {t("backHome")}
          </Link>
        }
      />
    </div>
  );
}
