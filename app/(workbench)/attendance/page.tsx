// 考勤 (attendance): rules, shifts and punches arrive in a later release. Say so; show no invented data.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarClock } from "lucide-react";
import { PageBody, TopBar } from "@/components/shell/top-bar";
import { buttonVariants } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { requireViewer } from "@/lib/auth/session";

export async function generateMetadata() {
  const t = await getTranslations("attendance");
  return { title: t("title") };
}

export default async function AttendancePage() {
  await requireViewer();
  const t = await getTranslations("attendance");
  const tc = await getTranslations("common");
  return (
    <>
      <TopBar title={t("title")} />
      <PageBody>
        <Card>
          <EmptyState
            icon={<CalendarClock />}
            title={
              <span className="flex flex-col items-center gap-2">
                <Badge tone="brand">{tc("comingLater")}</Badge>
                {t("laterTitle")}
              </span>
            }
            description={t("laterHint")}
            action={
              <Link href="/meetings" className={buttonVariants({ variant: "secondary" })}>
                {t("toMeetings")}
              </Link>
            }
          />
        </Card>
      </PageBody>
    </>
  );
}
