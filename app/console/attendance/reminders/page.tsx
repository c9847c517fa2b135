// 打卡提醒: HR/admin set each attendance group's chat reminders (punch-in after N minutes, punch-out, next-morning
// missing punches, the period summary, quiet hours). Managers get the forbidden card. Delivery is on Notifications.
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { GroupRemindersForm } from "@/components/attendance-reminders/group-reminders-form";
import { ForbiddenCard } from "@/components/meetings-ui/forbidden-card";
import { ClientIntl } from "@/components/shell/client-intl";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { getDb } from "@/db/client";
import { groupReminders } from "@/lib/attendance/reminder-settings";
import { requireViewer } from "@/lib/auth/session";
import { canSeeEveryone } from "@/lib/auth/viewer";
import { consoleScope } from "@/lib/ui/console-access";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  return { title: (await getTranslations("attendanceReminders"))("heading") };
}

export default async function AttendanceRemindersPage() {
  const viewer = await requireViewer();
  // No console: the layout redirects (notice=console_forbidden); render nothing rather than race it with a 403.
  if (!consoleScope(viewer)) return null;
  const t = await getTranslations("attendanceReminders");
  const groups = canSeeEveryone(viewer) ? await groupReminders(await getDb(), viewer) : [];
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold text-slate-900" data-testid="reminders-heading">
          {t("heading")}
        </h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">{t("subheading")}</p>
        <Link href="/console/notifications" className="mt-2 inline-block text-sm text-brand-600 underline">
          {t("notifications")}
        </Link>
      </div>
      {!canSeeEveryone(viewer) ? (
        <ForbiddenCard body={t("forbidden")} />
      ) : groups.length === 0 ? (
        <EmptyState title={t("emptyTitle")} description={t("emptyBody")} />
      ) : (
        <ClientIntl namespaces={["attendanceReminders"]}>
          <div className="grid gap-4 xl:grid-cols-2">
            {groups.map((g) => (
              <Card key={g.id} data-testid={`reminders-group-${g.id}`}>
                <CardHeader>
                  <CardTitle>{g.name}</CardTitle>
                </CardHeader>
                <CardContent>
                  <GroupRemindersForm groupId={g.id} initial={g.settings} />
                </CardContent>
              </Card>
            ))}
          </div>
        </ClientIntl>
      )}
    </div>
  );
}
