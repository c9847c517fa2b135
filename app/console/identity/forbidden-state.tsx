// Shown (status 200, data-testid="forbidden") when a signed-in viewer opens an HR/admin page they may not read.
import { getTranslations } from "next-intl/server";
import { ShieldX } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export async function ForbiddenState() {
  const t = await getTranslations("forbidden");
  return (
    <Card data-testid="forbidden">
      <EmptyState icon={<ShieldX />} title={t("title")} description={t("body")} />
    </Card>
  );
}
