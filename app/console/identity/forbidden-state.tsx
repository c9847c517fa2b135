// Shown (status 200, data-testid="forbidden") when a signed-in viewer opens an HR/admin page they may not read.
import { getTranslations } from "next-intl/server";
import { ShieldX } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

/** `audience`: who the page is for, so the message is true ("admin" pages are refused to HR too). */
export async function ForbiddenState({ audience = "hr" }: { audience?: "hr" | "admin" }) {
  const t = await getTranslations("forbidden");
  return (
    <Card data-testid="forbidden">
      <EmptyState icon={<ShieldX />} title={t("title")} description={audience === "admin" ? t("adminBody") : t("body")} />
    </Card>
  );
}
