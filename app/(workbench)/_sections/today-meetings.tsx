// Today's meetings on the workbench home. Placeholder until the meetings work takes this file over:
// an honest empty state, no invented meetings.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CalendarCheck, ChevronRight } from "lucide-react";
import { SectionHeader } from "@/components/shell/top-bar";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { Viewer } from "@/lib/auth/viewer";

export async function TodayMeetings(_props: { viewer: Viewer }) {
  const t = await getTranslations("home");
  return (
    <section aria-labelledby="today-meetings" className="space-y-2" data-testid="today-meetings">
      <SectionHeader
        title={<span id="today-meetings">{t("todayMeetings")}</span>}
        action={
          <Link href="/meetings" className="-mr-2 flex h-11 items-center gap-0.5 px-2 text-[13px] text-slate-500 active:text-slate-700">
            {t("allMeetings")}
            <ChevronRight className="size-4" />
          </Link>
        }
      />
      <Card>
        <EmptyState icon={<CalendarCheck />} title={t("noMeetingsTitle")} description={t("noMeetingsHint")} />
      </Card>
    </section>
  );
}
