// 打卡记录导入 (issue 13 item 1 "Files"): HR uploads a DingTalk or WeCom punch-record export, sees the rows as parsed,
// the people matched and the dry-run diff, then confirms. HR/admin only; managers get the forbidden card.
import { getTranslations } from "next-intl/server";
import { PunchImport } from "@/components/attendance-import/punch-import";
import { ForbiddenCard } from "@/components/meetings-ui/forbidden-card";
import { ClientIntl } from "@/components/shell/client-intl";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceImport"))("heading") };
}

export default async function AttendanceImportPage() {
  const viewer = await requireViewer();
  // No console: the layout redirects (notice=console_forbidden); render nothing rather than race it with a 403.
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceImport");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900" data-testid="import-heading">
          {t("heading")}
        </h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subheading")}</p>
      </div>
      {canSeeEveryone(viewer) ? (
        <ClientIntl namespaces={["attendanceImport", "common"]}>
          <PunchImport />
        </ClientIntl>
      ) : (
        <ForbiddenCard body={t("forbidden")} />
      )}
    </div>
  );
}
