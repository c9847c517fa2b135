// 导出模板 (issue 14 item 3, Exports): HR/admin keep named column templates for the monthly sheet and the detail
// export, reached from the sheet page. Managers (who have the console) get the forbidden card.
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { TemplateManager } from "@/components/attendance-export-templates/template-manager";
import { ForbiddenCard } from "@/components/meetings-ui/forbidden-card";
import { ClientIntl } from "@/components/shell/client-intl";
import { getDb } from "@/db/client";
import { listExportTemplates } from "@/lib/attendance/export-templates";
import { exportColumnCatalogue } from "@/lib/attendance/sheet-export";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceExportTemplates"))("heading") };
}

export default async function ExportTemplatesPage() {
  const viewer = await requireViewer();
  // No console: the layout redirects (notice=console_forbidden); render nothing rather than race it with a 403.
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceExportTemplates");
  const heading = (
    <div>
      <h1 className="text-2xl font-semibold text-slate-900" data-testid="templates-heading">
        {t("heading")}
      </h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subheading")}</p>
      <Link href="/console/attendance/sheet" className="mt-2 inline-block text-sm text-brand-600 underline">
        {t("back")}
      </Link>
    </div>
  );
  if (!canSeeEveryone(viewer)) {
    return (
      <div className="space-y-6">
        {heading}
        <ForbiddenCard body={t("forbidden")} />
      </div>
    );
  }
  const locale = (await getLocale()) === "en" ? "en" : "zh-CN";
  const [templates, catalogue] = await Promise.all([listExportTemplates(await getDb(), viewer), exportColumnCatalogue(locale)]);
  return (
    <div className="space-y-6">
      {heading}
      <ClientIntl namespaces={["attendanceExportTemplates"]}>
        <TemplateManager initial={templates} catalogue={catalogue} />
      </ClientIntl>
    </div>
  );
}
