// Shown (status 200, data-testid="forbidden") when a console viewer opens an HR/admin-only meetings page.
import { getTranslations } from "next-intl/server";
import { ShieldX } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export async function ForbiddenCard({ body }: { body: string }) {
  const t = await getTranslations("meetingsUi");
  return (
    <Card data-testid="forbidden">
      <EmptyState icon={<ShieldX />} title={t("forbiddenTitle")} description={body} />
    </Card>
  );
}
